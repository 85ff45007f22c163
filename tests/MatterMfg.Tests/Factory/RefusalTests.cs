using System;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>
/// Contradictory, duplicate or empty input is refused before any device is made: exit 2 (CLI) or a terminating error
/// (cmdlet), with the error id, and nothing on disk.
/// </summary>
public class RefusalTests
{
    /// <summary>Runs the CLI in <paramref name="d"/>; asserts exit 2, <paramref name="message"/> in stderr, and that no output folder was made.</summary>
    private static string Refused(TempDir d, string message, params string[] args) => Refused(d, message, new FakeFactoryEngine(), args);

    private static string Refused(TempDir d, string message, IFactoryEngine engine, params string[] args)
    {
        var stderr = new StringWriter();
        int rc = Program.Run(args.Concat(new[] { "--outdir", "o" }).ToArray(), TextWriter.Null, stderr, d.Path, engine);
        Assert.True(rc == 2, $"exit {rc}: {stderr}");
        Assert.False(Directory.Exists(d.File("o")), "something was written: " + stderr);
        Assert.Contains(message, stderr.ToString());
        return stderr.ToString();
    }

    /// <summary>The cmdlet's refusal: a terminating error (statement-terminating inside a script).</summary>
    private static System.Management.Automation.ErrorRecord Refusal(PsResult r)
    {
        Assert.Empty(r.Output);
        return r.TerminatingRecord ?? Assert.Single(r.Errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void A_count_below_one_is_refused(string n)
    {
        using var d = new TempDir();
        Refused(d, $"'-n' / '--count': {n} is out of range (1..1000000).", "--test-pki", "-n", n);
    }

    [Theory]
    [InlineData("-c")]
    [InlineData("-k")]
    public void A_ca_certificate_or_key_without_pai_or_paa_is_refused(string option)
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("ca.pem"), "x");
        Refused(d, "only used with --pai or --paa", "-v", "0xFFF2", "-p", "0x8001", option, "ca.pem");
        Refused(d, "only used with --pai or --paa", "--test-pki", option, "ca.pem");
    }

    [Fact]
    public void Dac_validity_without_dacs_to_issue_is_refused()
    {
        using var d = new TempDir();
        Refused(d, "-lt/--lifetime sets the validity of issued DACs, and this run issues none", "-v", "1", "-p", "1", "-lt", "365");
    }

    [Fact]
    public void An_unknown_target_is_refused_and_a_known_one_is_not()
    {
        using var d = new TempDir();
        Refused(d, "Target 'esp99' is not one of esp32,", "--test-pki", "--target", "esp99");
        Assert.Equal(0, Program.Run(new[] { "--test-pki", "--target", "esp32c6", "--outdir", "o" }, TextWriter.Null, TextWriter.Null, d.Path, new FakeFactoryEngine()));
    }

    [Fact]
    public void A_batch_name_without_a_manifest_is_refused()
    {
        using var d = new TempDir();
        var stderr = new StringWriter();
        Assert.Equal(2, Program.Run(new[] { "--test-pki", "--batch", "b1", "--outdir", "o" }, TextWriter.Null, stderr, d.Path, new FakeFactoryEngine()));
        Assert.Contains("--batch names a manifest batch", stderr.ToString());
        Assert.False(Directory.Exists(d.File("o")));
    }

    private static void PerDeviceCsv(TempDir d, string values)
    {
        File.WriteAllText(d.File("keys.csv"), "serial-num,data,string\nvendor-name,data,string\nmfg-date,data,string\n");
        File.WriteAllText(d.File("values.csv"), values);
    }

    [Fact]
    public void A_count_that_disagrees_with_the_per_device_csv_is_refused()
    {
        using var d = new TempDir();
        PerDeviceCsv(d, "serial-num,vendor-name,mfg-date\nS1,ACME,20250101\nS2,ACME,20250101\n");
        Refused(d, "-n 5 is given with 2 device rows in --mcsv", "--test-pki", "--csv", "keys.csv", "--mcsv", "values.csv", "-n", "5");
        // -n equal to the rows, or no -n at all, is fine.
        Assert.Equal(0, Program.Run(new[] { "--test-pki", "--csv", "keys.csv", "--mcsv", "values.csv", "-n", "2", "--outdir", "o" }, TextWriter.Null, TextWriter.Null, d.Path, new FakeFactoryEngine()));
    }

