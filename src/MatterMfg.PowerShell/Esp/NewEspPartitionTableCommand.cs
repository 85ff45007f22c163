using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.IO;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Esp;

/// <summary>Writes an ESP-IDF partition table: the binary the bootloader reads (with its MD5 entry) or a partitions.csv.</summary>
/// <remarks>
/// <para>The input is a partitions.csv (-CsvPath) or partition objects from the pipeline (Get-EspPartitionTable output, or
/// Import-Csv rows with Label (or Name), Type, Subtype, Offset, Size and Flags columns; Offset and Size in decimal, 0x hex or
/// with a K/M suffix; an empty Offset places the partition after the previous one, as in a partitions.csv).
/// The table is checked (unique labels of at most 16 bytes, alignment, no overlap) before anything is written, and
/// written atomically. The format follows -OutputPath's extension (.csv = CSV, otherwise binary) unless -Format is given.</para>
/// </remarks>
/// <example>
/// <code>PS> New-EspPartitionTable -CsvPath partitions.csv -OutputPath partition-table.bin</code>
/// <para>The binary to flash at 0x8000, byte for byte what gen_esp32part.py makes.</para>
/// </example>
/// <example>
/// <code>PS> Get-EspPartitionTable -Port COM5 | New-EspPartitionTable -OutputPath board.csv</code>
/// <para>Saves a board's table as CSV.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "EspPartitionTable", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetObjects)]
[OutputType(typeof(FileInfo))]
public sealed class NewEspPartitionTableCommand : MatterMfgCmdlet
{
    public const string ParameterSetCsv = "Csv";
    public const string ParameterSetObjects = "Objects";

    private readonly List<KeyValuePair<string, string>> _rows = new();
    private bool _bad;

    /// <summary>A partitions.csv to convert.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetCsv)]
    public string? CsvPath { get; set; }

    /// <summary>A partition (an EspPartition or a row with Label/Name, Type, Subtype, Offset, Size, Flags).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ParameterSetObjects)]
    public PSObject? InputObject { get; set; }

    /// <summary>The file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string OutputPath { get; set; } = "";

    /// <summary>Binary or Csv (default: Csv for a .csv path, else Binary).</summary>
    [Parameter]
    [ValidateSet("Binary", "Csv")]
    public string? Format { get; set; }

    /// <summary>The table's flash offset, the base for CSV partitions without an offset.</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long PartitionTableOffset { get; set; } = EspPartitionTable.DefaultOffset;

    protected override void ProcessRecordCore()
    {
        if (InputObject == null)
        {
            return;
        }
        try
        {
            _rows.Add(ToRow(InputObject, _rows.Count + 1));
        }
        catch (MfgException e)
        {
            _bad = true;
            WriteItemError(e, InputObject);
        }
    }

    protected override void EndProcessingCore()
    {
        if (_bad)
        {
            ThrowSetupError(ErrorIds.EspPartitionTableNotWritten, ErrorCategory.InvalidData, "Some partitions were invalid (see the errors above); no table was written.", OutputPath);
        }
        string output = ResolvePath(OutputPath);
        try
        {
            var table = CsvPath != null ? EspPartitionTable.Load(ResolvePath(CsvPath), (uint)PartitionTableOffset) : EspPartitionTable.FromRows(_rows, "the partitions from the pipeline", (uint)PartitionTableOffset);
            bool csv = Format != null ? Format == "Csv" : output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            table.Validate();
            if (!ShouldProcess(output, $"Write a {(csv ? "CSV" : "binary")} partition table of {table.Partitions.Count} partitions"))
            {
                return;
            }
            if (csv)
            {
                AtomicFile.WriteAllText(output, table.ToCsv());
            }
            else
            {
                AtomicFile.WriteAllBytes(output, table.ToBinary());
            }
            WriteFileItem(output);
        }
        catch (MfgException e)
        {
            ThrowSetupError(e, OutputPath);
        }
    }

    /// <summary>A pipeline object as a partitions.csv line with its place ("partition 3"); the table is built at the end,
    /// so a row without an offset is placed after the previous one, as in a partitions.csv.</summary>
    private static KeyValuePair<string, string> ToRow(PSObject o, int index)
    {
        string where = $"partition {index}";
        if (o.BaseObject is EspPartition p)
        {
            return new KeyValuePair<string, string>(EspPartitionTable.CsvLine(p), where);
        }
        string? Get(string name) => o.Properties[name]?.Value?.ToString()?.Trim();
        string label = Get("Label") ?? Get("Name") ?? throw Bad(where, "has no Label (or Name)");
        string[] fields = { label, Get("Type") ?? "", Get("Subtype") ?? Get("SubType") ?? "", Get("Offset") ?? "", Get("Size") ?? "", Get("Flags") ?? FlagsOf(o) };
        foreach (string f in fields)
        {
            if (f.IndexOf(',') >= 0)
            {
                throw Bad(where, $"has a comma in '{f}'");
            }
        }
        return new KeyValuePair<string, string>(string.Join(",", fields), where);
    }

    private static string FlagsOf(PSObject o)
    {
        var sb = new StringBuilder();
        if (o.Properties["Encrypted"]?.Value is bool e && e)
        {
            sb.Append("encrypted");
        }
        if (o.Properties["ReadOnly"]?.Value is bool r && r)
        {
            sb.Append(sb.Length > 0 ? ":readonly" : "readonly");
        }
        return sb.ToString();
    }

    private static MfgException Bad(string where, string why) => EspPartitionTable.Invalid(where, why);
}
