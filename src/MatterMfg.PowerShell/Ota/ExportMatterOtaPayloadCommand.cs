using System.IO;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Ota;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Ota;

/// <summary>Writes the payload (the firmware) of a Matter OTA image without its header (<c>ota_image_tool.py extract</c>).</summary>
/// <remarks>
/// <para>The payload is checked against the header's digest while it is copied: a payload that does not match is an
/// error (OtaDigestMismatch) and no file is left. The file is written atomically.</para>
/// </remarks>
/// <example>
/// <code>PS> Export-MatterOtaPayload .\light-1.1.ota -OutFile .\light-1.1.bin</code>
/// <para>Writes the firmware the image carries, as ota_image_tool.py extract does.</para>
/// </example>
[Cmdlet(VerbsData.Export, "MatterOtaPayload", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMatterOtaPayloadCommand : MatterMfgCmdlet
{
    /// <summary>The OTA image file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    /// <summary>The payload file to write (replaced when it exists).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string OutFile { get; set; } = "";

    /// <summary>Write the payload file's FileInfo to the output.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordCore()
    {
        string path = ResolvePath(Path);
        string outFile = ResolvePath(OutFile);
        try
        {
            if (!ShouldProcess(outFile, $"Write the payload of the OTA image '{path}'"))
            {
                return;
            }
            OtaImageFile.ExtractPayload(path, outFile);
            if (PassThru)
            {
                WriteObject(new FileInfo(outFile));
            }
        }
        catch (MfgException e)
        {
            WriteItemError(e, path);
        }
    }
}
