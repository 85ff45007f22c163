using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>Factory runs bound to a device manifest: resume after a crash, reruns, serial templates, concurrent runs, the output lock.</summary>
public class FactoryManifestTests
{

    private static FactoryOptions Options(TempDir d, string output = "out") => new()
    {
        VendorId = 0xFFF2, ProductId = 0x8001, OutputDirectory = output, WorkingDirectory = d.Path, Attestation = AttestationMode.TestPki, ThrottleLimit = 2,
    };

    /// <summary>
    /// Runs slots [0, n) of batch b1; with <paramref name="cancelAfter"/>, the run is cancelled once that many devices
    /// have started (as Ctrl+C would): devices in progress finish, the rest of the chunk stays reserved.
    /// </summary>
    private static List<FactoryOutcome> RunBatch(TempDir d, string manifest, int n, int cancelAfter = int.MaxValue, string? template = "ACME-{0:D6}", string output = "out")
    {
        var o = Options(d, output);
        o.Count = n;
        using var cts = new CancellationTokenSource();
        int started = 0;
        var engine = new FakeFactoryEngine
        {
            BeforeDevice = () =>
            {
                if (Interlocked.Increment(ref started) >= cancelAfter)
                {
                    cts.Cancel();
                }
            },
        };
        using var batch = new FactoryBatch(new FactoryBatchSettings { Options = o, Batch = "b1", SerialNumberFormat = template }, engine, new ManifestStore(manifest));
        var outcomes = batch.Run(null, cts.Token).ToList();
        Assert.Equal(cts.IsCancellationRequested && outcomes.Count < n, batch.Interrupted);
        return outcomes;
    }

    /// <summary>The rows of the longest summary-*.csv in <paramref name="root"/>.</summary>
    private static List<string[]> SummaryRows(string root) =>
        Directory.GetFiles(root, "summary-*.csv").Select(f => File.ReadAllText(f).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray())
            .OrderByDescending(rows => rows.Length).First().ToList();

    [Fact]
    public void A_cancelled_batch_resumes_to_exactly_the_expected_devices_and_the_last_summary_lists_the_whole_batch()
    {
        using var d = new TempDir();
        string manifest = Path.Combine(d.Path, "line.manifest");
        var first = RunBatch(d, manifest, 20, cancelAfter: 3);
        int reserved = new ManifestStore(manifest).Read().Devices.Count();
        Assert.InRange(first.Count, 2, 15); // the counter also saw the in-memory size check of row 1
        Assert.All(first, x => Assert.Equal(FactoryOutcomeKind.Made, x.Kind));
        string root = Path.Combine(d.Path, "out", "fff2_8001");
        // The interrupted run published its summary and cn_dacs for exactly the devices it made.
        var cn = Directory.GetFiles(root, "cn_dacs-*.csv").Single();
        Assert.Equal(first.Select(x => x.DeviceId).OrderBy(x => x), File.ReadAllText(cn).Split("\r\n").Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).OrderBy(x => x));

        // A killed run also left a half-built device folder behind.
        Directory.CreateDirectory(Path.Combine(root, ".dead" + MatterMfg.IO.AtomicFile.TempSuffix, "internal"));

