using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Tests.Factory;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>
/// Numbers as given: every number outside its input's range, however large, through mattermfg, mattermfg ota and the
/// cmdlets. Each case asserts the exit code or the catalogue id, that the message quotes the value as it was written
/// (never clamped to 2147483647, never "not an integer") and names the option or parameter, and that nothing is left
/// on disk.
/// </summary>
[Collection("WholeFactoryRuns")] // whole factory runs, one class at a time (CPU-heavy; the collection name is all they share)
public class NumberBadInputTests
{
    /// <summary>mattermfg: the arguments (besides a valid base), the value as written, the option's long name, the id (null: a usage error).</summary>
    public static IEnumerable<object?[]> CliCases => new (string[] Args, string Written, string Option, string? Id)[]
    {
        (new[] { "-n", "999999999999" }, "999999999999", "--count", ErrorIds.NumberOutOfRange),
        (new[] { "-n", "1000001" }, "1000001", "--count", ErrorIds.NumberOutOfRange),
        (new[] { "--count=-5" }, "-5", "--count", ErrorIds.NumberOutOfRange),
        (new[] { "-n", "0x1_0000_0000_0000_0000" }, "0x1_0000_0000_0000_0000", "--count", ErrorIds.NumberOutOfRange),
        (new[] { "-v", "0x1_0000_FFF1" }, "0x1_0000_FFF1", "--vendor-id", ErrorIds.NumberOutOfRange),
        (new[] { "-v", "65536" }, "65536", "--vendor-id", ErrorIds.NumberOutOfRange),
        (new[] { "-p", "0o200000" }, "0o200000", "--product-id", ErrorIds.NumberOutOfRange),
        (new[] { "-p", "-1" }, "-1", "--product-id", ErrorIds.NumberOutOfRange),
        (new[] { "--hw-ver", "0b1_0000_0000_0000_0000" }, "0b1_0000_0000_0000_0000", "--hw-ver", ErrorIds.NumberOutOfRange),
        (new[] { "--discriminator", "0x1000" }, "0x1000", "--discriminator", ErrorIds.NumberOutOfRange),
        (new[] { "--discriminator", "99999999999999999999999" }, "99999999999999999999999", "--discriminator", ErrorIds.NumberOutOfRange),
        (new[] { "--passcode", "0xFFFF_FFFF_FFFF_FFFF_FF" }, "0xFFFF_FFFF_FFFF_FFFF_FF", "--passcode", ErrorIds.NumberOutOfRange),
        (new[] { "--passcode", "1_0000_0000" }, "1_0000_0000", "--passcode", ErrorIds.NumberOutOfRange),
        (new[] { "--iteration-count", "1000000000000" }, "1000000000000", "--iteration-count", ErrorIds.NumberOutOfRange),
        (new[] { "--iteration-count", "0b1111" }, "0b1111", "--iteration-count", ErrorIds.NumberOutOfRange),
        (new[] { "-s", "0x1_0000_0000" }, "0x1_0000_0000", "--size", ErrorIds.NumberOutOfRange),
        (new[] { "--size=-0o10000" }, "-0o10000", "--size", ErrorIds.NumberOutOfRange),
        (new[] { "-lt", "99999999999" }, "99999999999", "--lifetime", ErrorIds.NumberOutOfRange),
        (new[] { "-lt", "-1" }, "-1", "--lifetime", ErrorIds.NumberOutOfRange),
        (new[] { "--efuse-key-id", "99999999999" }, "99999999999", "--efuse-key-id", ErrorIds.NumberOutOfRange),
        (new[] { "--efuse-key-id", "-2" }, "-2", "--efuse-key-id", ErrorIds.NumberOutOfRange),
        (new[] { "-cf", "0x1_0000_0000_0000_0000" }, "0x1_0000_0000_0000_0000", "--commissioning-flow", null),
        (new[] { "-dm", "0x10" }, "0x10", "--discovery-mode", null),
    }.Select(c => new object?[] { string.Join(" ", c.Args), c.Args, c.Written, c.Option, c.Id });

    [Theory]
    [MemberData(nameof(CliCases))]
    public void Mattermfg_reports_the_number_as_written(string display, string[] args, string written, string option, string? id)
    {
        Assert.NotNull(display);
        using var tmp = new TempDir();
        string[] all = new[] { "-v", "0xFFF2", "-p", "0x8001", "--outdir", "out" }.Concat(args).ToArray();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(all, stdout, stderr, tmp.Path, new MatterFactoryEngine());
        Assert.Equal(2, rc);
        string err = stderr.ToString();
        Assert.Contains(written, err);
        Assert.Contains(option, err);
        Assert.DoesNotContain("2147483647 is out of range", err); // never the clamped value
        Assert.DoesNotContain("got 2147483647", err);
        BadInputAssert.NoStackTrace(err + stdout);
        BadInputAssert.NothingWritten(tmp.Path);
        if (id != null)
        {
            var e = Assert.Throws<MfgException>(() => MfgToolCommandLine.Parse(all));
            Assert.Equal(id, e.ErrorId);
            Assert.Contains($"{written} is out of range (", e.Message);
        }
        else
        {
            Assert.Contains("invalid choice: " + written, Assert.Throws<UsageException>(() => MfgToolCommandLine.Parse(all)).Message);
        }
    }

