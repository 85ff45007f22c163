using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Ota;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Ota;

/// <summary>Reads a Matter OTA image's header and checks its payload against the header's digest (<c>ota_image_tool.py show</c>).</summary>
/// <remarks>
/// <para>The output has the header fields (VendorId, ProductId, SoftwareVersion, SoftwareVersionString,
/// MinApplicableVersion, MaxApplicableVersion, ReleaseNotesUrl, DigestAlgorithm, PayloadDigest, PayloadSize), where the
/// payload starts, DigestValid, and the DCL fields OtaFileSize, OtaChecksum and OtaChecksumType.</para>
/// <para>A payload that does not match its digest is written to the output with DigestValid $false and is also a
/// non-terminating error (OtaDigestMismatch), so -ErrorAction Stop stops on it. A file that is not a complete OTA image
/// (another format, a truncated download, bytes appended, a malformed header) is an error naming the offset.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-MatterOtaImage .\light-1.1.ota</code>
/// <para>Shows the header, the payload digest check and the DCL fields.</para>
/// </example>
/// <example>
/// <code>PS> Get-ChildItem .\release\*.ota | Get-MatterOtaImage -ErrorAction Stop | Where-Object SoftwareVersion -gt 3</code>
/// <para>Checks every image of a release folder, stopping at the first damaged one.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "MatterOtaImage")]
[OutputType(typeof(OtaImageInfo))]
public sealed class GetMatterOtaImageCommand : MatterMfgCmdlet
{
    /// <summary>The OTA image file(s).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string[] Path { get; set; } = System.Array.Empty<string>();

    protected override void ProcessRecordCore()
    {
        foreach (string p in Path)
        {
            string path = ResolvePath(p);
            try
            {
                var info = OtaImageFile.Inspect(path);
                WriteObject(info);
                if (info.DigestValid != true)
                {
                    WriteItemError(OtaImageFile.DigestMismatch(info), path);
                }
            }
            catch (MfgException e)
            {
                WriteItemError(e, path);
            }
        }
    }
}
