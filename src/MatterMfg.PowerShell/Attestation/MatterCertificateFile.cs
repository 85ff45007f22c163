using System;
using System.Security.Cryptography.X509Certificates;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>
/// A certificate New-MatterDac or New-MatterPai issued, and the files written. Never the private key itself: only the
/// paths of the (owner-only) files holding it. The property names bind to Test-MatterAttestationChain.
/// </summary>
public sealed class MatterCertificateFile
{
    /// <summary>DAC or PAI.</summary>
    public string Role { get; set; } = "";

    public string? CommonName { get; set; }

    public int? VendorId { get; set; }

    public int? ProductId { get; set; }

    /// <summary>Serial number, upper-case hex.</summary>
    public string SerialNumber { get; set; } = "";

    public DateTime NotBefore { get; set; }

    public DateTime NotAfter { get; set; }

    /// <summary>True when the end was cut to the issuer's end.</summary>
    public bool ValidityClamped { get; set; }

    /// <summary>True when issued under the public Matter test PKI: never for production.</summary>
    public bool IsTestOnly { get; set; }

    /// <summary>SHA-256 of the DER certificate, upper-case hex.</summary>
    public string Sha256Fingerprint { get; set; } = "";

    public X509Certificate2? Certificate { get; set; }

    /// <summary>The folder holding the files.</summary>
    public string Folder { get; set; } = "";

    /// <summary>The DER certificate (DAC_cert.der or pai_cert.der).</summary>
    public string CertificatePath { get; set; } = "";

    public string CertificatePemPath { get; set; } = "";

    /// <summary>The PKCS#8 PEM key (DAC_key.pem or pai_key.pem).</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>DAC_key.der (SEC1), DACs only.</summary>
    public string? KeyDerPath { get; set; }

    /// <summary>DAC_private_key.bin (32-byte scalar), DACs only.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>DAC_public_key.bin (65 bytes), DACs only.</summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>For a DAC: the issuing PAI certificate file (null for the built-in test PAI).</summary>
    public string? PaiCertificatePath { get; set; }
}
