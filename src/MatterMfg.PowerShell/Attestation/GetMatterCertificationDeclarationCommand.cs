using System.Management.Automation;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>Decodes a Matter certification declaration (CD) and optionally checks its signature and its VID/PID coverage.</summary>
/// <remarks>
/// <para>A CD is a CMS SignedData (DER) holding a Matter TLV payload. The output has every field: FormatVersion, VendorId,
/// ProductIds, DeviceTypeId, CertificateId, SecurityLevel, SecurityInformation, VersionNumber, CertificationType,
/// DacOriginVendorId/DacOriginProductId and AuthorizedPaaKeyIds when present, and the signer's key id. A file that is not
/// a CD (wrong CMS profile, malformed TLV, a missing field) is an error naming the file and the problem.</para>
/// <para>-SigningCertificate (or -TestSigner for the public Matter test CD signer) checks the signature: a CD that does
/// not verify is an error (CertificationDeclarationSignatureInvalid). -VendorId with -ProductId checks the CD covers the device
/// (CdDoesNotCoverDevice). A failed check is a non-terminating error and the CD is not written to the output.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-MatterCertificationDeclaration .\Chip-Test-CD-FFF2-8001.der</code>
/// <para>Shows VendorId 0xFFF2, ProductIds 0x8001, DeviceTypeId 0x1234, CertificateId ZIG20141ZB330001-24 and the rest.</para>
/// </example>
/// <example>
/// <code>PS> Get-ChildItem .\cds\*.der | Get-MatterCertificationDeclaration -SigningCertificate .\cd-signer.pem -VendorId 0xFFF2 -ProductId 0x8001</code>
/// <para>Checks every CD in a folder against the signer and the product.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "MatterCertificationDeclaration", DefaultParameterSetName = ParameterSetSigner)]
[OutputType(typeof(CertificationDeclaration))]
public sealed class GetMatterCertificationDeclarationCommand : MatterMfgCmdlet
{
    public const string ParameterSetSigner = "Signer";
    public const string ParameterSetTest = "TestSigner";

    private CdSigningKey? _signer;

    /// <summary>The CD file (CMS DER).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "CertificationDeclaration")]
    public string Path { get; set; } = "";

    /// <summary>The CD signing certificate to verify the signature with.</summary>
    [Parameter(ParameterSetName = ParameterSetSigner)]
    public string? SigningCertificate { get; set; }

    /// <summary>Verify against the public Matter test CD signing certificate.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetTest)]
    public SwitchParameter TestSigner { get; set; }

    /// <summary>The device's vendor id: the CD must be for it (with -ProductId).</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFF)]
    public int VendorId { get; set; } = -1;

    /// <summary>The device's product id: the CD must list it.</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFF)]
    public int ProductId { get; set; } = -1;

    protected override void BeginProcessingCore()
    {
        if ((VendorId >= 0) != (ProductId >= 0))
        {
            ThrowSetupError(ErrorIds.CdCoverageNeedsBoth, ErrorCategory.InvalidArgument, "-VendorId and -ProductId go together: give both to check the CD covers the device.", null);
        }
        try
        {
            var certificate = TestSigner ? MatterTestPki.CdSigner
                : SigningCertificate != null ? AttestationCredentials.ReadCertificate(ResolvePath(SigningCertificate))
                : null;
            _signer = certificate == null ? null : CdSigningKey.FromCertificate(certificate);
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }

    protected override void ProcessRecordCore()
    {
        string path = ResolvePath(Path);
        try
        {
            var cd = CertificationDeclaration.Read(path);
            if (_signer != null)
            {
                CertificationDeclarationTrust.Verify(cd, _signer);
            }
            if (VendorId >= 0 && !cd.Covers((ushort)VendorId, (ushort)ProductId))
            {
                throw new MfgException(ErrorIds.CdDoesNotCoverDevice, MfgErrorKind.SecurityError,
                    $"The CD '{path}' is for vendor id {DnAttributes.Format(cd.VendorId)} and {cd.ProductIds.Count} product id(s); it does not cover {DnAttributes.Format((ushort)VendorId)}/{DnAttributes.Format((ushort)ProductId)}.", path);
            }
            WriteObject(cd);
        }
        catch (MfgException e)
        {
            WriteItemError(e, path);
        }
    }
}