    /// <summary>mattermfg ota create: the option and the value as written (argparse: a usage error, exit 2).</summary>
    public static IEnumerable<object[]> OtaCases => new (string Option, string Written)[]
    {
        ("-v", "0x1_0000"),
        ("-p", "99999999999999999999999"),
        ("-vn", "0x1_0000_0000"),
        ("-mi", "-1"),
        ("-ma", "0o40000000000"),
    }.Select(c => new object[] { c.Option, c.Written });

    [Theory]
    [MemberData(nameof(OtaCases))]
    public void Mattermfg_ota_reports_the_number_as_written(string option, string written)
    {
        using var tmp = new TempDir();
        string fw = tmp.File("fw.bin");
        File.WriteAllBytes(fw, new byte[] { 1, 2, 3 });
        var values = new Dictionary<string, string> { ["-v"] = "0xFFF1", ["-p"] = "0x8000", ["-vn"] = "2", ["-vs"] = "2.0", [option] = written };
        var args = new[] { "ota", "create" }.Concat(values.SelectMany(kv => new[] { kv.Key, kv.Value })).Concat(new[] { "fw.bin", "out.ota" }).ToArray();
        var stderr = new StringWriter();
        Assert.Equal(2, Program.Run(args, TextWriter.Null, stderr, tmp.Path, new MatterFactoryEngine()));
        string err = stderr.ToString();
        Assert.Contains($"argument {option}/", err);
        Assert.Contains($"{written} is out of range (", err);
        BadInputAssert.NoStackTrace(err);
        BadInputAssert.NothingWritten(tmp.Path, fw);
    }

