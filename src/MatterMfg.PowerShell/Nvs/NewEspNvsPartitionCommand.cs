using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.IO;
using MatterMfg.Nvs;
using MatterMfg.PowerShell.Completion;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Nvs;

/// <summary>Builds an ESP-IDF NVS partition image from a generator CSV or from entry objects, byte-identical to esp-idf-nvs-partition-gen.</summary>
/// <remarks>
/// <para>-CsvPath takes the CSV of esp-idf-nvs-partition-gen (key,type,encoding,value; namespace rows; # comment lines;
/// file rows with paths relative to the CSV's folder). Several CSV files are concatenated into one image, as the generator does.</para>
/// <para>Without -CsvPath, each pipeline object is one row: its Namespace, Key, Type, Encoding and Value properties bind by
/// name. Type is namespace, data or file (Encoding u8 … i64, string, hex2bin, base64, binary), or an NVS type name
/// (u8 … i64, string, blob, blob_data) as Read-EspNvsPartition reports it, so an image read back can be written again.
/// A byte[] Value is the data itself.</para>
/// <para>-Size is the partition size (a multiple of 4096; 0x1000 and 0x2000 make a read-only partition holding only the
/// pages used; from 0x3000 on the last page is left empty for ESP-IDF). -Version 1 writes the legacy single-page blobs.</para>
/// <para>-KeyPartitionPath (an NVS keys partition, e.g. from New-EspNvsKeyPartition) or -EncryptionKey (64 bytes) encrypts
/// the image with AES-XTS as the generator's encrypt command does.</para>
/// <para>A bad row is reported as an error naming the CSV line (or the entry number) and the reason, and then no file is
/// written at all; the file is written atomically, so a failed run never leaves a partial image.</para>
/// </remarks>
/// <example>
/// <code>PS> New-EspNvsPartition -CsvPath .\nvs.csv -Size 0x6000 -OutFile .\nvs.bin</code>
/// <para>The same image as <c>python -m esp_idf_nvs_partition_gen generate nvs.csv nvs.bin 0x6000</c>.</para>
/// </example>
/// <example>
/// <code>PS> New-EspNvsKeyPartition -Path .\nvs_keys.bin; New-EspNvsPartition -CsvPath .\nvs.csv -OutFile .\nvs_enc.bin -KeyPartitionPath .\nvs_keys.bin</code>
/// <para>An encrypted image and its keys partition (flash the keys partition with flash encryption).</para>
/// </example>
/// <example>
/// <code>PS> Import-Csv .\entries.csv | New-EspNvsPartition -Size 0x3000 -OutFile .\app.bin</code>
/// <para>Entries from the pipeline: entries.csv has the columns Namespace,Key,Type,Encoding,Value (e.g. app,serial,data,string,SN-0001).</para>
/// </example>
/// <example>
/// <code>PS> Read-EspNvsPartition .\nvs.bin | Where-Object Key -ne 'old' | New-EspNvsPartition -Size 0x6000 -OutFile .\nvs2.bin</code>
/// <para>Rewrites an image without one key: Read-EspNvsPartition's objects are valid input.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "EspNvsPartition", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetEntry)]
[OutputType(typeof(NvsPartitionFile))]
public sealed class NewEspNvsPartitionCommand : MatterMfgCmdlet
{
    public const string ParameterSetCsv = "Csv";
    public const string ParameterSetEntry = "Entry";

    // In input order: a namespace to open (Entry null) or an entry to add.
    private readonly List<(string? Namespace, string? Source, NvsEntry? Entry)> _items = new();
    private string? _currentNamespace;
    private int _entryNumber;
    private int _badRows;
    private NvsKeys? _keys;

    /// <summary>Generator CSV file(s); their rows go into one image in order.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSetCsv, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string[] CsvPath { get; set; } = Array.Empty<string>();

    /// <summary>The entry's namespace (entry objects; a CSV uses namespace rows).</summary>
    [Parameter(ParameterSetName = ParameterSetEntry, ValueFromPipelineByPropertyName = true)]
    public string? Namespace { get; set; }

    /// <summary>The key (at most 15 characters), or the namespace name of a namespace row.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetEntry, ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = "";

    /// <summary>namespace, data or file; or an NVS type name (u8 … i64, string, blob, blob_data). Default data.</summary>
    [Parameter(ParameterSetName = ParameterSetEntry, ValueFromPipelineByPropertyName = true)]
    public string? Type { get; set; }

    /// <summary>u8, i8, u16, i16, u32, i32, u64, i64, string, hex2bin, base64 or binary.</summary>
    [Parameter(ParameterSetName = ParameterSetEntry, ValueFromPipelineByPropertyName = true)]
    public string? Encoding { get; set; }

