using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.PowerShell.Infrastructure;
using MatterMfg.SigningKeys;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>Issues device attestation certificates (DACs) and their P-256 keys under a PAI, one per input object.</summary>
/// <remarks>
/// <para>Each DAC follows the Matter certificate profile as chip-cert and esp-matter-mfg-tool build it: X.509 v3, a random
/// positive 20-byte serial, ecdsa-with-SHA256, subject CN (the device id, a new UUID by default) plus the Matter VID and PID
/// attributes (four upper-case hex digits), issuer = the PAI subject, critical basicConstraints CA:FALSE and keyUsage
/// digitalSignature, subject and authority key identifiers.</para>
/// <para>The PAI is checked once before any DAC: it must be a valid PAI, the key must be its own (PEM, DER, PKCS#8, SEC1,
/// raw 32-byte scalar, encrypted PKCS#8 with -PaiKeyPassword, or a PFX given as -PaiCertificate), and its VID (and PID,
/// when it has one) must be the device's. -VendorId and -ProductId default to the PAI's.</para>
/// <para>Validity: from -ValidFrom (default now) for -Lifetime days, or to 9999-12-31 with -NoExpiration, or by default
/// until the PAI ends. A start outside the PAI's validity is an error; an end past the PAI's is cut to it, with a warning.</para>
/// <para>The files go to OutputPath/CommonName/ with the reference's names: DAC_cert.der, DAC_cert.pem, DAC_key.der
/// (SEC1), DAC_key.pem (PKCS#8), DAC_private_key.bin (32 bytes), DAC_public_key.bin (65 bytes). Key files are created
/// readable by their owner only on Linux and macOS (on Windows they inherit the folder's ACL); existing files are never
/// overwritten without -Force. The private key is never written to the output: the object carries the certificate and
/// the file paths. A bad input object is reported and the pipeline goes on.</para>
/// <para>-TestAttestation uses the built-in public Matter test PAI (VID 0xFFF1, PID 0x8000): the DACs are marked
/// IsTestOnly and the cmdlet warns once.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterDac -PaiCertificate .\pai.pem -PaiKey .\pai-key.pem -OutputPath .\dacs</code>
/// <para>One DAC for the PAI's VID/PID with a new UUID as common name, in .\dacs\&lt;uuid&gt;\.</para>
/// </example>
/// <example>
/// <code>PS> Import-Csv devices.csv | New-MatterDac -PaiCertificate .\pai.pfx -PaiKeyPassword (Read-Host -AsSecureString) -Lifetime 3650 -OutputPath .\dacs</code>
/// <para>One DAC per row; the rows' CommonName (or DeviceId), VendorId and ProductId columns bind by name.</para>
/// </example>
/// <example>
/// <code>PS> New-MatterDac -TestAttestation -CommonName dev-0001 -OutputPath .\test-dacs | Test-MatterAttestationChain</code>
/// <para>A test DAC under the built-in test PAI, checked against the test PAA.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterDac", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetPai)]
[OutputType(typeof(MatterCertificateFile))]
public sealed class NewMatterDacCommand : MatterMfgCmdlet, IDisposable
{
    public const string ParameterSetPai = "Pai";
    public const string ParameterSetTest = "TestAttestation";

    private readonly Dictionary<(ushort, ushort), DacIssuer> _issuers = new();
    private MatterCertificate? _pai;
    private ISigningKey? _paiKey;
    private string? _paiPath;
    private CertificateValidity? _validity;

    /// <summary>The pipeline object the values came from; the target of errors about it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Vendor id (default: the PAI's; 0xFFF1 with -TestAttestation).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Vid")]
    public int VendorId { get; set; } = -1;

    /// <summary>Product id (default: the PAI's; 0x8000 with -TestAttestation).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Pid")]
    public int ProductId { get; set; } = -1;

    /// <summary>The DAC subject CN and the name of its folder (default: a new UUID).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("DeviceId", "CN")]
    public string? CommonName { get; set; }

    /// <summary>The PAI certificate (PEM or DER), or a PFX holding the PAI and its key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPai)]
    public string PaiCertificate { get; set; } = "";

    /// <summary>
    /// The PAI private key (not needed with a PFX): a key file, a <c>pkcs11:</c> URI naming a key on a PKCS#11 token
    /// (HSM), or <c>cert:\LocalMachine\My\&lt;thumbprint&gt;</c> (Windows certificate store, CNG).
    /// </summary>
    [Parameter(ParameterSetName = ParameterSetPai)]
    public string? PaiKey { get; set; }

    /// <summary>Password of an encrypted key or PFX; for a <c>pkcs11:</c> key, the token's user PIN (alias -PaiKeyPin).</summary>
    [Parameter(ParameterSetName = ParameterSetPai)]
    [Alias("PaiKeyPin")]
    public SecureString? PaiKeyPassword { get; set; }

