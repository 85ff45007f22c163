using System.IO;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.IO;
using MatterMfg.PowerShell.Completion;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Esp;

/// <summary>Reads a region of a chip's flash, or a whole partition by label, into a file.</summary>
/// <remarks>
/// <para>Uses the ROM's READ_FLASH_SLOW (64 bytes per command, about 3 KB/s at 115200 and 20 KB/s at 921600): fine for a
/// partition table, a factory NVS partition or a secure-cert partition, slow for an app. The file is written atomically and
/// owner-only (mode 0600 on Unix, an owner-only ACL on Windows): a factory or secure-cert partition holds the DAC key.</para>
/// <para>With -PartitionLabel the partition table is read from the chip (at -PartitionTableOffset) and the partition is read
/// whole. This is the read-back used for end-of-line checks.</para>
/// </remarks>
/// <example>
/// <code>PS> Read-EspFlash -Port COM5 -PartitionLabel fctry -Path fctry-readback.bin</code>
/// <para>Reads the factory NVS partition back from the board.</para>
/// </example>
/// <example>
/// <code>PS> Read-EspFlash -Port /dev/ttyUSB0 -Offset 0x8000 -Length 0xC00 -Path table.bin; Get-EspPartitionTable -Path table.bin</code>
/// <para>Saves the partition table and lists it.</para>
/// </example>
[Cmdlet(VerbsCommunications.Read, "EspFlash", DefaultParameterSetName = ParameterSetOffset, SupportsShouldProcess = true)]
[OutputType(typeof(EspFlashFile))]
public sealed class ReadEspFlashCommand : EspPortCmdlet
{
    public const string ParameterSetOffset = "Offset";
    public const string ParameterSetLabel = "Label";

    /// <summary>The serial port.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(EspPortCompleter))]
    public string Port { get; set; } = "";

    /// <summary>Start of the region (decimal or 0x hex).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetOffset)]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long Offset { get; set; }

    /// <summary>Bytes to read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetOffset)]
    [IntegerTransformation(1, 0x10000000)]
    public long Length { get; set; }

    /// <summary>A partition to read whole, found in the chip's partition table.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetLabel)]
    [ArgumentCompleter(typeof(PartitionLabelCompleter))]
    public string? PartitionLabel { get; set; }

    /// <summary>Where the partition table is on the chip (0x8000 unless the app moved it).</summary>
    [Parameter(ParameterSetName = ParameterSetLabel)]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long PartitionTableOffset { get; set; } = EspPartitionTable.DefaultOffset;

    /// <summary>The file to write.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Path { get; set; } = "";

    protected override void ProcessRecordCore()
    {
        string path = ResolvePath(Path);
        string region = PartitionLabel != null ? $"partition '{PartitionLabel}'" : $"0x{Length:X} bytes at 0x{Offset:X}";
        if (!ShouldProcess(path, $"Read {region} from the flash on {Port} into the file"))
        {
            return;
        }
        try
        {
            WritablePath.CheckFile("-Path", path); // before the board is touched: a read that cannot be saved is not started
        }
        catch (MfgException e)
        {
            ThrowSetupError(e, path);
        }
        WithLoader(Port, loader =>
        {
            uint offset = (uint)Offset;
            int length = (int)Length;
            if (PartitionLabel != null)
            {
                var p = loader.ReadPartitionTable((uint)PartitionTableOffset).Find(PartitionLabel);
                offset = p.Offset;
                length = (int)p.Size;
            }
            var progress = new ProgressRecord(1, "Read-EspFlash " + Port, $"0x{offset:X}");
            byte[] data = loader.ReadFlash(offset, length, (done, total) =>
            {
                progress.PercentComplete = (int)(done * 100 / total);
                progress.StatusDescription = $"0x{offset:X}: {done}/{total} bytes";
                WriteProgress(progress);
            });
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            AtomicFile.WriteAllBytes(path, data, secret: true); // a factory or keys partition read back holds the DAC key and NVS keys
            WriteObject(new EspFlashFile
            {
                Port = Port, Chip = loader.Chip.Name, Mac = loader.MacText, PartitionLabel = PartitionLabel,
                Offset = offset, Length = data.Length, Md5 = EspLoader.Md5Hex(data, 0, data.Length), Path = path,
            });
        }, Port);
    }
}
