using System.Linq;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Ota;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Ota;

/// <summary>Creates a Matter OTA image from firmware files, as connectedhomeip's <c>ota_image_tool.py create</c> does.</summary>
/// <remarks>
/// <para>The image is the Matter OTA header (vendor id, product id, software version and version string, payload size,
/// optional minimum and maximum applicable versions and release notes URL, the payload digest) followed by the payload
/// files concatenated in order. The same inputs give the same bytes as ota_image_tool.py.</para>
/// <para>The tool's rules are checked before anything is written: vendor and product id not 0, a version string of 1 to
/// 64 bytes, MinApplicableVersion and MaxApplicableVersion below SoftwareVersion, the minimum not above the maximum, a
/// release notes URL of 1 to 256 bytes. A URL that is not https and a digest under 256 bits give a warning.</para>
/// <para>Each input object (for example an Import-Csv row of builds) gives one image; numbers bind from CSV text in
/// decimal or 0x hex, an empty MinApplicableVersion, MaxApplicableVersion, ReleaseNotesUrl or DigestAlgorithm cell means
/// "none" (the default for the digest is sha256). A bad row is a non-terminating error naming the row, and the next row
/// goes on. The payload is streamed (never held in memory) and the image is written atomically: a failed or interrupted
/// run leaves no partial file.</para>
/// <para>The output carries what a CSA DCL model-version entry needs: OtaFileSize, OtaChecksum (base64 SHA-256 of the
/// whole .ota file) and OtaChecksumType (1), beside the header fields.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterOtaImage -Path .\build\light.bin -OutFile .\light-1.1.ota -VendorId 0xFFF1 -ProductId 0x8000 -SoftwareVersion 2 -SoftwareVersionString 1.1</code>
/// <para>The image <c>ota_image_tool.py create -v 0xFFF1 -p 0x8000 -vn 2 -vs 1.1 -da sha256 build/light.bin light-1.1.ota</c> makes.</para>
/// </example>
/// <example>
/// <code>PS> Import-Csv .\builds.csv | New-MatterOtaImage | Select-Object Path, SoftwareVersion, OtaFileSize, OtaChecksum</code>
/// <para>One image per row of a CSV with the columns Path, OutFile, VendorId, ProductId, SoftwareVersion,
/// SoftwareVersionString and optionally DigestAlgorithm, MinApplicableVersion, MaxApplicableVersion, ReleaseNotesUrl.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterOtaImage", SupportsShouldProcess = true)]
[OutputType(typeof(OtaImageInfo))]
public sealed class NewMatterOtaImageCommand : OtaHeaderCmdlet
{
    /// <summary>The payload (firmware) file, or several files that are concatenated in the order given.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("PayloadPath")]
    public string[] Path { get; set; } = System.Array.Empty<string>();

    /// <summary>The OTA image file to write (replaced when it exists).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string OutFile { get; set; } = "";

    /// <summary>Header tag 0: the vendor id (not 0).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Vid")]
    public int VendorId { get; set; }

    /// <summary>Header tag 1: the product id (not 0).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Pid")]
    public int ProductId { get; set; }

    /// <summary>Header tag 2: the numeric software version of the image (uint32).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long SoftwareVersion { get; set; }

    /// <summary>Header tag 3: the software version as text, 1 to 64 bytes (e.g. 1.1.0).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string SoftwareVersionString { get; set; } = "";

    protected override void ProcessRecordCore()
    {
        object target = (object?)InputObject ?? OutFile;
        try
        {
            var fields = new OtaHeaderFields
            {
                VendorId = (ushort)VendorId,
                ProductId = (ushort)ProductId,
                SoftwareVersion = (uint)SoftwareVersion,
                SoftwareVersionString = SoftwareVersionString,
                DigestAlgorithm = Digest ?? OtaDigestAlgorithm.Sha256,
                MinApplicableVersion = (uint?)MinApplicableVersion,
                MaxApplicableVersion = (uint?)MaxApplicableVersion,
                ReleaseNotesUrl = Url,
            };
            foreach (string warning in fields.Validate())
            {
                WriteWarning(warning);
            }
            var payloads = Path.Select(ResolvePath).ToList();
            string outFile = ResolvePath(OutFile);
            if (!ShouldProcess(outFile, $"Write a Matter OTA image for 0x{fields.VendorId:X4}/0x{fields.ProductId:X4} version {fields.SoftwareVersion} ({fields.SoftwareVersionString}) from {string.Join(", ", payloads)}"))
            {
                return;
            }
            WriteObject(OtaImageFile.Create(payloads, outFile, fields));
        }
        catch (MfgException e)
        {
            WriteItemError(e, target);
        }
    }
}