    /// <summary>Issue under the built-in public Matter test PAI (FFF1/8000). Never for production.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetTest)]
    public SwitchParameter TestAttestation { get; set; }

    /// <summary>Start of validity (default: now). Interpreted as local time unless its Kind is Utc.</summary>
    [Parameter]
    public DateTime? ValidFrom { get; set; }

    /// <summary>Validity in days from -ValidFrom (default: until the PAI ends).</summary>
    [Parameter]
    [IntegerTransformation(1, int.MaxValue)]
    public int Lifetime { get; set; }

    /// <summary>Valid until 9999-12-31 23:59:59Z, the Matter "no well-defined expiration".</summary>
    [Parameter]
    public SwitchParameter NoExpiration { get; set; }

    /// <summary>Folder under which each DAC gets a folder named after its common name (default: the current folder).</summary>
    [Parameter]
    public string OutputPath { get; set; } = ".";

    /// <summary>Replace existing DAC files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessingCore()
    {
        try
        {
            if (TestAttestation)
            {
                WriteWarning(MatterTestPki.Warning);
                _pai = MatterTestPki.Pai;
                _paiKey = MatterTestPki.PaiKey();
            }
            else
            {
                _paiPath = ResolvePath(PaiCertificate);
                (_pai, _paiKey) = CredentialInput.OpenPair(_paiPath, PaiKey == null ? null : ResolveKeyPath(PaiKey), PaiKeyPassword, "PAI", CurrentDirectory);
            }
            _validity = CertificateValidity.Resolve(ValidFrom?.ToUniversalTime(), Lifetime > 0 ? Lifetime : null, NoExpiration, _pai, ValidityLimit.Clamp, "DAC");
            if (_validity.Clamped)
            {
                WriteWarning(_validity.ClampNote!);
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }

    protected override void ProcessRecordCore()
    {
        object target = (object?)InputObject ?? CommonName ?? "DAC";
        try
        {
            // The given id, else the PAI's (the built-in test PAI's with -TestAttestation), else an error.
            var pai = _pai!;
            ushort vid = VendorId >= 0 ? (ushort)VendorId : pai.Subject.VendorId ?? throw IssuerIdErrors.VendorIdRequired("PAI");
            ushort pid = ProductId >= 0 ? (ushort)ProductId : pai.Subject.ProductId ?? throw IssuerIdErrors.ProductIdRequired("PAI");
            string cn = string.IsNullOrEmpty(CommonName) ? Guid.NewGuid().ToString() : CommonName!;
            if (cn.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || cn == "." || cn == "..")
            {
                throw new MfgException(ErrorIds.DacCommonNameNotFileName, MfgErrorKind.InvalidArgument,
                    $"The common name '{cn}' cannot be a folder name (it names the DAC's folder): use letters, digits, '-', '_' or '.'.", "CommonName");
            }
            string folder = Path.Combine(ResolvePath(OutputPath), cn);
            if (!ShouldProcess(folder, $"Issue a DAC for {DnAttributes.Format(vid)}/{DnAttributes.Format(pid)}"))
            {
                return;
            }
            if (!_issuers.TryGetValue((vid, pid), out var issuer))
            {
                issuer = new DacIssuer(pai, _paiKey!, vid, pid, _validity!, SigningKeySource.Describe(PaiKey ?? PaiCertificate));
                _issuers[(vid, pid)] = issuer;
            }
            var dac = issuer.Issue(cn);
            var paths = AttestationFiles.WriteDac(folder, dac, Force);
            var c = dac.Certificate;
            WriteObject(new MatterCertificateFile
            {
                Role = "DAC", CommonName = cn, VendorId = vid, ProductId = pid, SerialNumber = c.SerialNumber,
                NotBefore = c.NotBefore, NotAfter = c.NotAfter, ValidityClamped = _validity!.Clamped, IsTestOnly = issuer.IsTestPki,
                Sha256Fingerprint = c.Sha256Fingerprint, Certificate = c.ToX509Certificate2(), Folder = folder,
                CertificatePath = paths.CertificateDer, CertificatePemPath = paths.CertificatePem, KeyPath = paths.KeyPem,
                KeyDerPath = paths.KeyDer, PrivateKeyPath = paths.PrivateKeyBin, PublicKeyPath = paths.PublicKeyBin, PaiCertificatePath = _paiPath,
            });
        }
        catch (MfgException e)
        {
            WriteItemError(e, target);
        }
    }

    /// <summary>Releases the PAI key (a token's sessions) when the pipeline ends or is stopped.</summary>
    public void Dispose() => (_paiKey as IDisposable)?.Dispose();
}
