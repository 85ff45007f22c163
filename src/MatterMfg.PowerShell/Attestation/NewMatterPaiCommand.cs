using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.PowerShell.Infrastructure;
using MatterMfg.SigningKeys;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>Issues a product attestation intermediate (PAI) and its P-256 key under a PAA.</summary>
/// <remarks>
/// <para>For factories that hold a PAA: the PAI gets subject CN, the Matter VID and, when -ProductId is given, the PID;
/// critical basicConstraints CA:TRUE pathlen 0; critical keyUsage digitalSignature, keyCertSign and cRLSign; subject and
/// authority key identifiers; ecdsa-with-SHA256; a random 20-byte serial. The PAA is checked first: it must follow the
/// PAA profile, the key must be its own, and its VID (when it carries one) must be -VendorId.</para>
/// <para>Validity: from -ValidFrom (default now) for -Lifetime days, to 9999-12-31 with -NoExpiration, or by default until
/// the PAA ends; an end past the PAA's is cut to it, with a warning.</para>
/// <para>Writes pai_cert.der, pai_cert.pem and pai_key.pem (PKCS#8, owner-only on Linux and macOS) into -OutputPath, as
/// esp-matter-mfg-tool's staging folder holds them. Existing files are kept unless -Force.</para>
/// <para>-TestAttestation issues under the built-in public Matter test PAA (VID 0xFFF1): test-only, with a warning.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterPai -PaaCertificate .\paa.pem -PaaKey .\paa-key.pem -VendorId 0xFFF2 -ProductId 0x8001 -CommonName 'ACME PAI 01' -Lifetime 3650 -OutputPath .\pai</code>
/// <para>A 10-year PAI for FFF2/8001 under the factory's PAA.</para>
/// </example>
/// <example>
/// <code>PS> $pai = New-MatterPai -TestAttestation -ProductId 0x8005 -OutputPath .\test-pai
/// PS> New-MatterDac -PaiCertificate $pai.CertificatePath -PaiKey $pai.KeyPath -OutputPath .\dacs</code>
/// <para>A test PAI for PID 0x8005 under the test PAA, then a DAC under it.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterPai", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetPaa)]
[OutputType(typeof(MatterCertificateFile))]
public sealed class NewMatterPaiCommand : MatterMfgCmdlet
{
    public const string ParameterSetPaa = "Paa";
    public const string ParameterSetTest = "TestAttestation";

    /// <summary>The PAA certificate (PEM or DER), or a PFX holding the PAA and its key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPaa)]
    public string PaaCertificate { get; set; } = "";

    /// <summary>
    /// The PAA private key (not needed with a PFX): a key file, a <c>pkcs11:</c> URI naming a key on a PKCS#11 token
    /// (HSM), or <c>cert:\LocalMachine\My\&lt;thumbprint&gt;</c> (Windows certificate store, CNG).
    /// </summary>
    [Parameter(ParameterSetName = ParameterSetPaa)]
    public string? PaaKey { get; set; }

    /// <summary>Password of an encrypted key or PFX; for a <c>pkcs11:</c> key, the token's user PIN (alias -PaaKeyPin).</summary>
    [Parameter(ParameterSetName = ParameterSetPaa)]
    [Alias("PaaKeyPin")]
    public SecureString? PaaKeyPassword { get; set; }

    /// <summary>Issue under the built-in public Matter test PAA (VID 0xFFF1). Never for production.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetTest)]
    public SwitchParameter TestAttestation { get; set; }

    /// <summary>Vendor id (default: the PAA's; 0xFFF1 with -TestAttestation).</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Vid")]
    public int VendorId { get; set; } = -1;

    /// <summary>Product id; without it the PAI may issue DACs for any product of the vendor.</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Pid")]
    public int ProductId { get; set; } = -1;

    /// <summary>The PAI subject CN (default: 'Matter PAI' plus the VID, and the PID when given).</summary>
    [Parameter]
    public string? CommonName { get; set; }

    /// <summary>Start of validity (default: now).</summary>
    [Parameter]
    public DateTime? ValidFrom { get; set; }

    /// <summary>Validity in days from -ValidFrom (default: until the PAA ends).</summary>
    [Parameter]
    [IntegerTransformation(1, int.MaxValue)]
    public int Lifetime { get; set; }

    /// <summary>Valid until 9999-12-31 23:59:59Z.</summary>
    [Parameter]
    public SwitchParameter NoExpiration { get; set; }

    /// <summary>The folder for pai_cert.der, pai_cert.pem and pai_key.pem.</summary>
    [Parameter(Mandatory = true)]
    public string OutputPath { get; set; } = "";

    /// <summary>Replace existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessingCore()
    {
        try
        {
            MatterCertificate paa;
            ISigningKey paaKey;
            if (TestAttestation)
            {
                WriteWarning(MatterTestPki.Warning);
                (paa, paaKey) = (MatterTestPki.Paa, MatterTestPki.PaaKey());
            }
            else
            {
                (paa, paaKey) = CredentialInput.OpenPair(ResolvePath(PaaCertificate), PaaKey == null ? null : ResolveKeyPath(PaaKey), PaaKeyPassword, "PAA", CurrentDirectory);
            }
            try
            {
                IssuePai(paa, paaKey);
            }
            finally
            {
                (paaKey as IDisposable)?.Dispose();
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }

    private void IssuePai(MatterCertificate paa, ISigningKey paaKey)
    {
        ushort vid = VendorId >= 0 ? (ushort)VendorId
            : paa.Subject.VendorId ?? throw IssuerIdErrors.VendorIdRequired("PAA");
        ushort? pid = ProductId >= 0 ? (ushort)ProductId : null;
        string cn = CommonName ?? $"Matter PAI {DnAttributes.Format(vid)}" + (pid != null ? " " + DnAttributes.Format(pid.Value) : "");
        var validity = CertificateValidity.Resolve(ValidFrom?.ToUniversalTime(), Lifetime > 0 ? Lifetime : null, NoExpiration, paa, ValidityLimit.Clamp, "PAI");
        if (validity.Clamped)
        {
            WriteWarning(validity.ClampNote!);
        }
        string folder = ResolvePath(OutputPath);
        if (!ShouldProcess(folder, $"Issue PAI '{cn}'"))
        {
            return;
        }
        var pai = PaiIssuer.Issue(paa, paaKey, vid, pid, cn, validity, SigningKeySource.Describe(PaaKey ?? PaaCertificate));
        var paths = AttestationFiles.WritePai(folder, pai, Force);
        var c = pai.Certificate;
        WriteObject(new MatterCertificateFile
        {
            Role = "PAI", CommonName = cn, VendorId = vid, ProductId = pid, SerialNumber = c.SerialNumber, NotBefore = c.NotBefore, NotAfter = c.NotAfter,
            ValidityClamped = validity.Clamped, IsTestOnly = MatterTestPki.IsTest(c), Sha256Fingerprint = c.Sha256Fingerprint, Certificate = c.ToX509Certificate2(),
            Folder = folder, CertificatePath = paths.CertificateDer, CertificatePemPath = paths.CertificatePem, KeyPath = paths.KeyPem,
        });
    }
}
