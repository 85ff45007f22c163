using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>Factory runs bound to a device manifest: resume after a crash, reruns, serial templates, concurrent runs, the output lock.</summary>
[Collection("FactoryEngines.Default")]
public class FactoryManifestTests
{
    public FactoryManifestTests()
    {
        FactoryEngines.Default = () => new FakeFactoryEngine();
    }

    private static FactoryOptions Options(TempDir d, string output = "out") => new()
    {
        VendorId = 0xFFF2, ProductId = 0x8001, OutputDirectory = output, WorkingDirectory = d.Path, Attestation = AttestationMode.TestPki, ThrottleLimit = 2,
    };

    /// <summary>Runs slots [0, n) through a manifest-bound run; <paramref name="crashAfter"/> stops feeding the run after that many slots (as a kill would).</summary>
    private static List<FactoryDeviceResult> RunBatch(TempDir d, string manifest, int n, int crashAfter = int.MaxValue, string? template = "ACME-{0:D6}", string output = "out")
    {
        var o = Options(d, output);
        var results = new List<FactoryDeviceResult>();
        using var store = new ManifestStore(manifest);
        var binding = new FactoryManifest(store, o, "b1", template);
        var run = FactoryRun.Start(o, new FakeFactoryEngine(), binding);
        for (int slot = 0; slot < n; slot++)
        {
            var a = binding.Admit(new DeviceInput { RowNumber = slot + 1 }, slot);
            if (slot >= crashAfter)
            {
                // Stopped right after reserving (as Ctrl+C or a kill would): the slot stays Reserved, nothing of it is on
                // disk, and the run's locks are released.
                run.Dispose();
                return results;
            }
            if (a.Input != null)
            {
                results.AddRange(run.Submit(a.Input));
            }
            else if (a.Existing != null)
            {
                results.Add(a.Existing);
            }
        }
        results.AddRange(run.Complete());
        run.Dispose();
        return results;
    }

