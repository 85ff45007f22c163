using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.IO;
using MatterMfg.PowerShell.Infrastructure;
using MatterMfg.Text;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>Creates and signs a certification declaration (CD), as <c>chip-cert gen-cd</c> does, for development and test lines.</summary>
/// <remarks>
/// <para>Real CDs come from the CSA after certification. This makes CDs for development: signed by a CD signing key you
/// give (-SigningCertificate and -SigningKey), or by the public Matter test CD signer (-TestSigner), which commissioners
/// accept only in test mode. The CD is a DER CMS SignedData with no certificates, signed attributes or CRLs; the signer is
/// named by its subject key id, and the signature is ecdsa-with-SHA256 over the TLV payload.</para>
/// <para>The fields are checked as chip-cert checks them: vendor id not 0; 1..100 product ids, none 0; a certificate id of
/// exactly 19 characters; a non-zero version number; certification type 0 (development and test, the default),
/// 1 (provisional) or 2 (official); the DAC origin VID and PID together; up to 10 authorized PAA key ids of 20 bytes.
/// Numbers bind from CSV strings in decimal or 0x hex.</para>
/// <para>Each input object gives one CD; the file is written atomically.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterCertificationDeclaration -TestSigner -VendorId 0xFFF1 -ProductId 0x8000 -DeviceTypeId 0x0016 -CertificateId ZIG20141ZB330001-24 -VersionNumber 0x2694 -OutFile .\CD.der</code>
/// <para>The CD that <c>chip-cert gen-cd</c> makes with the test signing key for FFF1/8000 (the signature differs: ECDSA is randomized).</para>
/// </example>
/// <example>
/// <code>PS> New-MatterCertificationDeclaration -SigningCertificate .\cd-cert.pem -SigningKey .\cd-key.pem -VendorId 0xFFF2 -ProductId 0x8001,0x8002 -DeviceTypeId 0x010D -CertificateId ZIG20141ZB330001-24 -OutFile .\cd.der</code>
/// <para>A CD for two products signed by a development CD key.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterCertificationDeclaration", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetSigner)]
[OutputType(typeof(CertificationDeclaration))]
public sealed class NewMatterCertificationDeclarationCommand : MatterMfgCmdlet
{
    public const string ParameterSetSigner = "Signer";
    public const string ParameterSetTest = "TestSigner";

    private MatterCertificate? _signer;
    private P256Key? _signerKey;

    /// <summary>The pipeline object the values came from; the target of errors about it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The CD signing certificate (PEM or DER), or a PFX holding it and its key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetSigner)]
    public string SigningCertificate { get; set; } = "";

    /// <summary>The CD signing key (not needed with a PFX).</summary>
    [Parameter(ParameterSetName = ParameterSetSigner)]
    public string? SigningKey { get; set; }

    /// <summary>Password of an encrypted key or PFX.</summary>
    [Parameter(ParameterSetName = ParameterSetSigner)]
    public SecureString? SigningKeyPassword { get; set; }

    /// <summary>Sign with the public Matter test CD signing key (test commissioning only).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetTest)]
    public SwitchParameter TestSigner { get; set; }

    /// <summary>Tag 1: vendor id.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(1, 0xFFFF)]
    [Alias("Vid")]
    public int VendorId { get; set; }

    /// <summary>Tag 2: the product ids (1..100).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(1, 0xFFFF)]
    [Alias("Pid", "ProductIds")]
    public int[] ProductId { get; set; } = Array.Empty<int>();

    /// <summary>Tag 3: the device type id, e.g. 0x0016 (root node) or 0x010D (extended color light).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long DeviceTypeId { get; set; }

    /// <summary>Tag 4: certificate id, exactly 19 characters (e.g. ZIG20141ZB330001-24).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string CertificateId { get; set; } = "";

    /// <summary>Tag 5 (default 0).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFF)]
    public int SecurityLevel { get; set; }

    /// <summary>Tag 6 (default 0).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    public int SecurityInformation { get; set; }

    /// <summary>Tag 7: version number, not 0 (default 1).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(1, 0xFFFF)]
    public int VersionNumber { get; set; } = 1;

    /// <summary>Tag 8: 0 development and test (default), 1 provisional, 2 official.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 2)]
    public int CertificationType { get; set; }

    /// <summary>Tag 0: format version (default 1).</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFF)]
    public int FormatVersion { get; set; } = 1;

    /// <summary>Tag 9: the vendor id of the DACs when they are not the product's own (with -DacOriginProductId).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    public int DacOriginVendorId { get; set; } = -1;

    /// <summary>Tag 10: the product id of the DACs' origin.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    public int DacOriginProductId { get; set; } = -1;

    /// <summary>Tag 11: subject key ids (20 bytes: hex text or byte[]) of the PAAs allowed to root the DACs.</summary>
    [Parameter]
    public object[]? AuthorizedPaaKeyId { get; set; }

    /// <summary>The CD file to write.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    public string OutFile { get; set; } = "";

    protected override void BeginProcessingCore()
    {
        try
        {
            if (TestSigner)
            {
                WriteWarning(MatterTestPki.Warning);
                (_signer, _signerKey) = (MatterTestPki.CdSigner, MatterTestPki.CdSignerKey());
            }
            else
            {
                (_signer, _signerKey) = CredentialInput.ReadPair(ResolvePath(SigningCertificate), SigningKey == null ? null : ResolvePath(SigningKey), SigningKeyPassword, "CD signing");
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }

    protected override void ProcessRecordCore()
    {
        object target = (object?)InputObject ?? OutFile;
        try
        {
            var elements = new CertificationElements
            {
                FormatVersion = FormatVersion, VendorId = (ushort)VendorId, ProductIds = ProductId.Select(p => (ushort)p).ToList(),
                DeviceTypeId = (uint)DeviceTypeId, CertificateId = CertificateId, SecurityLevel = (byte)SecurityLevel,
                SecurityInformation = (ushort)SecurityInformation, VersionNumber = (ushort)VersionNumber, CertificationType = (byte)CertificationType,
                DacOriginVendorId = DacOriginVendorId >= 0 ? (ushort)DacOriginVendorId : null,
                DacOriginProductId = DacOriginProductId >= 0 ? (ushort)DacOriginProductId : null,
                AuthorizedPaaKeyIds = (AuthorizedPaaKeyId ?? Array.Empty<object>()).Select(KeyId).ToList(),
            };
            var cd = CertificationDeclaration.Create(elements, _signer!, _signerKey!);
            string path = ResolvePath(OutFile);
            if (!ShouldProcess(path, $"Write a certification declaration for {DnAttributes.Format(elements.VendorId)}"))
            {
                return;
            }
            AtomicFile.WriteAllBytes(path, cd.Der);
            WriteObject(CertificationDeclaration.Decode(cd.Der, path));
        }
        catch (MfgException e)
        {
            WriteItemError(e, target);
        }
    }

    private static byte[] KeyId(object value)
    {
        object v = value is PSObject p ? p.BaseObject : value;
        if (v is byte[] b)
        {
            return b;
        }
        string hex = (v.ToString() ?? "").Replace(":", "").Replace(" ", "");
        if (!HexText.TryParse(hex, out byte[] id, out _))
        {
            throw CertificationDeclaration.AuthorizedPaaKeyIdInvalid(v.ToString() ?? "", "is not hex");
        }
        return id;
    }
}
