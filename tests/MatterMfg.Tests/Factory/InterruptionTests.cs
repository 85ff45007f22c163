using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>
/// Interrupting a batch, as users do: <c>mattermfg</c> in its own process signalled with SIGINT (Ctrl+C) or killed at
/// random points, then run again; New-MatterFactoryImage stopped mid-batch (Ctrl+C), broken by an upstream or
/// downstream error, then run again in the same runspace. Every interrupted run must publish summary and cn_dacs for
/// exactly the devices it made and release its locks; the run that completes the batch lists every device once.
/// </summary>
public class InterruptionTests
{
    private static string Root(TempDir d) => Path.Combine(d.Path, "out", "fff1_8000");

    /// <summary>The serial-num column of a summary CSV (one entry per device row).</summary>
    internal static List<string> SummarySerials(string summaryPath)
    {
        var lines = File.ReadAllText(summaryPath).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int col = Array.IndexOf(lines[0].Split(','), "serial-num");
        return lines.Skip(1).Select(l => l.Split(',')[col]).ToList();
    }

    /// <summary>The CN column of a cn_dacs CSV.</summary>
    internal static List<string> CnDacsNames(string path) =>
        CsvText.Parse(File.ReadAllText(path), path).Skip(1).Where(r => r.Count == 2).Select(r => r[0]).ToList();

    private static void AssertNoLeftovers(string root)
    {
        Assert.Empty(Directory.GetFileSystemEntries(root, "*" + MatterMfg.IO.AtomicFile.TempSuffix, SearchOption.AllDirectories));
        Assert.False(MatterMfg.IO.FileLock.IsHeld(Path.Combine(root, FactoryBatch.LockFileName)), "the output lock is still held");
    }

    private static int Generated(string manifest)
    {
        try
        {
            using var f = new FileStream(manifest, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(f).ReadToEnd().Split('\n').Count(l => l.Contains("\tstate=Generated"));
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Starts <c>mattermfg</c>; once the manifest records <paramref name="after"/> devices, sends <paramref name="signal"/> (INT, TERM, KILL) <paramref name="times"/> times.</summary>
    private static (int Exit, string Output) RunCli(string work, string[] args, int? after = null, string signal = "INT", int times = 1)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mattermfg.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        try
        {
            return Drive(p, work, after, signal, times);
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true); // a failed assertion never leaves a mattermfg running
            }
        }
    }

