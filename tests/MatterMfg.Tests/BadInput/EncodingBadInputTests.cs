using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;
using MatterMfg.Tests.Factory;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>
/// Encodings of the CSVs users give: UTF-8 with Excel's BOM and UTF-16 with a BOM are read and give the same result as
/// plain UTF-8; invalid UTF-8, UTF-32 and BOM-less UTF-16 are refused naming the file, line and column; strict base64;
/// a key declared twice in a namespace names both rows. Through the NVS CSV reader, New-EspNvsPartition, mattermfg --csv/--mcsv,
/// New-MatterFactoryImage -KeySchema and the partition-table CSV.
/// </summary>
[Collection("WholeFactoryRuns")] // whole factory runs, one class at a time (CPU-heavy; the collection name is all they share)
public class EncodingBadInputTests
{
    private const string NvsCsvText = "key,type,encoding,value\napp,namespace,,\nname,data,string,caf\u00e9\ncount,data,u8,7\nblob,data,base64,AQID\n";

    /// <summary>Ways of saving the same text: each must read back as that text.</summary>
    public static IEnumerable<object[]> ReadableEncodings => new[] { "utf-8", "utf-8 bom", "utf-16le bom", "utf-16be bom" }.Select(e => new object[] { e });

    public static byte[] Encode(string text, string how) => how switch
    {
        "utf-8" => new UTF8Encoding(false).GetBytes(text),
        "utf-8 bom" => new UTF8Encoding(true).GetPreamble().Concat(new UTF8Encoding(false).GetBytes(text)).ToArray(),
        "utf-16le bom" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
        "utf-16be bom" => Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray(),
        _ => throw new ArgumentException(how),
    };

    /// <summary>Unreadable forms of a text whose line 3, column 4 holds the first bad byte (where one applies).</summary>
    public static IEnumerable<object[]> UnreadableEncodings => new[] { "latin-1", "utf-32le bom", "utf-16le no bom", "truncated utf-8" }.Select(e => new object[] { e });

    private static byte[] Unreadable(string text, string how) => how switch
    {
        "latin-1" => Encoding.Latin1.GetBytes(text),
        "utf-32le bom" => new UTF32Encoding(false, true).GetPreamble().Concat(new UTF32Encoding(false, false).GetBytes(text)).ToArray(),
        "utf-16le no bom" => Encoding.Unicode.GetBytes(text),
        "truncated utf-8" => new UTF8Encoding(false).GetBytes(text.Replace("\u00e9", "")).Concat(new byte[] { 0xE2, 0x82 }).ToArray(),
        _ => throw new ArgumentException(how),
    };

