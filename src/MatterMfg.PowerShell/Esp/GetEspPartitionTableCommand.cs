using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.PowerShell.Completion;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Esp;

/// <summary>Reads an ESP-IDF partition table from a partitions.csv, a partition table .bin, or a chip's flash.</summary>
/// <remarks>
/// <para>Binary tables are checked as the bootloader does: AA 50 entries, the MD5 entry must match, an end marker must
/// follow. CSV tables are read as gen_esp32part.py reads them (empty offsets placed after the previous partition, apps on
/// 64 KiB, data on 4 KiB; K/M size suffixes; flags encrypted and readonly) and checked for overlaps and alignment.</para>
/// <para>Each partition is one object: Label, Type, Subtype, Offset, Size, Encrypted, ReadOnly.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-EspPartitionTable -Path partitions.csv</code>
/// <para>Lists the partitions of a project's table.</para>
/// </example>
/// <example>
/// <code>PS> Get-EspPartitionTable -Port COM5 | Where-Object Label -eq fctry</code>
/// <para>Where the factory partition is on the board.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "EspPartitionTable", DefaultParameterSetName = ParameterSetPath)]
[OutputType(typeof(EspPartition))]
public sealed class GetEspPartitionTableCommand : EspPortCmdlet
{
    public const string ParameterSetPath = "Path";
    public const string ParameterSetPort = "Port";

    /// <summary>A partitions.csv or a partition table binary.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSetPath, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string? Path { get; set; }

    /// <summary>Read the table from the chip on this port instead.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPort)]
    [ArgumentCompleter(typeof(EspPortCompleter))]
    public string? Port { get; set; }

    /// <summary>Where the table is (0x8000 by default; also the base for CSV offsets).</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long PartitionTableOffset { get; set; } = EspPartitionTable.DefaultOffset;

    protected override void ProcessRecordCore()
    {
        if (Port != null)
        {
            WithLoader(Port, loader => WriteObject(loader.ReadPartitionTable((uint)PartitionTableOffset).Partitions, true));
            return;
        }
        try
        {
            WriteObject(EspPartitionTable.Load(ResolvePath(Path!), (uint)PartitionTableOffset).Partitions, true);
        }
        catch (MfgException e)
        {
            WriteItemError(e, Path);
        }
    }
}
