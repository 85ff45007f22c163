using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Nvs;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Nvs;

public class NvsCmdletTests
{
    private static string[] Ids(PsResult r) =>
        r.Errors.Concat(r.TerminatingRecord == null ? Array.Empty<ErrorRecord>() : new[] { r.TerminatingRecord })
            .Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray();

    private static string Vector(string name, string file) => Path.Combine(NvsVectors.Folder(name), file);

    [Fact]
    public void CsvGivesTheGeneratorImage()
    {
        using var d = new TempDir();
        string outFile = d.File("nvs.bin");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $csv -Size '0x6000' -OutFile $out", ("csv", Vector("file_encodings", "input.csv")), ("out", outFile));
        var info = Assert.Single(r.Ok());
        Assert.Equal(File.ReadAllBytes(Vector("file_encodings", "expected.bin")), File.ReadAllBytes(outFile));
        Assert.Equal(outFile, info.Properties["Path"].Value);
        Assert.Equal(4, info.Properties["Entries"].Value);
        Assert.Equal(1, info.Properties["PagesUsed"].Value);
        Assert.Equal(false, info.Properties["Encrypted"].Value);
    }

    [Fact]
    public void ABadCsvRowIsNamedAndNothingIsWritten()
    {
        using var d = new TempDir();
        string csv = d.File("bad.csv");
        File.WriteAllText(csv, "key,type,encoding,value\n# a comment\nns,namespace,,\nok,data,u8,1\nbig,data,u8,256\nh,data,hex2bin,0g\nkey-of-16-chars!,data,u8,1\n");
        string outFile = d.File("nvs.bin");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $csv -OutFile $out", ("csv", csv), ("out", outFile));
        Assert.Null(r.Terminating);
        Assert.Equal(new[] { "NvsIntegerOutOfRange", "NvsBadHex", "NvsKeyTooLong", "NvsPartitionNotWritten" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("bad.csv line 5", r.Errors[0].TargetObject);
        Assert.Contains("256 is out of range for u8 (0..255)", r.Errors[0].Exception.Message);
        Assert.Equal("bad.csv line 6", r.Errors[1].TargetObject);
        Assert.Equal(ErrorCategory.InvalidArgument, r.Errors[0].CategoryInfo.Category);
        Assert.False(File.Exists(outFile));
        Assert.Empty(Directory.GetFiles(d.Path, "*.bin*"));
    }

    [Fact]
    public void AMissingCsvIsOneErrorNamingIt()
    {
        using var d = new TempDir();
        string csv = d.File("missing.csv");
        string outFile = d.File("nvs.bin");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $csv -OutFile $out", ("csv", csv), ("out", outFile));
        Assert.Equal(new[] { "InputFileNotFound" }, Ids(r));
        var record = r.TerminatingRecord ?? Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Contains(csv, record.Exception.Message);
        Assert.False(File.Exists(outFile));
    }

    [Theory]
    [MemberData(nameof(NvsVectors.NegativeCases), MemberType = typeof(NvsVectors))]
    public void NegativeVectorsLeaveNoFile(string name, string errorId)
    {
        using var d = new TempDir();
        string folder = NvsVectors.Folder(Path.Combine("negative", name));
        var args = NvsVectors.ReadArgs(folder);
        string outFile = d.File("out.bin");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $csv -Size $size -Version $v -OutFile $out",
            ("csv", Path.Combine(folder, "input.csv")), ("size", args.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("v", args.Version == NvsFormatVersion.V1 ? "1" : "2"), ("out", outFile));
        Assert.Contains(errorId, Ids(r));
        Assert.False(File.Exists(outFile));
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }

    [Fact]
    public void WhatIfWritesNothing()
    {
        using var d = new TempDir();
        string outFile = d.File("nvs.bin");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $csv -OutFile $out -WhatIf; New-EspNvsKeyPartition -Path $keys -WhatIf",
            ("csv", Vector("all_data_types", "input.csv")), ("out", outFile), ("keys", d.File("keys.bin")));
        Assert.Empty(r.Ok());
        Assert.Contains("What if:", r.HostText);
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }

    [Fact]
    public void PipelineEntriesWithStringValuesAreWrittenAndReadBack()
    {
        using var d = new TempDir();
        string outFile = d.File("app.bin");
        var rows = new[]
        {
            Ps.Row(("Namespace", "app"), ("Key", "serial"), ("Type", "data"), ("Encoding", "string"), ("Value", "SN-0001")),
            Ps.Row(("Namespace", "app"), ("Key", "boots"), ("Type", "data"), ("Encoding", "u32"), ("Value", "0x10")),
            Ps.Row(("Namespace", "cal"), ("Key", "offset"), ("Encoding", "i16"), ("Value", "-12")),
            Ps.Row(("Namespace", "cal"), ("Key", "table"), ("Type", "data"), ("Encoding", "hex2bin"), ("Value", "00ff10")),
        };
        Ps.Run("$rows | New-EspNvsPartition -Size 0x3000 -OutFile $out", ("rows", rows), ("out", outFile)).Ok();
        var read = Ps.Run("Read-EspNvsPartition $out", ("out", outFile)).Ok();
        Assert.Equal(new[] { "app/serial", "app/boots", "cal/offset", "cal/table" }, read.Select(o => $"{o.Properties["Namespace"].Value}/{o.Properties["Key"].Value}"));
        Assert.Equal("SN-0001", read[0].Properties["Value"].Value);
        Assert.Equal(16u, read[1].Properties["Value"].Value);
        Assert.Equal((short)-12, read[2].Properties["Value"].Value);
        Assert.Equal(new byte[] { 0, 0xFF, 0x10 }, read[3].Properties["Value"].Value);
        Assert.Equal(NvsType.BlobData, read[3].Properties["Type"].Value);
        // Every property of an output object can be read (no span-typed property to trip PowerShell's formatting).
        var values = Ps.Run("Read-EspNvsPartition $out | ForEach-Object { $_.PSObject.Properties | ForEach-Object { \"$($_.Name)=$($_.Value)\" } }", ("out", outFile)).Ok();
        Assert.Contains("ValueText=00ff10", values.Select(v => v.ToString()));
        var only = Ps.Run("Read-EspNvsPartition $out -Namespace c* -Key off*", ("out", outFile)).Ok();
        Assert.Equal("offset", Assert.Single(only).Properties["Key"].Value);
    }

    [Fact]
    public void ABadPipelineRowIsReportedAndTheOthersAreStillChecked()
    {
        using var d = new TempDir();
        string outFile = d.File("app.bin");
        var rows = new[]
        {
            Ps.Row(("Namespace", "app"), ("Key", "a"), ("Encoding", "u8"), ("Value", "1")),
            Ps.Row(("Namespace", "app"), ("Key", "b"), ("Value", "2")), // no Encoding: must not reuse row 1's
            Ps.Row(("Namespace", "app"), ("Key", "c"), ("Encoding", "u8"), ("Value", "10kb")),
            Ps.Row(("Namespace", "app"), ("Key", "d"), ("Encoding", "u8"), ("Value", "3")),
        };
        var r = Ps.Run("$rows | New-EspNvsPartition -OutFile $out", ("rows", rows), ("out", outFile));
        Assert.Equal(new[] { "NvsUnknownEncoding", "NvsBadInteger", "NvsPartitionNotWritten" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("entry 2", r.Errors[0].TargetObject);
        Assert.Equal("entry 3", r.Errors[1].TargetObject);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void ReadThenWriteGivesTheSameImage()
    {
        using var d = new TempDir();
        string outFile = d.File("copy.bin");
        Ps.Run("Read-EspNvsPartition $in | New-EspNvsPartition -Size 0x6000 -OutFile $out",
            ("in", Vector("all_data_types", "expected.bin")), ("out", outFile)).Ok();
        Assert.Equal(File.ReadAllBytes(Vector("all_data_types", "expected.bin")), File.ReadAllBytes(outFile));
    }

    [Fact]
    public void KeyPartitionEncryptsAndDecryptsLikeTheGenerator()
    {
        using var d = new TempDir();
        string keys = d.File("keys.bin"), enc = d.File("enc.bin");
        string key = "0x" + new string('1', 64) + new string('2', 64);
        var k = Ps.Run("New-EspNvsKeyPartition -Path $keys -Key $key", ("keys", keys), ("key", key)).Ok();
        Assert.Equal(keys, ((FileInfo)Assert.Single(k).BaseObject).FullName);
        Assert.Equal(File.ReadAllBytes(Vector("encrypted_fixed_key", "keys.bin")), File.ReadAllBytes(keys));
        var info = Ps.Run("New-EspNvsPartition -CsvPath $csv -OutFile $out -KeyPartitionPath $keys",
            ("csv", Vector("encrypted_fixed_key", "input.csv")), ("out", enc), ("keys", keys)).Ok();
        Assert.Equal(true, info[0].Properties["Encrypted"].Value);
        Assert.Equal(File.ReadAllBytes(Vector("encrypted_fixed_key", "expected.bin")), File.ReadAllBytes(enc));
        var read = Ps.Run("Read-EspNvsPartition $in -KeyPartitionPath $keys -Key s", ("in", enc), ("keys", keys)).Ok();
        Assert.Equal("secret", Assert.Single(read).Properties["Value"].Value);
        var withKey = Ps.Run("Read-EspNvsPartition $in -EncryptionKey $key -Key s", ("in", enc), ("key", key)).Ok();
        Assert.Equal("secret", Assert.Single(withKey).Properties["Value"].Value);
    }

    [Fact]
    public void EachPipelineObjectMayBringItsKeysPartition()
    {
        using var d = new TempDir();
        string keys = d.File("keys.bin"), enc = d.File("enc.bin");
        Ps.Run("New-EspNvsKeyPartition $keys; New-EspNvsPartition -CsvPath $csv -OutFile $enc -KeyPartitionPath $keys",
            ("keys", keys), ("csv", Vector("key_15_chars", "input.csv")), ("enc", enc)).Ok();
        var devices = new[]
        {
            Ps.Row(("PartitionPath", enc), ("KeysPartitionPath", keys)),
            Ps.Row(("PartitionPath", Vector("min_rw_size_0x3000", "expected.bin")), ("KeysPartitionPath", "")),
            Ps.Row(("PartitionPath", enc), ("KeysPartitionPath", d.File("missing.bin"))),
        };
        var r = Ps.Run("$devices | Read-EspNvsPartition", ("devices", devices));
        Assert.Equal(new[] { "abcdefghijklmno", "a", "only" }, r.Output.Select(o => (string)o.Properties["Key"].Value));
        var e = Assert.Single(r.Errors);
        Assert.Equal("InputFileNotFound", e.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(d.File("missing.bin"), e.TargetObject);
    }

    [Fact]
    public void KeyPartitionIsNotReplacedWithoutForce()
    {
        using var d = new TempDir();
        string keys = d.File("keys.bin");
        Ps.Run("New-EspNvsKeyPartition $keys", ("keys", keys)).Ok();
        byte[] first = File.ReadAllBytes(keys);
        Assert.Equal(4096, first.Length);
        Assert.NotNull(NvsKeys.FromPartition(first));
        var again = Ps.Run("New-EspNvsKeyPartition $keys", ("keys", keys));
        Assert.Equal("NvsKeyPartitionExists", Assert.Single(again.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(first, File.ReadAllBytes(keys));
        Ps.Run("New-EspNvsKeyPartition $keys -Force", ("keys", keys)).Ok();
        Assert.NotEqual(first, File.ReadAllBytes(keys));
    }

    [Fact]
    public void ACorruptImageIsReportedAndTheNextPathIsRead()
    {
        using var d = new TempDir();
        string bad = d.File("bad.bin");
        byte[] image = File.ReadAllBytes(Vector("key_15_chars", "expected.bin"));
        image[0x60 + 10] ^= 0x04; // a key byte of slot 1
        File.WriteAllBytes(bad, image);
        var r = Ps.Run("Read-EspNvsPartition $bad, $good", ("bad", bad), ("good", Vector("key_15_chars", "expected.bin")));
        var e = Assert.Single(r.Errors);
        Assert.Equal("NvsEntryCrcMismatch", e.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(bad, e.TargetObject);
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        Assert.Contains("page 0, slot 1", e.Exception.Message);
        Assert.Equal(2, r.Output.Count);
    }

    [Fact]
    public void BadSetupStopsBeforeAnything()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-EspNvsPartition -CsvPath $csv -OutFile $out -Size 0x3100", ("csv", Vector("key_15_chars", "input.csv")), ("out", d.File("x.bin")));
        // A terminating error of a cmdlet stops that statement (it lands in the error stream of the script).
        Assert.Equal(new[] { "NvsSizeNotPageMultiple" }, Ids(r));
        var k = Ps.Run("New-EspNvsPartition -CsvPath $csv -OutFile $out -KeyPartitionPath $k", ("csv", Vector("key_15_chars", "input.csv")), ("out", d.File("x.bin")), ("k", d.File("missing.bin")));
        Assert.Equal(new[] { "InputFileNotFound" }, Ids(k));
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }
}

public class NvsPesterFileTests
{
    [Fact]
    public void PesterSuiteParses()
    {
        // Pester is not available here; at least the suite must be valid PowerShell.
        string path = System.IO.Path.Combine(Repo.Root, "tests", "Nvs.Tests.ps1");
        System.Management.Automation.Language.Parser.ParseFile(path, out _, out var errors);
        Assert.Empty(errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"));
    }
}