    /// <summary>A cmdlet call ($out a folder to write to, $in an existing input file), the parameter, the value as written, the catalogue id.</summary>
    public static IEnumerable<object[]> CmdletCases => new (string Call, string Parameter, string Written, string Id)[]
    {
        ("New-MatterFactoryImage -VendorId 0x10000FFF1 -ProductId 0x8000 -TestAttestation -OutputPath $out", "VendorId", "0x10000FFF1", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -VendorId '0x10000FFF1' -ProductId 0x8000 -TestAttestation -OutputPath $out", "VendorId", "0x10000FFF1", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -Count 999999999999 -TestAttestation -OutputPath $out", "Count", "999999999999", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -Count 1000001 -TestAttestation -OutputPath $out", "Count", "1000001", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -Count 99999999999999999999 -TestAttestation -OutputPath $out", "Count", "99999999999999999999", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -Discriminator 0x1000 -TestAttestation -OutputPath $out", "Discriminator", "0x1000", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -Passcode '100000000' -TestAttestation -OutputPath $out", "Passcode", "100000000", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -IterationCount 1000000000000 -TestAttestation -OutputPath $out", "IterationCount", "1000000000000", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -PartitionSize 0x100000000 -TestAttestation -OutputPath $out", "PartitionSize", "0x100000000", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -LifetimeDays 99999999999 -TestAttestation -OutputPath $out", "LifetimeDays", "99999999999", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -HardwareVersion 70000 -TestAttestation -OutputPath $out", "HardwareVersion", "70000", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -EfuseKeyId 6 -TestAttestation -OutputPath $out", "EfuseKeyId", "6", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -SerialNumberStart '99999999999999999999' -TestAttestation -OutputPath $out", "SerialNumberStart", "99999999999999999999", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -ThrottleLimit 1e20 -TestAttestation -OutputPath $out", "ThrottleLimit", "1E+20", ErrorIds.NumberOutOfRange),
        ("New-MatterFactoryImage -Count 1.5 -TestAttestation -OutputPath $out", "Count", "1.5", ErrorIds.NumberInvalid),
        ("New-MatterPasscode -Count 0x100000000", "Count", "0x100000000", ErrorIds.NumberOutOfRange),
        ("New-MatterDiscriminator -Count 1000001", "Count", "1000001", ErrorIds.NumberOutOfRange),
        ("Get-MatterOnboardingPayload -VendorId 0x1FFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 1 -QrImagePath (Join-Path $out q.png)", "VendorId", "0x1FFF1", ErrorIds.NumberOutOfRange),
        ("Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 4096", "Discriminator", "4096", ErrorIds.NumberOutOfRange),
        ("New-MatterSpake2pVerifier -Passcode 0xFFFFFFFFF", "Passcode", "0xFFFFFFFFF", ErrorIds.NumberOutOfRange),
        ("New-MatterSpake2pVerifier -Passcode 20202021 -IterationCount 100001", "IterationCount", "100001", ErrorIds.NumberOutOfRange),
        ("New-EspNvsPartition -CsvPath $in -Size 0x100000000 -OutFile (Join-Path $out n.bin)", "Size", "0x100000000", ErrorIds.NumberOutOfRange),
        ("Read-EspFlash -Port nowhere -Offset 0x100000000 -Length 16 -Path (Join-Path $out r.bin)", "Offset", "0x100000000", ErrorIds.NumberOutOfRange),
        ("Read-EspFlash -Port nowhere -Offset 0 -Length '0x1_0000' -Path (Join-Path $out r.bin)", "Length", "0x1_0000", ErrorIds.NumberInvalid),
        ("Write-EspPartition -Port nowhere -Path $in -Offset 99999999999999999999", "Offset", "99999999999999999999", ErrorIds.NumberOutOfRange),
        ("Get-EspChip -Port nowhere -Baud 99999999999", "Baud", "99999999999", ErrorIds.NumberOutOfRange),
        ("Get-EspChip -Port nowhere -Baud 1kb", "Baud", "1024", ErrorIds.NumberOutOfRange),
        ("Get-EspChip -Port nowhere -Baud '10kb'", "Baud", "10kb", ErrorIds.NumberInvalid),
        ("New-MatterOtaImage -Path $in -OutFile (Join-Path $out o.ota) -VendorId 0xFFF1 -ProductId 0x8000 -SoftwareVersion 0x100000000 -SoftwareVersionString 1", "SoftwareVersion", "0x100000000", ErrorIds.NumberOutOfRange),
        ("New-MatterDac -VendorId 99999999999999999999 -ProductId 0x8000 -TestAttestation -OutputPath $out", "VendorId", "99999999999999999999", ErrorIds.NumberOutOfRange),
        ("New-MatterCertificationDeclaration -VendorId 0xFFF1 -ProductId 0x8000 -DeviceTypeId 0x100000000 -CertificateId ZIG20142ZB330003-24 -TestSigner -OutFile (Join-Path $out cd.der)", "DeviceTypeId", "0x100000000", ErrorIds.NumberOutOfRange),
        ("Test-MatterFactoryImage -Path $in -Passcode 100000000", "Passcode", "100000000", ErrorIds.NumberOutOfRange),
        ("[pscustomobject]@{ VendorId = '0x10000FFF1'; ProductId = '0x8000'; Passcode = '20202021'; Discriminator = '1' } | Get-MatterOnboardingPayload", "VendorId", "0x10000FFF1", ErrorIds.NumberOutOfRange),
        ("[pscustomobject]@{ VendorId = '0xFFF1'; ProductId = '0x8000'; Passcode = '20202021'; Discriminator = '99999999999999999999999' } | Get-MatterOnboardingPayload", "Discriminator", "99999999999999999999999", ErrorIds.NumberOutOfRange),
    }.Select(c => new object[] { c.Call, c.Parameter, c.Written, c.Id });

    [Theory]
    [MemberData(nameof(CmdletCases))]
    public void A_cmdlet_parameter_is_refused_as_written_while_it_binds(string call, string parameter, string written, string id)
    {
        using var tmp = new TempDir();
        string input = tmp.File("input.bin");
        File.WriteAllBytes(input, new byte[] { 1, 2, 3 });
        var r = Ps.Run(call, ("out", tmp.File("out")), ("in", input));
        Assert.Empty(r.Output);
        var record = r.TerminatingRecord ?? Assert.Single(r.Errors);
        // PowerShell names every binding error ParameterArgumentTransformationError; the catalogue id is the MfgException inside.
        Assert.StartsWith("ParameterArgumentTransformationError,", record.FullyQualifiedErrorId);
        var inner = Assert.IsType<MfgException>(record.Exception.InnerException);
        Assert.Equal(id, inner.ErrorId);
        string message = record.Exception.Message;
        Assert.Contains($"parameter '{parameter}'", message);
        Assert.Contains(written, message);
        Assert.DoesNotContain("Exception", message);
        BadInputAssert.NothingWritten(tmp.Path, input);
    }

    [Fact]
    public void A_count_of_rows_over_the_bound_is_refused_before_any_device()
    {
        using var tmp = new TempDir();
        var o = new FactoryOptions { VendorId = 0xFFF2, ProductId = 0x8001, OutputDirectory = "out", WorkingDirectory = tmp.Path, Attestation = AttestationMode.TestPki };
        using var batch = new FactoryBatch(new FactoryBatchSettings { Options = o }, new FakeFactoryEngine());
        var e = Assert.Throws<MfgException>(() => batch.Run(new RowsOfCount(FactoryOptions.MaxCount + 1)));
        Assert.Equal(ErrorIds.NumberOutOfRange, e.ErrorId);
        Assert.StartsWith("The input rows: 1000001 is out of range (1..1000000)", e.Message);
        BadInputAssert.NothingWritten(tmp.Path);
    }

    /// <summary>A list that only knows its length: the bound is checked before any row is read.</summary>
    private sealed class RowsOfCount : IReadOnlyList<DeviceInput>
    {
        public RowsOfCount(int count) => Count = count;

        public int Count { get; }

        public DeviceInput this[int index] => throw new System.InvalidOperationException("a row was read");

        public IEnumerator<DeviceInput> GetEnumerator() => throw new System.InvalidOperationException("the rows were enumerated");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