    /// <summary>The value text, a file path for file rows, or a byte[].</summary>
    [Parameter(ParameterSetName = ParameterSetEntry, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public object? Value { get; set; }

    /// <summary>The image file to write (.bin).</summary>
    [Parameter(Mandatory = true)]
    [Alias("Path")]
    public string OutFile { get; set; } = "";

    /// <summary>Partition size in bytes, decimal or 0x hex (default 0x6000).</summary>
    [Parameter]
    [IntegerTransformation(0, FactoryOptions.MaxPartitionSize)]
    public long Size { get; set; } = 0x6000;

    /// <summary>NVS format version: 2 (multi-page blobs, the default) or 1.</summary>
    [Parameter]
    [IntegerTransformation(1, 2)]
    [ArgumentCompleter(typeof(NvsVersionCompleter))]
    public int Version { get; set; } = 2;

    /// <summary>Encrypt with the keys in this NVS keys partition file.</summary>
    [Parameter]
    public string? KeyPartitionPath { get; set; }

    /// <summary>Encrypt with this 64-byte key (32-byte data key, then 32-byte tweak key): byte[], base64 or 0x hex.</summary>
    [Parameter]
    [BytesTransformation]
    public byte[]? EncryptionKey { get; set; }

    protected override void BeginProcessingCore()
    {
        try
        {
            NvsPartitionSize.Check(Size);
            _keys = NvsKeyInput.Resolve(EncryptionKey, KeyPartitionPath == null ? null : ResolvePath(KeyPartitionPath));
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }

    protected override void ProcessRecordCore()
    {
        if (ParameterSetName == ParameterSetCsv)
        {
            foreach (string p in CsvPath)
            {
                AddCsv(ResolvePath(p));
            }
            return;
        }
        _entryNumber++;
        string source = "entry " + _entryNumber.ToString(CultureInfo.InvariantCulture);
        string type = string.IsNullOrWhiteSpace(Type) ? "data" : Type!;
        object? value = Value is PSObject pso ? pso.BaseObject : Value;
        NvsRow row;
        switch (value)
        {
            case byte[] bytes:
                row = new NvsRow(Namespace, Key, type, Encoding, bytes, source);
                break;
            case null or string:
                row = new NvsRow(Namespace, Key, type, Encoding, (string?)value, source);
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                row = new NvsRow(Namespace, Key, type, Encoding, Convert.ToString(value, CultureInfo.InvariantCulture), source);
                break;
            default:
                WriteItemError(ErrorIds.NvsValueType, ErrorCategory.InvalidArgument,
                    $"{source} (key '{Key}'): a {value.GetType().Name} value cannot be stored; give a string, an integer or a byte[].", source);
                _badRows++;
                return;
        }
        // Rows are checked now, so every bad row is reported; the image is laid out at the end.
        Check(row, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
    }

    /// <summary>The one wording of <see cref="ErrorIds.NvsPartitionNotWritten"/>: <c>'&lt;file&gt;' was not written: &lt;why&gt;.</c></summary>
    private void NotWritten(string outFile, string why) =>
        WriteItemError(ErrorIds.NvsPartitionNotWritten, ErrorCategory.InvalidData, $"'{outFile}' was not written: {why}.", outFile);

    protected override void EndProcessingCore()
    {
        string outFile = ResolvePath(OutFile);
        if (_badRows > 0)
        {
            NotWritten(outFile, $"{_badRows} row(s) had errors");
            return;
        }
        var version = Version == 1 ? NvsFormatVersion.V1 : NvsFormatVersion.V2;
        byte[] image;
        NvsPartitionWriter writer;
        try
        {
            writer = new NvsPartitionWriter(Size, version);
            foreach (var (ns, source, entry) in _items)
            {
                if (entry == null)
                {
                    writer.OpenNamespace(ns!, source);
                }
                else
                {
                    writer.Add(entry);
                }
            }
            image = writer.ToImage();
            if (_keys != null)
            {
                image = NvsEncryption.Encrypt(image, _keys);
            }
        }
        catch (MfgException e)
        {
            WriteItemError(e);
            NotWritten(outFile, "an entry had the error above");
            return;
        }
        int entries = 0;
        foreach (var item in _items)
        {
            entries += item.Entry == null ? 0 : 1;
        }
        string what = $"Write a 0x{Size.ToString("X", CultureInfo.InvariantCulture)}-byte NVS partition (v{Version}, {entries} entries{(_keys != null ? ", encrypted" : "")})";
        if (!ShouldProcess(outFile, what))
        {
            return;
        }
        try
        {
            AtomicFile.WriteAllBytes(outFile, image);
        }
        catch (MfgException e)
        {
            ThrowSetupError(e, outFile);
        }
        WriteObject(new NvsPartitionFile(outFile, Size, image.Length, Version, entries, writer.NamespaceCount, writer.PagesUsed, writer.ReadOnly,
            KeyPartitionPath == null ? null : ResolvePath(KeyPartitionPath), _keys != null));
    }

    private void AddCsv(string path)
    {
        IReadOnlyList<NvsRow> rows;
        try
        {
            rows = NvsCsv.Load(path);
        }
        catch (MfgException e)
        {
            // A CSV that cannot be read is bad setup, not a bad row: the partition cannot be made without it.
            ThrowSetupError(e, path);
            return;
        }
        string baseDirectory = System.IO.Path.GetDirectoryName(path) ?? ".";
        foreach (var row in rows)
        {
            Check(row, baseDirectory);
        }
    }

    /// <summary>Converts the row now, so value errors (bad integers, hex, base64, missing files) are reported per row.</summary>
    private void Check(NvsRow row, string baseDirectory)
    {
        try
        {
            if (row.IsNamespace)
            {
                NvsPartitionWriter.CheckKey(row.Key, row.Source, "namespace");
                _currentNamespace = row.Key;
                _items.Add((row.Key, row.Source, null));
            }
            else
            {
                _items.Add((null, row.Source, row.ToEntry(_currentNamespace, baseDirectory)));
            }
        }
        catch (MfgException e)
        {
            WriteItemError(e);
            _badRows++;
        }
    }
}
