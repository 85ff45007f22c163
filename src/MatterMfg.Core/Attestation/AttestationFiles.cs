using System.Collections.Generic;
using System.IO;
using MatterMfg.Diagnostics;
using MatterMfg.IO;

namespace MatterMfg.Attestation;

/// <summary>Where <see cref="AttestationFiles"/> wrote a certificate and its key.</summary>
public sealed class CertificateFilePaths
{
    public string CertificateDer { get; internal set; } = "";

    public string CertificatePem { get; internal set; } = "";

    /// <summary>PKCS#8 PEM.</summary>
    public string KeyPem { get; internal set; } = "";

    /// <summary>SEC1 ECPrivateKey DER (DACs only).</summary>
    public string? KeyDer { get; internal set; }

    /// <summary>The 32-byte private scalar (DACs only).</summary>
    public string? PrivateKeyBin { get; internal set; }

    /// <summary>The 65-byte public point (DACs only).</summary>
    public string? PublicKeyBin { get; internal set; }
}

/// <summary>
/// Writes issued certificates with the file names esp-matter-mfg-tool uses (DAC_cert.der/.pem, DAC_key.der/.pem,
/// DAC_private_key.bin, DAC_public_key.bin; pai_cert.der/.pem, pai_key.pem). Every file is written atomically; files
/// holding a private key are created readable by their owner only (mode 0600) on Linux and macOS. Existing files are
/// kept unless <c>overwrite</c> is set, and then nothing is written.
/// </summary>
public static class AttestationFiles
{
    public static CertificateFilePaths WriteDac(string folder, IssuedDac dac, bool overwrite)
    {
        var p = new CertificateFilePaths
        {
            CertificateDer = Path.Combine(folder, "DAC_cert.der"),
            CertificatePem = Path.Combine(folder, "DAC_cert.pem"),
            KeyDer = Path.Combine(folder, "DAC_key.der"),
            KeyPem = Path.Combine(folder, "DAC_key.pem"),
            PrivateKeyBin = Path.Combine(folder, "DAC_private_key.bin"),
            PublicKeyBin = Path.Combine(folder, "DAC_public_key.bin"),
        };
        Refuse(overwrite, p.CertificateDer, p.CertificatePem, p.KeyDer, p.KeyPem, p.PrivateKeyBin, p.PublicKeyBin);
        AtomicFile.WriteAllBytes(p.CertificateDer, dac.CertificateDer);
        AtomicFile.WriteAllText(p.CertificatePem, dac.CertificatePem);
        AtomicFile.WriteAllBytes(p.KeyDer, dac.Key.ToSec1Der(), secret: true);
        AtomicFile.WriteAllText(p.KeyPem, dac.Key.ToPkcs8Pem(), secret: true);
        AtomicFile.WriteAllBytes(p.PrivateKeyBin, dac.Key.ExportScalar(), secret: true);
        AtomicFile.WriteAllBytes(p.PublicKeyBin, dac.Key.PublicKey);
        return p;
    }

    public static CertificateFilePaths WritePai(string folder, IssuedCertificate pai, bool overwrite)
    {
        var p = new CertificateFilePaths
        {
            CertificateDer = Path.Combine(folder, "pai_cert.der"),
            CertificatePem = Path.Combine(folder, "pai_cert.pem"),
            KeyPem = Path.Combine(folder, "pai_key.pem"),
        };
        Refuse(overwrite, p.CertificateDer, p.CertificatePem, p.KeyPem);
        AtomicFile.WriteAllBytes(p.CertificateDer, pai.Certificate.Der);
        AtomicFile.WriteAllText(p.CertificatePem, pai.Certificate.ToPem());
        AtomicFile.WriteAllText(p.KeyPem, pai.Key.ToPkcs8Pem(), secret: true);
        return p;
    }

    private static void Refuse(bool overwrite, params string?[] paths)
    {
        if (overwrite)
        {
            return;
        }
        var existing = new List<string>();
        foreach (string? path in paths)
        {
            if (path != null && File.Exists(path))
            {
                existing.Add(path);
            }
        }
        if (existing.Count > 0)
        {
            throw new MfgException(ErrorIds.AttestationOutputExists, MfgErrorKind.InvalidOperation,
                $"'{existing[0]}' already exists{(existing.Count > 1 ? $" (and {existing.Count - 1} more)" : "")}: a key is never overwritten silently. Choose another folder or use -Force.", existing[0]);
        }
    }
}
