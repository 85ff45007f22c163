using System;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Nvs;

/// <summary>The generator CSV and its encodings (mfg_tool-reference §4.3).</summary>
public class NvsInputTests
{
    private static NvsEntry Data(string encoding, string value) => NvsValueEncoding.FromText("ns", "k", encoding, value, "t.csv line 2");

    private static string Error(Action a) => Assert.Throws<MfgException>(a).ErrorId;

    [Fact]
    public void CsvSkipsCommentLinesAndKeepsLineNumbersAcrossQuotedLineBreaks()
    {
        string csv = "# leading comment\r\nkey,type,encoding,value\r\nns,namespace,,\r\ns,data,string,\"a, \"\"quoted\"\"\r\nvalue\"\r\n\r\n#x,data,u8,1\r\nn,data,u8,7\r\n";
        var rows = NvsCsv.Parse(csv, "in.csv");
        Assert.Equal(new[] { "in.csv line 3", "in.csv line 4", "in.csv line 8" }, rows.Select(r => r.Source));
        Assert.Equal("a, \"quoted\"\nvalue", rows[1].Value);
        Assert.True(rows[0].IsNamespace);
        Assert.Equal("7", rows[2].Value);
    }

    [Fact]
    public void CsvHeaderIsRequiredAndColumnsMayBeInAnyOrder()
    {
        var rows = NvsCsv.Parse("value,encoding,type,key\n,,namespace,ns\n5,u8,data,k\n", "x.csv");
        Assert.Equal("k", rows[1].Key);
        Assert.Equal("u8", rows[1].Encoding);
        Assert.Equal("NvsCsvHeader", Error(() => NvsCsv.Parse("ns,namespace,,\nk,data,u8,1\n", "x.csv")));
        Assert.Equal("CsvUnterminatedQuote", Error(() => NvsCsv.Parse("key,type,encoding,value\nk,data,string,\"open\n", "x.csv")));
        Assert.Empty(NvsCsv.Parse("", "x.csv"));
    }

    [Theory]
    [InlineData("u8", "255", 255UL)]
    [InlineData("u8", " 7 ", 7UL)]
    [InlineData("u16", "0xFFFF", 65535UL)]
    [InlineData("u32", "1_000_000", 1000000UL)]
    [InlineData("i8", "-128", 0xFFFFFFFFFFFFFF80UL)]
    [InlineData("i64", "-9223372036854775808", 0x8000000000000000UL)]
    [InlineData("u64", "18446744073709551615", ulong.MaxValue)]
    [InlineData("U32", "+3", 3UL)]
    [InlineData("u16", "0010", 10UL)] // int('0010') is 10 (leading zeros are fine in int(x), unlike int(x, 0))
    [InlineData("u16", "\u0661\u0662", 12UL)] // Arabic-Indic digits: int() reads any Unicode decimal digit
    public void IntegersParseLikePythonIntPlusHex(string encoding, string text, ulong bits) =>
        Assert.Equal(bits, Data(encoding, text).IntegerBits);

    [Theory]
    [InlineData("u8", "256", "NvsIntegerOutOfRange")]
    [InlineData("i8", "128", "NvsIntegerOutOfRange")]
    [InlineData("u16", "-1", "NvsIntegerOutOfRange")]
    [InlineData("i16", "-32769", "NvsIntegerOutOfRange")]
    [InlineData("u32", "4294967296", "NvsIntegerOutOfRange")]
    [InlineData("i32", "2147483648", "NvsIntegerOutOfRange")]
    [InlineData("u64", "18446744073709551616", "NvsIntegerOutOfRange")]
    [InlineData("i64", "9223372036854775808", "NvsIntegerOutOfRange")]
    [InlineData("u8", "", "NvsBadInteger")]
    [InlineData("u8", "1e3", "NvsBadInteger")]
    [InlineData("u8", "10kb", "NvsBadInteger")]
    [InlineData("u8", "1__0", "NvsBadInteger")]
    [InlineData("u8", "1.5", "NvsBadInteger")]
    [InlineData("u8", "0o7", "NvsBadInteger")] // int(x) has no base prefixes; only 0x is added here
    [InlineData("float", "1", "NvsUnknownEncoding")]
    public void BadIntegersAndEncodingsAreNamed(string encoding, string text, string id)
    {
        var e = Assert.Throws<MfgException>(() => Data(encoding, text));
        Assert.Equal(id, e.ErrorId);
        Assert.StartsWith("t.csv line 2 (key 'k'): ", e.Message);
        Assert.Equal("t.csv line 2", e.Target);
    }

    [Theory]
    [InlineData("MTIzYWJj", "313233616263")]
    [InlineData("A Q I D", "010203")]
    [InlineData("AQ==", "01")]
    [InlineData("AQID\nBAUG\n", "010203040506")]
    [InlineData("", "")]
    public void Base64IsDecodedStrictlyWithWhitespaceAllowed(string text, string hex) =>
        Assert.Equal(hex, Data("base64", text).ValueText);

    [Theory]
    [InlineData("MTIzYWJ")]
    [InlineData("MTIzY")]
    [InlineData("AQ=")]
    [InlineData("QUJD=ignored")]
    [InlineData("@@@@")]
    [InlineData("YQ==YQ==")]
    [InlineData("AQI-")]
    [InlineData("AQ=D")]
    public void BadBase64IsAnError(string text) => Assert.Equal("NvsBadBase64", Error(() => Data("base64", text)));