    [Theory]
    [MemberData(nameof(ReadableEncodings))]
    public void The_nvs_csv_reads_the_same_in_every_readable_encoding(string how)
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("plain.csv"), Encode(NvsCsvText, "utf-8"));
        File.WriteAllBytes(tmp.File("x.csv"), Encode(NvsCsvText, how));
        Assert.Equal(NvsPartitionWriter.Write(NvsCsv.Load(tmp.File("plain.csv")), tmp.Path, 0x3000), NvsPartitionWriter.Write(NvsCsv.Load(tmp.File("x.csv")), tmp.Path, 0x3000));
        var r = Ps.Run("New-EspNvsPartition -CsvPath $p -Size 0x3000 -OutFile $o; [IO.File]::ReadAllBytes($o)", ("p", tmp.File("x.csv")), ("o", tmp.File("x.bin")));
        r.Ok();
        Assert.Equal(NvsPartitionWriter.Write(NvsCsv.Load(tmp.File("plain.csv")), tmp.Path, 0x3000), File.ReadAllBytes(tmp.File("x.bin")));
    }

    [Theory]
    [MemberData(nameof(UnreadableEncodings))]
    public void An_unreadable_nvs_csv_is_refused_naming_file_line_and_column(string how)
    {
        using var tmp = new TempDir();
        string path = tmp.File("nvs.csv");
        File.WriteAllBytes(path, Unreadable(NvsCsvText, how));
        var e = Assert.Throws<MfgException>(() => NvsCsv.Load(path));
        Assert.Equal(ErrorIds.TextFileInvalidEncoding, e.ErrorId);
        Assert.Contains(path, e.Message);
        if (how == "latin-1")
        {
            Assert.Contains("line 3, column 4", e.Message);
        }
        var r = Ps.Run("New-EspNvsPartition -CsvPath $p -Size 0x3000 -OutFile $o", ("p", path), ("o", tmp.File("x.bin")));
        Assert.Equal(ErrorIds.TextFileInvalidEncoding, BadInputAssert.ErrorId(r));
        Assert.Contains(path, BadInputAssert.ErrorMessage(r));
        BadInputAssert.NothingWritten(tmp.Path, path);
    }

    [Theory]
    [MemberData(nameof(ReadableEncodings))]
    public void Mattermfg_reads_excel_and_utf16_key_schemas_and_device_csvs_byte_for_byte(string how)
    {
        using var tmp = new TempDir();
        string work = CopyExtraKeysCase(tmp);
        foreach (string f in new[] { "extra_nvs_key_config.csv", "vec_one_row_mcsv.csv" })
        {
            File.WriteAllBytes(Path.Combine(work, f), Encode(File.ReadAllText(Path.Combine(work, f)), how));
        }
        var err = new StringWriter();
        int rc = Program.Run(FactoryVectors.CommandLine("extra_keys_csv_mcsv").Concat(new[] { "--outdir", "out" }).ToArray(), new StringWriter(), err, work, new MatterMfg.Factory.MatterFactoryEngine());
        Assert.True(rc == 0, err.ToString());
        string device = Directory.GetDirectories(Path.Combine(work, "out", "fff2_8001")).Single(p => Path.GetFileName(p) != "staging");
        Assert.Equal(File.ReadAllBytes(Path.Combine(FactoryVectors.Folder("extra_keys_csv_mcsv"), "expected-partition.bin")),
            File.ReadAllBytes(Path.Combine(device, Path.GetFileName(device) + "-partition.bin")));
    }

    [Theory]
    [InlineData("--csv", "extra_nvs_key_config.csv")]
    [InlineData("--mcsv", "vec_one_row_mcsv.csv")]
    public void Mattermfg_refuses_invalid_utf8_naming_file_line_and_column(string option, string file)
    {
        using var tmp = new TempDir();
        string work = CopyExtraKeysCase(tmp);
        string path = Path.Combine(work, file);
        // "A1" / "REPEAT" get a Latin-1 é (0xE9): Excel's plain "CSV" on a western Windows.
        string text = File.ReadAllText(path);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.Replace("A1", "\u00e91").Replace("REPEAT", "\u00e9REPEAT")));
        var err = new StringWriter();
        int rc = Program.Run(FactoryVectors.CommandLine("extra_keys_csv_mcsv").Concat(new[] { "--outdir", "out" }).ToArray(), new StringWriter(), err, work, new MatterMfg.Factory.MatterFactoryEngine());
        Assert.Equal(2, rc);
        Assert.Contains(path, err.ToString());
        Assert.Contains(option == "--csv" ? "line 3, column 4" : "line 2, column 3", err.ToString());
        Assert.False(Directory.Exists(Path.Combine(work, "out")));
    }

    [Theory]
    [MemberData(nameof(ReadableEncodings))]
    public void New_MatterFactoryImage_reads_the_key_schema_in_every_readable_encoding(string how)
    {
        using var tmp = new TempDir();
        string work = CopyExtraKeysCase(tmp);
        string schema = Path.Combine(work, "extra_nvs_key_config.csv");
        File.WriteAllBytes(schema, Encode(File.ReadAllText(schema), how));
        var r = Ps.Run("[pscustomobject]@{ firmware_key='1a2b3c4d5e6faabb'; serial_no='A1'; device_no='101' } | New-MatterFactoryImage -TestAttestation -KeySchema $s -OutputPath $o -WarningAction SilentlyContinue",
            ("s", schema), ("o", Path.Combine(work, "out")));
        Assert.Single(r.Ok());
    }

    [Fact]
    public void New_MatterFactoryImage_refuses_a_latin1_key_schema_naming_it()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("schema.csv"), Encoding.Latin1.GetBytes("app,namespace,\nk\u00e9y,data,string\n"));
        var r = Ps.Run("New-MatterFactoryImage -TestAttestation -KeySchema $s -OutputPath $o -WarningAction SilentlyContinue", ("s", tmp.File("schema.csv")), ("o", tmp.File("out")));
        Assert.Equal(ErrorIds.TextFileInvalidEncoding, BadInputAssert.ErrorId(r));
        Assert.Contains("line 2, column 1", BadInputAssert.ErrorMessage(r));
        BadInputAssert.NothingWritten(tmp.Path, tmp.File("schema.csv"));
    }

    [Theory]
    [InlineData("@@@@")]
    [InlineData("AQI*")]
    [InlineData("AQ==AQ==")]
    public void Base64_is_strict_in_the_nvs_csv(string value)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("nvs.csv"), $"key,type,encoding,value\napp,namespace,,\nb,data,base64,{value}\n");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $p -Size 0x3000 -OutFile $o", ("p", tmp.File("nvs.csv")), ("o", tmp.File("x.bin")));
        Assert.Equal("NvsBadBase64", BadInputAssert.ErrorId(r));
        Assert.Contains("nvs.csv line 3", BadInputAssert.ErrorMessage(r));
        BadInputAssert.NothingWritten(tmp.Path, tmp.File("nvs.csv"));
    }

    [Fact]
    public void A_key_twice_in_a_namespace_is_an_error_naming_both_rows()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("nvs.csv"), "key,type,encoding,value\napp,namespace,,\nk,data,u8,1\nother,namespace,,\nk,data,u8,2\napp,namespace,,\nk,data,u8,3\n");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $p -Size 0x3000 -OutFile $o", ("p", tmp.File("nvs.csv")), ("o", tmp.File("x.bin")));
        Assert.Equal("NvsDuplicateKey", BadInputAssert.ErrorId(r));
        Assert.Contains("nvs.csv line 7", BadInputAssert.ErrorMessage(r));
        Assert.Contains("nvs.csv line 3", BadInputAssert.ErrorMessage(r));
        BadInputAssert.NothingWritten(tmp.Path, tmp.File("nvs.csv"));

        File.WriteAllText(tmp.File("schema.csv"), "app,namespace,\nk,data,u8\nk,data,string\n");
        var s = Ps.Run("New-MatterFactoryImage -TestAttestation -KeySchema $s -OutputPath $o -WarningAction SilentlyContinue", ("s", tmp.File("schema.csv")), ("o", tmp.File("out")));
        Assert.Equal("NvsDuplicateKey", BadInputAssert.ErrorId(s));
        Assert.Contains("line 2", BadInputAssert.ErrorMessage(s));
        Assert.Contains("line 3", BadInputAssert.ErrorMessage(s));
    }

    [Fact]
    public void A_partition_table_csv_saved_as_utf16_reads_like_utf8()
    {
        using var tmp = new TempDir();
        const string table = "# Name, Type, SubType, Offset, Size\nnvs, data, nvs, 0x9000, 0x6000\nfctry, data, nvs, 0x10000, 0x6000\n";
        File.WriteAllBytes(tmp.File("a.csv"), Encode(table, "utf-8"));
        File.WriteAllBytes(tmp.File("b.csv"), Encode(table, "utf-16le bom"));
        Assert.Equal(MatterMfg.Esp.EspPartitionTable.Load(tmp.File("a.csv")).ToBinary(), MatterMfg.Esp.EspPartitionTable.Load(tmp.File("b.csv")).ToBinary());
        File.WriteAllBytes(tmp.File("c.csv"), Encoding.Latin1.GetBytes(table.Replace("fctry", "f\u00e9")));
        Assert.Equal(ErrorIds.TextFileInvalidEncoding, Assert.Throws<MfgException>(() => MatterMfg.Esp.EspPartitionTable.Load(tmp.File("c.csv"))).ErrorId);
    }

    private static string CopyExtraKeysCase(TempDir tmp)
    {
        string work = tmp.File("case");
        Directory.CreateDirectory(work);
        foreach (string f in Directory.GetFiles(FactoryVectors.Folder("extra_keys_csv_mcsv")).Where(f => !Path.GetFileName(f).StartsWith("expected", StringComparison.Ordinal)))
        {
            File.Copy(f, Path.Combine(work, Path.GetFileName(f)));
        }
        return work;
    }
}
