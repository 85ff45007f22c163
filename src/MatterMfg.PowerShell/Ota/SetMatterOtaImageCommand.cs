using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Ota;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Ota;

/// <summary>Changes header fields of a Matter OTA image, keeping its payload (<c>ota_image_tool.py change_header</c>).</summary>
/// <remarks>
/// <para>Each field given replaces the image's value; the others stay. Without -OutFile the image is changed in place;
/// with it a changed copy is written and the original stays. Either way the write is atomic.</para>
/// <para>The new header must pass the same rules as New-MatterOtaImage. The payload must match the image's digest
/// (OtaDigestMismatch otherwise); with a new -DigestAlgorithm the digest is computed again (ota_image_tool.py would keep
/// the old digest under the new type, an image no device accepts).</para>
/// <para>The output is the new image, with its new OtaChecksum for the DCL.</para>
/// </remarks>
/// <example>
/// <code>PS> Set-MatterOtaImage .\light.ota -OutFile .\light-2.ota -SoftwareVersion 3 -SoftwareVersionString 1.2 -MinApplicableVersion 1</code>
/// <para>A copy with another version; the payload and its digest are unchanged.</para>
/// </example>
/// <example>
/// <code>PS> Set-MatterOtaImage .\light.ota -DigestAlgorithm sha512</code>
/// <para>Re-digests the payload with SHA-512, in place.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "MatterOtaImage", SupportsShouldProcess = true)]
[OutputType(typeof(OtaImageInfo))]
public sealed class SetMatterOtaImageCommand : OtaHeaderCmdlet
{
    /// <summary>The OTA image to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    /// <summary>Where to write the changed image; by default the image is changed in place.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public string? OutFile { get; set; }

    /// <summary>A new vendor id (tag 0).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF, EmptyMeansNone = true)]
    [Alias("Vid")]
    public int? VendorId { get; set; }

    /// <summary>A new product id (tag 1).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF, EmptyMeansNone = true)]
    [Alias("Pid")]
    public int? ProductId { get; set; }

    /// <summary>A new numeric software version (tag 2).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFFFFFF, EmptyMeansNone = true)]
    public long? SoftwareVersion { get; set; }

    /// <summary>A new software version string (tag 3), 1 to 64 bytes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? SoftwareVersionString { get; set; }

    protected override void ProcessRecordCore()
    {
        string path = ResolvePath(Path);
        object target = (object?)InputObject ?? path;
        try
        {
            var changes = new OtaHeaderChanges
            {
                VendorId = (ushort?)VendorId,
                ProductId = (ushort?)ProductId,
                SoftwareVersion = (uint?)SoftwareVersion,
                SoftwareVersionString = string.IsNullOrEmpty(SoftwareVersionString) ? null : SoftwareVersionString,
                DigestAlgorithm = Digest,
                MinApplicableVersion = (uint?)MinApplicableVersion,
                MaxApplicableVersion = (uint?)MaxApplicableVersion,
                ReleaseNotesUrl = Url,
            };
            string outFile = OutFile == null ? path : ResolvePath(OutFile);
            if (!ShouldProcess(outFile, outFile == path ? "Change the header of the OTA image" : $"Write a copy of '{path}' with a changed header"))
            {
                return;
            }
            WriteObject(OtaImageFile.ChangeHeader(path, outFile, changes, WriteWarning));
        }
        catch (MfgException e)
        {
            WriteItemError(e, target);
        }
    }
}