    [Fact]
    public void A_crashed_batch_resumes_to_exactly_the_expected_devices()
    {
        using var d = new TempDir();
        string manifest = Path.Combine(d.Path, "line.manifest");
        var first = RunBatch(d, manifest, 20, crashAfter: 7);
        Assert.Empty(first); // nothing was flushed before the "kill": 8 slots (0..7) reserved, none recorded

        // The killed run also left a half-built device folder behind.
        string root = Path.Combine(d.Path, "out", "fff2_8001");
        Directory.CreateDirectory(Path.Combine(root, ".dead" + MatterMfg.IO.AtomicFile.TempSuffix, "internal"));

        var second = RunBatch(d, manifest, 20);
        var snapshot = new ManifestStore(manifest).Read();
        var devices = snapshot.Devices.ToList();
        Assert.Equal(20, devices.Count);
        Assert.All(devices, x => Assert.Equal(DeviceState.Generated, x.State));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"ACME-{i:D6}"), devices.OrderBy(x => x.Slot).Select(x => x.SerialNumber));
        Assert.Equal(20, second.Select(r => r.DeviceId).Distinct().Count());
        Assert.Equal(20, Directory.GetDirectories(root).Count(p => Path.GetFileName(p) != "staging"));
        Assert.Empty(Directory.GetFileSystemEntries(root, "*" + MatterMfg.IO.AtomicFile.TempSuffix, SearchOption.AllDirectories));
        // The 8 slots reserved by the dead run were taken over with the same device ids and serial numbers.
        Assert.Equal(8, devices.Count(x => x.History.Any(h => h.Detail == "resumed")));

        // A third run of the same command makes nothing new and reports the existing devices.
        var third = RunBatch(d, manifest, 20);
        Assert.Equal(second.Select(r => r.DeviceId), third.Select(r => r.DeviceId));
        Assert.Equal(20, new ManifestStore(manifest).Read().Devices.Count());
        Assert.All(third, r => Assert.NotNull(r.QrCode));
    }

    [Fact]
    public void A_device_folder_written_by_a_run_killed_before_recording_it_is_replaced()
    {
        using var d = new TempDir();
        string manifest = Path.Combine(d.Path, "line.manifest");
        var o = Options(d);
        string deviceId;
        using (var store = new ManifestStore(manifest))
        {
            var binding = new FactoryManifest(store, o, "b1", null);
            var a = binding.Admit(new DeviceInput { RowNumber = 1, SerialNumber = "SN-1" }, 0);
            deviceId = a.Device.DeviceId;
            // The dead run had renamed the device folder into place but died before recording it.
            Directory.CreateDirectory(Path.Combine(d.Path, "out", "fff2_8001", deviceId, "internal"));
            File.WriteAllText(Path.Combine(d.Path, "out", "fff2_8001", deviceId, "stale.txt"), "x");
        }
        var results = RunBatch(d, manifest, 1, template: null);
        var r = Assert.Single(results);
        Assert.Null(r.Error);
        Assert.Equal(deviceId, r.DeviceId);
        Assert.Equal("SN-1", r.SerialNumber);
        Assert.False(File.Exists(Path.Combine(r.OutputFolder!, "stale.txt")));
        Assert.True(File.Exists(r.PartitionPath));
    }

    [Fact]
    public void Concurrent_runs_on_one_manifest_never_issue_a_serial_or_device_twice()
    {
        for (int trial = 0; trial < 5; trial++)
        {
            using var d = new TempDir();
            string manifest = Path.Combine(d.Path, "line.manifest");
            var all = new System.Collections.Concurrent.ConcurrentBag<FactoryDeviceResult>();
            Parallel.For(0, 3, new ParallelOptions { MaxDegreeOfParallelism = 3 }, k =>
            {
                foreach (var r in RunBatch(d, manifest, 12, output: "out" + k))
                {
                    all.Add(r);
                }
            });
            var devices = new ManifestStore(manifest).Read().Devices.ToList();
            Assert.Equal(12, devices.Count);
            Assert.Equal(12, devices.Select(x => x.SerialNumber).Distinct().Count());
            Assert.All(devices, x => Assert.Equal(DeviceState.Generated, x.State));
            // Each slot was made by exactly one of the runs; the others skipped it (or reported it as already made).
            Assert.Equal(12, all.Where(r => r.Passcode != null && r.Error == null).Select(r => r.DeviceId).Distinct().Count());
        }
    }

    [Fact]
    public void A_second_run_on_the_same_output_folder_is_refused()
    {
        using var d = new TempDir();
        var o = Options(d);
        using var first = FactoryRun.Start(o, new FakeFactoryEngine());
        var e = Assert.Throws<MfgException>(() => FactoryRun.Start(o, new FakeFactoryEngine()));
        Assert.Equal("OutputFolderInUse", e.ErrorId);
        Assert.Contains("fff2_8001", e.Message);
        first.Dispose();
        using var again = FactoryRun.Start(o, new FakeFactoryEngine());
    }

    [Theory]
    [InlineData("ACME")]
    [InlineData("ACME-{1}")]
    [InlineData("ACME-{0:D40}")]
    public void Bad_serial_number_templates_are_rejected(string template)
    {
        var e = Assert.Throws<MfgException>(() => FactoryManifest.CheckTemplate(template));
        Assert.Equal("SerialNumberFormatInvalid", e.ErrorId);
    }

    [Fact]
    public void Cmdlet_reruns_resume_continue_the_serial_counter_and_log_without_secrets()
    {
        using var d = new TempDir();
        string manifest = Path.Combine(d.Path, "line.manifest"), log = Path.Combine(d.Path, "run.log");
        const string cmd = "New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -Manifest $m -SerialNumberFormat 'ACME-{0:D4}' -LogPath $log";
        var a = Ps.Run(cmd, ("out", d.Path), ("m", manifest), ("log", log));
        Assert.Equal(new[] { "ACME-0001", "ACME-0002", "ACME-0003" }, a.Ok().Select(o => (string)o.Properties["SerialNumber"].Value));
        Assert.All(a.Output, o => Assert.Equal("Generated", o.Properties["Status"].Value));
        Assert.All(a.Output, o => Assert.Equal(manifest, o.Properties["Manifest"].Value));

        var again = Ps.Run(cmd, ("out", d.Path), ("m", manifest), ("log", log));
        Assert.Equal(a.Output.Select(o => o.Properties["DeviceId"].Value), again.Ok().Select(o => o.Properties["DeviceId"].Value));
        Assert.All(again.Output, o => Assert.Equal("AlreadyGenerated", o.Properties["Status"].Value));
        Assert.Equal(a.Output.Select(o => o.Properties["QrCode"].Value), again.Output.Select(o => o.Properties["QrCode"].Value));

        var next = Ps.Run(cmd + " -Batch second", ("out", d.Path), ("m", manifest), ("log", log));
        Assert.Equal(new[] { "ACME-0004", "ACME-0005", "ACME-0006" }, next.Ok().Select(o => (string)o.Properties["SerialNumber"].Value));

        string text = File.ReadAllText(log);
        Assert.Contains("3 made, 0 skipped", text);
        Assert.Contains("0 made, 3 skipped", text);
        foreach (var o in a.Output.Concat(next.Output))
        {
            Assert.DoesNotContain(o.Properties["Passcode"].Value!.ToString()!, text);
        }
    }

    [Fact]
    public void Cmdlet_reports_a_serial_number_already_in_the_manifest_for_that_row_only()
    {
        using var d = new TempDir();
        string manifest = Path.Combine(d.Path, "line.manifest");
        var rows1 = new[] { Ps.Row(("SerialNumber", "SN-1")) };
        Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -Batch one", ("rows", rows1), ("out", d.Path), ("m", manifest)).Ok();
        var rows2 = new[] { Ps.Row(("SerialNumber", "SN-2")), Ps.Row(("SerialNumber", "SN-1")), Ps.Row(("SerialNumber", "SN-3")) };
        var r = Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -Batch two", ("rows", rows2), ("out", d.Path), ("m", manifest));
        Assert.Equal(new[] { "SN-2", "SN-3" }, r.Output.Select(o => (string)o.Properties["SerialNumber"].Value));
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("SerialNumberInUse,", e.FullyQualifiedErrorId);
        Assert.Equal("row 2: SerialNumber", e.TargetObject);
    }

    [Fact]
    public void Cmdlet_refuses_a_serial_number_format_without_a_manifest()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $out -SerialNumberFormat 'A-{0}'", ("out", d.Path));
        Assert.Empty(r.Output);
        Assert.StartsWith("ManifestRequired,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.False(Directory.Exists(Path.Combine(d.Path, "fff1_8000")));
    }
}