    private static (int Exit, string Output) Drive(Process p, string work, int? after, string signal, int times)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (after is { } k)
        {
            string manifest = Path.Combine(work, "line.manifest");
            var sw = Stopwatch.StartNew();
            while (!p.HasExited && Generated(manifest) < k && sw.Elapsed < TimeSpan.FromSeconds(120))
            {
                Thread.Sleep(2);
            }
            for (int i = 0; i < times && !p.HasExited; i++)
            {
                if (signal == "KILL")
                {
                    p.Kill(entireProcessTree: true);
                }
                else
                {
                    using var kill = Process.Start("kill", $"-{signal} {p.Id}")!;
                    kill.WaitForExit();
                }
            }
        }
        Assert.True(p.WaitForExit(120_000), "mattermfg did not end");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void Cli_signalled_and_killed_at_random_points_resumes_and_the_completing_run_lists_the_whole_batch()
    {
        const int devices = 120;
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var d = new TempDir();
        string[] args =
        {
            "--test-pki", "-n", devices.ToString(), "--outdir", "out", "--iteration-count", "1000",
            "--manifest", "line.manifest", "--serial-num-format", "SIG-{0:D4}",
        };
        string manifest = Path.Combine(d.Path, "line.manifest");
        string root = Root(d);
        var summariesSeen = new HashSet<string>();
        foreach (string signal in new[] { "INT", "KILL", "TERM" })
        {
            int before = Generated(manifest);
            int k = before + random.Next(1, (devices - before) / 3);
            var (exit, output) = RunCli(d.Path, args, k, signal);
            int made = Generated(manifest) - before;
            string why = $"seed {seed}, {signal} after {k}: exit {exit}, {made} made\n{output}";
            Assert.True(exit != 0, why);
            Assert.True(made < devices - before, "the run was not cut short: " + why);
            if (signal == "KILL")
            {
                continue; // no chance to clean up: the next run removes its temporary files and resumes its slots
            }
            AssertNoLeftovers(root);
            Assert.Equal(MatterMfg.Cli.Program.ExitInterrupted, exit);
            // The interrupted run published summary and cn_dacs for exactly the devices it made.
            using var store = new ManifestStore(manifest);
            var byThisRun = store.Read().Devices.Where(x => x.State == DeviceState.Generated).OrderByDescending(x => x.GeneratedAt).Take(made)
                .Select(x => x.SerialNumber!).OrderBy(x => x).ToList();
            string summary = Directory.GetFiles(root, "summary-*.csv").Single(f => summariesSeen.Add(f));
            Assert.Equal(byThisRun, SummarySerials(summary).OrderBy(x => x));
            string cn = Directory.GetFiles(root, "cn_dacs-*.csv").OrderByDescending(File.GetLastWriteTimeUtc).First();
            Assert.Equal(made, CnDacsNames(cn).Count);
        }

        var (last, lastOut) = RunCli(d.Path, args);
        Assert.True(last == 0, $"seed {seed}:\n{lastOut}");
        using var final = new ManifestStore(manifest);
        var all = final.Read().Devices.ToList();
        Assert.Equal(devices, all.Count);
        Assert.All(all, x => Assert.Equal(DeviceState.Generated, x.State));
        var expected = Enumerable.Range(1, devices).Select(i => $"SIG-{i:D4}").ToList();
        Assert.Equal(expected, all.OrderBy(x => x.Slot).Select(x => x.SerialNumber));
        // The completing run lists every device of the batch once, in slot order, including those of the interrupted runs.
        string completing = Directory.GetFiles(root, "summary-*.csv").Single(f => summariesSeen.Add(f));
        Assert.Equal(expected, SummarySerials(completing));
        string lastCn = Directory.GetFiles(root, "cn_dacs-*.csv").OrderByDescending(File.GetLastWriteTimeUtc).First();
        Assert.Equal(all.OrderBy(x => x.Slot).Select(x => x.DeviceId), CnDacsNames(lastCn));
        AssertNoLeftovers(root);
        // Exactly the batch's device folders, each complete: every partition passes the end-of-line check.
        var folders = Directory.GetDirectories(root).Where(f => Path.GetFileName(f) != "staging").Select(Path.GetFileName);
        Assert.Equal(all.Select(x => x.DeviceId).OrderBy(x => x), folders.OrderBy(x => x));
        Assert.Equal(devices, all.Select(x => x.DacSerial).Distinct().Count());
        foreach (var dev in all)
        {
            var onb = File.ReadAllLines(Path.Combine(root, dev.DeviceId, dev.DeviceId + "-onb_codes.csv"))[1].Split(',');
            var report = MatterMfg.EndOfLine.FactoryImageInspector.Inspect(MatterMfg.Nvs.NvsPartitionReader.Read(File.ReadAllBytes(dev.PartitionPath!)),
                new MatterMfg.EndOfLine.FactoryImageExpectations { Passcode = uint.Parse(onb[3]), QrCode = onb[0], ManualCode = onb[1] });
            Assert.True(report.Passed, dev.DeviceId + ": " + string.Join("; ", report.Failures));
            Assert.Equal(dev.SerialNumber, report.SerialNumber);
        }
    }

    [Fact]
    public void A_second_sigint_aborts_at_once()
    {
        using var d = new TempDir();
        string[] args = { "--test-pki", "-n", "400", "--outdir", "out", "--manifest", "line.manifest" };
        var (exit, output) = RunCli(d.Path, args, after: 1, signal: "INT", times: 2);
        Assert.True(exit != 0, output);
        Assert.True(Generated(Path.Combine(d.Path, "line.manifest")) < 400, output);
    }