        var second = RunBatch(d, manifest, 20);
        var devices = new ManifestStore(manifest).Read().Devices.ToList();
        Assert.Equal(20, devices.Count);
        Assert.All(devices, x => Assert.Equal(DeviceState.Generated, x.State));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"ACME-{i:D6}"), devices.OrderBy(x => x.Slot).Select(x => x.SerialNumber));
        // Devices in progress when the first run was cancelled were finished; whichever slots they were, the rerun skips exactly them.
        Assert.Equal(first.Select(x => x.DeviceId).OrderBy(x => x), second.Where(x => x.Kind == FactoryOutcomeKind.AlreadyDone).Select(x => x.DeviceId).OrderBy(x => x));
        Assert.Equal(20 - first.Count, second.Count(x => x.Kind == FactoryOutcomeKind.Made));
        Assert.Equal(20, Directory.GetDirectories(root).Count(p => Path.GetFileName(p) != "staging"));
        Assert.Empty(Directory.GetFileSystemEntries(root, "*" + MatterMfg.IO.AtomicFile.TempSuffix, SearchOption.AllDirectories));
        // The slots the first run reserved (the rows it had admitted) but did not make were taken over with the same ids.
        Assert.InRange(reserved, first.Count, 20);
        Assert.Equal(reserved - first.Count, devices.Count(x => x.History.Any(h => h.Detail == "resumed")));
        // The run that completed the batch lists every device of it once, in slot order.
        var rows = SummaryRows(root);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"ACME-{i:D6}"), rows.Select(r => r.First(c => c.StartsWith("ACME-"))));

        // A third run of the same command makes nothing new and reports the existing devices.
        var third = RunBatch(d, manifest, 20);
        Assert.Equal(second.Select(r => r.DeviceId), third.Select(r => r.DeviceId));
        Assert.All(third, r => Assert.Equal(FactoryOutcomeKind.AlreadyDone, r.Kind));
        Assert.Equal(20, new ManifestStore(manifest).Read().Devices.Count());
        Assert.All(third, r => Assert.NotNull(r.Device!.QrCode));
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
        var r = Assert.Single(results).Device!;
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
            var all = new System.Collections.Concurrent.ConcurrentBag<FactoryOutcome>();
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
            Assert.Equal(12, all.Where(r => r.Kind == FactoryOutcomeKind.Made).Select(r => r.DeviceId).Distinct().Count());
        }
    }

    [Fact]
    public void A_second_run_on_the_same_output_folder_is_refused()
    {
        using var d = new TempDir();
        var o = Options(d);
        o.Count = 3;
        using var first = new FactoryBatch(new FactoryBatchSettings { Options = o }, new FakeFactoryEngine());
        using var running = first.Run(null).GetEnumerator();
        Assert.True(running.MoveNext()); // the first run holds the output folder while it is being read
        using var second = new FactoryBatch(new FactoryBatchSettings { Options = o }, new FakeFactoryEngine());
        var e = Assert.Throws<MfgException>(() => second.Run(null).ToList());
        Assert.Equal("OutputFolderInUse", e.ErrorId);
        Assert.Contains("fff2_8001", e.Message);
        running.Dispose(); // the reader stops part-way: the lock is released at once
        Assert.True(first.Interrupted);
        using var again = new FactoryBatch(new FactoryBatchSettings { Options = o }, new FakeFactoryEngine());
        Assert.Equal(3, again.Run(null).Count());
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
        Assert.All(a.Output, o => Assert.Equal(FactoryDeviceStatus.Generated, o.Properties["Status"].Value));
        Assert.All(a.Output, o => Assert.Equal(manifest, o.Properties["Manifest"].Value));

        var again = Ps.Run(cmd, ("out", d.Path), ("m", manifest), ("log", log));
        Assert.Equal(a.Output.Select(o => o.Properties["DeviceId"].Value), again.Ok().Select(o => o.Properties["DeviceId"].Value));
        Assert.All(again.Output, o => Assert.Equal(FactoryDeviceStatus.AlreadyGenerated, o.Properties["Status"].Value));
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
    public void Cmdlet_refuses_a_serial_number_already_in_the_manifest_before_any_device()
    {
        using var d = new TempDir();
        string manifest = Path.Combine(d.Path, "line.manifest");
        var rows1 = new[] { Ps.Row(("SerialNumber", "SN-1")) };
        Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -Batch one", ("rows", rows1), ("out", d.Path), ("m", manifest)).Ok();
        int folders = Directory.GetDirectories(Path.Combine(d.Path, "fff1_8000")).Length;
        var rows2 = new[] { Ps.Row(("SerialNumber", "SN-2")), Ps.Row(("SerialNumber", "SN-1")), Ps.Row(("SerialNumber", "SN-3")) };
        var r = Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -Batch two", ("rows", rows2), ("out", d.Path), ("m", manifest));
        Assert.Empty(r.Output);
        var e = r.TerminatingRecord ?? Assert.Single(r.Errors);
        Assert.StartsWith("SerialNumberInUse,", e.FullyQualifiedErrorId);
        Assert.Equal("row 2: SerialNumber", e.TargetObject);
        Assert.Equal(folders, Directory.GetDirectories(Path.Combine(d.Path, "fff1_8000")).Length);
        Assert.Single(new ManifestStore(manifest).Read().Devices);
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