    [Fact]
    public void HexAndFillEncodings()
    {
        Assert.Equal("00ffab", Data("hex2bin", " 00FFab\n").ValueText);
        Assert.Equal("NvsBadHex", Error(() => Data("hex2bin", "abc")));
        var e = Assert.Throws<MfgException>(() => Data("hex2bin", "zz11"));
        Assert.Contains("non-hex character 'z' at position 1", e.Message);
        Assert.Equal("6869eeeeee", Data("blob_fill(5;0xee)", "hi").ValueText);
        Assert.Equal("020000006869000000", Data("blob_sz_fill(5;0x00)", "hi").ValueText);
        Assert.Equal("NvsValueLongerThanFill", Error(() => Data("blob_fill(1;0x00)", "hi")));
        Assert.Equal("NvsFillLengthTooLarge", Error(() => Data("blob_fill(1048577;0x00)", "hi")));
        Assert.Equal(NvsType.String, Data("string", "é").Type);
        Assert.Equal("c3a9", Data("binary", "é").ValueText); // UTF-8 bytes (the generator sizes this in characters)
    }

    [Fact]
    public void FileRowsAreReadRelativeToTheCsvFolder()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("v.txt"), "0102\n");
        File.WriteAllBytes(d.File("raw.bin"), new byte[] { 9, 8 });
        File.WriteAllText(d.File("n.txt"), "42\n");
        File.WriteAllText(d.File("in.csv"), "key,type,encoding,value\nns,namespace,,\nh,file,hex2bin,v.txt\nr,file,binary,raw.bin\nn,file,u16,n.txt\ns,file,string,n.txt\n");
        var entries = NvsPartitionReader.Read(NvsPartitionWriter.Write(NvsCsv.Load(d.File("in.csv")), d.Path, 0x3000)).Entries;
        Assert.Equal(new[] { "0102", "0908", "42", "42\n" }, entries.Select(e => e.ValueText));
        File.WriteAllText(d.File("in.csv"), "key,type,encoding,value\nns,namespace,,\nh,file,binary,missing.bin\n");
        var e = Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(NvsCsv.Load(d.File("in.csv")), d.Path, 0x3000));
        Assert.Equal("InputFileNotFound", e.ErrorId);
        Assert.Contains("in.csv line 3", e.Message);
        Assert.Contains(d.File("missing.bin"), e.Message);
        Assert.Equal("InputFileNotFound", Error(() => NvsCsv.Load(d.File("nope.csv"))));
    }

    [Fact]
    public void RowsNeedAKnownTypeAndANamespace()
    {
        Assert.Equal("NvsUnknownType", Error(() => new NvsRow("ns", "k", "dta", "u8", "1").ToEntry(null, ".")));
        Assert.Equal("NvsNoNamespace", Error(() => new NvsRow(null, "k", "data", "u8", "1").ToEntry(null, ".")));
        Assert.Equal("NvsValueMissing", Error(() => new NvsRow("ns", "k", "data", "u8", (string?)null).ToEntry(null, ".")));
        // NVS type names, as Read-EspNvsPartition reports them, are accepted as types.
        Assert.Equal(NvsType.I16, new NvsRow("ns", "k", "I16", null, "-5").ToEntry(null, ".").Type);
        Assert.Equal("0a0b", new NvsRow("ns", "k", "BlobData", null, new byte[] { 10, 11 }).ToEntry(null, ".").ValueText);
        Assert.Equal("0a0b", new NvsRow("ns", "k", "blob", null, "0a0b").ToEntry(null, ".").ValueText);
        Assert.Equal("NvsTypeEncodingConflict", Error(() => new NvsRow("ns", "k", "u8", "string", "1").ToEntry(null, ".")));
    }

    [Fact]
    public void KeysDerivedFromAnHmacKeyMatchTheScheme()
    {
        // Reference values computed with Python's hmac/hashlib over the seeds 5A5ABEAE×8 and A5A5DECE×8.
        var keys = NvsKeys.FromHmacKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        Assert.Equal("813a141220ddb819f4d73d59fa3032ab9f592cc26a18cf1fde692f712b6a025c", Convert.ToHexString(keys.DataKey).ToLowerInvariant());
        Assert.Equal("b20ad6b6ddd1658a6e14d1b5b726e42356adf4ff2f68fcd8826ac2908408addf", Convert.ToHexString(keys.TweakKey).ToLowerInvariant());
        Assert.Equal("NvsHmacKeyLength", Error(() => NvsKeys.FromHmacKey(new byte[16])));
    }

    [Fact]
    public void KeysPartitionIsChecked()
    {
        byte[] p = NvsKeys.Generate().ToPartition();
        Assert.Equal(4096, p.Length);
        Assert.True(p.AsSpan(68).ToArray().All(b => b == 0xFF));
        p[3] ^= 1;
        Assert.Equal("NvsKeyPartitionCrcMismatch", Error(() => NvsKeys.FromPartition(p)));
        Assert.Equal("NvsKeyPartitionEmpty", Error(() => NvsKeys.FromPartition(Enumerable.Repeat((byte)0xFF, 4096).ToArray())));
        Assert.Equal("NvsKeyPartitionInvalid", Error(() => NvsKeys.FromPartition(new byte[10])));
        Assert.Equal("NvsKeyLength", Error(() => NvsKeys.FromBytes(new byte[32])));
    }
}