    [Fact]
    public void A_header_only_per_device_csv_is_refused()
    {
        using var d = new TempDir();
        PerDeviceCsv(d, "serial-num,vendor-name,mfg-date\r\n");
        Refused(d, "has no device rows (only a header): there is nothing to make.", "--test-pki", "--csv", "keys.csv", "--mcsv", "values.csv");
    }

    [Fact]
    public void Repeated_serial_numbers_in_the_per_device_csv_are_refused()
    {
        using var d = new TempDir();
        PerDeviceCsv(d, "serial-num,vendor-name,mfg-date\nS1,ACME,20250101\nS2,ACME,20250101\nS1,ACME,20250101\n");
        string err = Refused(d, "both give serial number 'S1'", "--test-pki", "--csv", "keys.csv", "--mcsv", "values.csv");
        Assert.Contains("Rows 1 and 3", err);
    }

    [Fact]
    public void Per_device_csv_values_obey_the_rules_of_the_options_row_by_row()
    {
        using var d = new TempDir();
        PerDeviceCsv(d, "serial-num,vendor-name,mfg-date\nS1,ACME,20250101\nS2,ACME,20250231\nS3,ACME-CORPORATION-OF-MANY-LONG-NAMES,20250101\nSERIAL-NUMBER-TOO-LONG,ACME,20250101\nS5,ACME,20250101\n");
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "--test-pki", "--csv", "keys.csv", "--mcsv", "values.csv", "--outdir", "o" }, TextWriter.Null, stderr, d.Path, new FakeFactoryEngine());
        Assert.True(rc == 1, stderr.ToString());
        string err = stderr.ToString();
        Assert.Contains("Row 2, mfg-date: '20250231' is not a calendar date", err);
        Assert.Contains("Row 3, vendor-name: Vendor name must be between 1 and 32 characters", err);
        Assert.Contains("Row 4, SerialNumber: Serial number must be between 1 and 16 characters", err);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(d.File("o"), "fff1_8000")).Count(f => !f.EndsWith("staging")));
        // The same rule for the option.
        using var other = new TempDir();
        Refused(other, "'20250231' is not a calendar date", "--test-pki", "--mfg-date", "20250231");
    }

    [Fact]
    public void A_partition_too_small_for_the_keys_is_refused_before_any_device()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("keys.csv"), "note,data,string\n");
        File.WriteAllText(d.File("values.csv"), "note\n" + new string('n', 1500) + "\n" + new string('m', 1500) + "\n");
        string[] args = { "--test-pki", "-s", "4096", "--csv", "keys.csv", "--mcsv", "values.csv", "--iteration-count", "1000" };
        Refused(d, "--size 4096 (0x1000)", new MatterFactoryEngine(), args);
        // The same devices fit in 0x6000.
        Assert.Equal(0, Program.Run(args.Skip(3).Concat(new[] { "--test-pki", "--outdir", "o" }).ToArray(), TextWriter.Null, TextWriter.Null, d.Path, new MatterFactoryEngine()));
    }

    [Fact]
    public void Cmdlet_refuses_duplicate_device_ids_and_serial_numbers_in_the_input()
    {
        using var d = new TempDir();
        var ids = new[] { Ps.Row(("DeviceId", "dev-1")), Ps.Row(("DeviceId", "dev-2")), Ps.Row(("DeviceId", "DEV-1")) };
        var r = Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out -IterationCount 1000", ("rows", ids), ("out", d.Path));
        var e = Refusal(r);
        Assert.StartsWith("DuplicateDeviceId,", e.FullyQualifiedErrorId);
        Assert.Equal("row 3: DeviceId", e.TargetObject);
        var serials = new[] { Ps.Row(("SerialNumber", "A")), Ps.Row(("SerialNumber", "A")) };
        r = Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out -IterationCount 1000", ("rows", serials), ("out", d.Path));
        Assert.StartsWith("DuplicateSerialNumber,", Refusal(r).FullyQualifiedErrorId);
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }

    [Theory]
    [InlineData("-DynamicPasscode -CommissioningFlow 1", "-CommissioningFlow goes into the onboarding codes (QR code and manual code), and -DynamicPasscode makes none")]
    [InlineData("-DynamicPasscode -DiscoveryMode 4", "-DiscoveryMode goes into the onboarding codes (QR code and manual code), and -DynamicPasscode makes none")]
    [InlineData("-CnPrefix Bulb", "-CnPrefix names the PAI that -PaaCertificate makes from the PAA, and this run makes none")]
    [InlineData("-NoBin -PartitionSize 0x8000", "-PartitionSize sets the size of the NVS image, and -NoBin writes no image")]
    [InlineData("-SerialNumber SN1 -SerialNumberFormat 'SN-{0:D4}' -Manifest m.manifest", "-SerialNumber gives the one device its serial number and -SerialNumberFormat numbers the devices")]
    public void Cmdlet_refuses_a_typed_parameter_the_run_would_ignore_as_mattermfg_does(string parameters, string message)
    {
        using var d = new TempDir();
        var r = Ps.Run($"Set-Location $dir; New-MatterFactoryImage -TestAttestation -OutputPath out -IterationCount 1000 {parameters}", ("dir", d.Path));
        var e = Refusal(r);
        Assert.StartsWith("OptionWithoutEffect,", e.FullyQualifiedErrorId);
        Assert.Contains(message, e.Exception.Message);
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
        // The same values left at their defaults are not refused: only what was typed counts.
        Assert.Single(Ps.Run($"Set-Location $dir; New-MatterFactoryImage -TestAttestation -OutputPath out -IterationCount 1000 {(parameters.StartsWith("-DynamicPasscode") ? "-DynamicPasscode" : "")}", ("dir", d.Path)).Ok());
    }

    [Fact]
    public void Cmdlet_refuses_an_empty_pipeline_and_a_count_beside_rows()
    {
        using var d = new TempDir();
        var r = Ps.Run("@() | New-MatterFactoryImage -TestAttestation -OutputPath $out", ("out", d.Path));
        Assert.StartsWith("NoInputRows,", Refusal(r).FullyQualifiedErrorId);
        r = Ps.Run("[pscustomobject]@{ SerialNumber = 'A' } | New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out", ("out", d.Path));
        var mismatch = Refusal(r);
        Assert.StartsWith("CountMismatch,", mismatch.FullyQualifiedErrorId);
        Assert.Contains("-Count 3", mismatch.Exception.Message);
        r = Ps.Run("New-MatterFactoryImage -Count 0 -TestAttestation -OutputPath $out", ("out", d.Path));
        var count = Refusal(r);
        Assert.StartsWith("ParameterArgumentTransformationError,", count.FullyQualifiedErrorId);
        Assert.Equal("NumberOutOfRange", ((MfgException)count.Exception.InnerException!).ErrorId);
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }

    [Fact]
    public void Cmdlet_refuses_a_device_id_the_manifest_holds_for_another_slot()
    {
        using var d = new TempDir();
        string manifest = d.File("line.manifest");
        Ps.Run("[pscustomobject]@{ DeviceId = 'dev-1' } | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -Batch one -IterationCount 1000", ("out", d.Path), ("m", manifest)).Ok();
        var r = Ps.Run("@([pscustomobject]@{ DeviceId = 'dev-2' }, [pscustomobject]@{ DeviceId = 'dev-1' }) | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -Batch two -IterationCount 1000",
            ("out", d.Path), ("m", manifest));
        Assert.StartsWith("DeviceIdInUse,", Refusal(r).FullyQualifiedErrorId);
        Assert.Single(new ManifestStore(manifest).Read().Devices);
        // The same rows of the same batch are a resume, not a duplicate.
        Ps.Run("[pscustomobject]@{ DeviceId = 'dev-1' } | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -Batch one -IterationCount 1000", ("out", d.Path), ("m", manifest)).Ok();
    }
}