    private static Runspace OpenRunspace(TempDir d)
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(new[] { Repo.ModuleManifest });
        var rs = RunspaceFactory.CreateRunspace(iss);
        rs.Open();
        rs.SessionStateProxy.SetVariable("out", Path.Combine(d.Path, "out"));
        rs.SessionStateProxy.SetVariable("m", Path.Combine(d.Path, "line.manifest"));
        return rs;
    }

    private const string Command = "New-MatterFactoryImage -Count 60 -TestAttestation -OutputPath $out -Manifest $m -IterationCount 1000 -ThrottleLimit 2 -SerialNumberFormat 'PS-{0:D3}' -WarningAction SilentlyContinue";

    private static List<PSObject> Invoke(Runspace rs, string script, out List<ErrorRecord> errors, out Exception? terminating)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddScript(script);
        terminating = null;
        List<PSObject> output;
        try
        {
            output = ps.Invoke().ToList();
        }
        catch (RuntimeException e)
        {
            output = new List<PSObject>();
            terminating = e;
        }
        errors = ps.Streams.Error.ToList();
        return output;
    }

    /// <summary>After an interrupted run: the manifest's Generated devices are exactly those in its summary and cn_dacs, and no lock is held.</summary>
    private static void AssertPublishedExactlyTheDevicesMade(TempDir d, int expectedMade)
    {
        string root = Root(d);
        using var store = new ManifestStore(Path.Combine(d.Path, "line.manifest"));
        var made = store.Read().Devices.Where(x => x.State == DeviceState.Generated).ToList();
        Assert.Equal(expectedMade, made.Count);
        var summary = Directory.GetFiles(root, "summary-*.csv").Single();
        Assert.Equal(made.Select(x => x.SerialNumber).OrderBy(x => x), SummarySerials(summary).OrderBy(x => x));
        Assert.Equal(made.Select(x => x.DeviceId).OrderBy(x => x), CnDacsNames(Directory.GetFiles(root, "cn_dacs-*.csv").Single()).OrderBy(x => x));
        Assert.Equal(made.Count, Directory.GetDirectories(root).Count(f => Path.GetFileName(f) != "staging"));
        AssertNoLeftovers(root);
    }

    private static void AssertResumesInTheSameRunspace(Runspace rs, TempDir d)
    {
        var again = Invoke(rs, Command, out var errors, out var terminating);
        Assert.Null(terminating);
        Assert.Empty(errors);
        Assert.Equal(60, again.Count);
        var summaries = Directory.GetFiles(Root(d), "summary-*.csv").Select(SummarySerials).ToList();
        Assert.Contains(Enumerable.Range(1, 60).Select(i => $"PS-{i:D3}").ToList(), summaries);
        AssertNoLeftovers(Root(d));
    }

    [Fact]
    public void A_runspace_stopped_mid_batch_publishes_what_it_made_and_the_same_command_resumes_in_it()
    {
        using var d = new TempDir();
        using var rs = OpenRunspace(d);
        int emitted;
        using (var ps = PowerShell.Create())
        {
            ps.Runspace = rs;
            ps.AddScript(Command);
            var output = new PSDataCollection<PSObject>();
            using var three = new ManualResetEventSlim();
            output.DataAdded += (_, _) =>
            {
                if (output.Count >= 3)
                {
                    three.Set();
                }
            };
            var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
            Assert.True(three.Wait(TimeSpan.FromSeconds(60)), "no device came out");
            ps.Stop();
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
            emitted = output.Count;
        }
        // Every device finished before the stop is recorded and listed, including those not yet written to the pipeline.
        using (var store = new ManifestStore(Path.Combine(d.Path, "line.manifest")))
        {
            int made = store.Read().Devices.Count(x => x.State == DeviceState.Generated);
            Assert.InRange(made, emitted, 59);
            AssertPublishedExactlyTheDevicesMade(d, made);
        }
        AssertResumesInTheSameRunspace(rs, d);
    }

    [Fact]
    public void A_downstream_error_stops_the_batch_cleanly_and_the_same_command_resumes_in_the_same_runspace()
    {
        using var d = new TempDir();
        using var rs = OpenRunspace(d);
        Invoke(rs, Command + " | ForEach-Object { if (++$script:n -eq 4) { throw 'label printer jammed' }; $_ }", out _, out var terminating);
        Assert.Contains("label printer jammed", terminating?.Message);
        using (var store = new ManifestStore(Path.Combine(d.Path, "line.manifest")))
        {
            int made = store.Read().Devices.Count(x => x.State == DeviceState.Generated);
            Assert.InRange(made, 4, 59);
            AssertPublishedExactlyTheDevicesMade(d, made);
        }
        AssertResumesInTheSameRunspace(rs, d);
    }

    [Fact]
    public void An_upstream_error_makes_nothing_and_leaves_nothing_held()
    {
        using var d = new TempDir();
        using var rs = OpenRunspace(d);
        Invoke(rs, "& { [pscustomobject]@{ SerialNumber = 'U-1' }; throw 'reader failed' } | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -IterationCount 1000 -WarningAction SilentlyContinue",
            out _, out var terminating);
        Assert.Contains("reader failed", terminating?.Message);
        Assert.False(Directory.Exists(Root(d)) && Directory.GetDirectories(Root(d)).Any(f => Path.GetFileName(f) != "staging"));
        var rows = Invoke(rs, "[pscustomobject]@{ SerialNumber = 'U-1' } | New-MatterFactoryImage -TestAttestation -OutputPath $out -Manifest $m -IterationCount 1000 -WarningAction SilentlyContinue",
            out var errors, out var t2);
        Assert.Null(t2);
        Assert.Empty(errors);
        Assert.Equal("U-1", ((FactoryDevice)Assert.Single(rows).BaseObject).SerialNumber);
        AssertNoLeftovers(Root(d));
    }
}
