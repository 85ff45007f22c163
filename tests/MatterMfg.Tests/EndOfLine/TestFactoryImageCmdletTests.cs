using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.EndOfLine;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.EndOfLine;

/// <summary>Test-MatterFactoryImage in the hosted engine, on devices the real engine makes.</summary>
public class TestFactoryImageCmdletTests
{

    private static FactoryImageCheck[] Checks(PSObject o) => ((System.Collections.Generic.IEnumerable<FactoryImageCheck>)o.Properties["Checks"].Value).ToArray();

    [Fact]
    public void Factory_objects_pipe_in_and_every_rule_passes_with_the_passcode_from_the_pipeline()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -WarningAction SilentlyContinue | Test-MatterFactoryImage -TestAttestation",
            ("out", d.Path));
        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        foreach (var o in r.Output)
        {
            Assert.Equal("MatterMfg.PowerShell.EndOfLine.FactoryImageTestResult", o.BaseObject.GetType().FullName);
            var checks = Checks(o);
            Assert.True((bool)o.Properties["Passed"].Value, string.Join("\n", checks));
            Assert.Equal(CheckOutcome.Passed, checks.Single(c => c.Name == "Verifier").Outcome);
            Assert.Equal(CheckOutcome.Passed, checks.Single(c => c.Name == "OnboardingCodes").Outcome);
            Assert.Equal(CheckOutcome.Passed, checks.Single(c => c.Name == "AttestationChain").Outcome);
            Assert.NotNull(o.Properties["DeviceId"].Value);
        }
    }

    [Fact]
    public void With_a_manifest_the_passcode_comes_from_the_device_folder_and_the_device_is_marked_verified()
    {
        using var d = new TempDir();
        string manifest = d.File("line.manifest");
        var gen = Ps.Run("New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $out -Manifest $m -WarningAction SilentlyContinue", ("out", d.Path), ("m", manifest));
        Assert.Empty(gen.Errors);
        string partition = (string)gen.Output[0].Properties["PartitionPath"].Value;
        var r = Ps.Run("Test-MatterFactoryImage -Path $p -Manifest $m -TestAttestation", ("p", partition), ("m", manifest));
        Assert.Empty(r.Errors);
        var result = r.Output.Single();
        Assert.True((bool)result.Properties["Passed"].Value, string.Join("\n", Checks(result)));
        Assert.Equal(CheckOutcome.Passed, Checks(result).Single(c => c.Name == "Verifier").Outcome);
        using var store = new ManifestStore(manifest);
        Assert.Equal(DeviceState.Verified, store.Read().Devices.Single().State);
    }

    [Fact]
    public void A_bad_passcode_fails_the_board_and_marks_it_failed_in_the_manifest()
    {
        using var d = new TempDir();
        string manifest = d.File("line.manifest");
        var gen = Ps.Run("New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $out -Manifest $m -WarningAction SilentlyContinue", ("out", d.Path), ("m", manifest));
        string partition = (string)gen.Output[0].Properties["PartitionPath"].Value;
        uint passcode = (uint)gen.Output[0].Properties["Passcode"].Value;
        long wrong = passcode == 20202021 ? 20202022 : 20202021;
        var r = Ps.Run("Test-MatterFactoryImage -Path $p -Manifest $m -Passcode $pc -Quiet", ("p", partition), ("m", manifest), ("pc", wrong.ToString()));
        Assert.False((bool)r.Output.Single().BaseObject);
        using var store = new ManifestStore(manifest);
        var dev = store.Read().Devices.Single();
        Assert.Equal(DeviceState.Failed, dev.State);
        Assert.Contains("Verifier", dev.Detail);
    }

    [Fact]
    public void Unreadable_or_corrupt_partitions_are_errors_naming_the_file_and_the_rest_go_on()
    {
        using var d = new TempDir();
        string good = Repo.Vector("factory", "minimal_fixed", "expected-partition.bin");
        string corrupt = d.File("corrupt.bin");
        byte[] bytes = File.ReadAllBytes(good);
        bytes[64 + 10] ^= 0x10; // a byte of the first entry's key: the entry CRC no longer matches
        File.WriteAllBytes(corrupt, bytes);
        var r = Ps.Run("$paths | Test-MatterFactoryImage -Passcode 20202021", ("paths", new[] { d.File("missing.bin"), corrupt, good }));
        Assert.Equal(2, r.Errors.Count);
        Assert.StartsWith("InputFileNotFound,", r.Errors[0].FullyQualifiedErrorId);
        Assert.Equal(d.File("missing.bin"), r.Errors[0].TargetObject);
        Assert.Equal(ErrorCategory.InvalidData, r.Errors[1].CategoryInfo.Category);
        Assert.Contains("corrupt.bin", r.Errors[1].Exception.Message + r.Errors[1].TargetObject);
        var result = r.Output.Single();
        Assert.True((bool)result.Properties["Passed"].Value, string.Join("\n", Checks(result)));
    }

    [Fact]
    public void A_missing_pai_file_is_a_terminating_setup_error()
    {
        using var d = new TempDir();
        // A terminating error stops the statement and is caught by try/catch; a non-terminating one would not be.
        var r = Ps.Run("try { Test-MatterFactoryImage -Path $p -PaiCertificate $pai; 'went on' } catch { $_.FullyQualifiedErrorId }",
            ("p", Repo.Vector("factory", "minimal_fixed", "expected-partition.bin")), ("pai", d.File("nope.pem")));
        Assert.StartsWith("InputFileNotFound,", r.Output.Single().ToString());
    }
}
