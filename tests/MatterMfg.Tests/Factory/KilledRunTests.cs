using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using MatterMfg.EndOfLine;
using MatterMfg.Manifest;
using MatterMfg.Nvs;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>
/// The real thing: <c>mattermfg --manifest</c> in its own process, killed (SIGKILL, no cleanup) at a random moment, then
/// run again with the same command. The batch must end with exactly the expected devices: every slot once, serial
/// numbers in order without gaps or repeats, every device folder complete and every partition passing the end-of-line check.
/// </summary>
public class KilledRunTests
{
    private const int Devices = 40;

    /// <summary>Runs the CLI; with <paramref name="killAfterGenerated"/>, kills it once the manifest records that many devices.</summary>
    private static int RunCli(string work, string[] args, int? killAfterGenerated, out string output)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "mattermfg.dll");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (killAfterGenerated is { } k)
        {
            string manifest = Path.Combine(work, "line.manifest");
            var sw = Stopwatch.StartNew();
            while (!p.HasExited && Generated(manifest) < k && sw.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(5);
            }
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }
        }
        p.WaitForExit();
        output = stdout.Result + stderr.Result;
        return p.ExitCode;
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

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 17)]
    [InlineData(3, 30)]
    public void A_killed_cli_run_resumes_to_exactly_the_expected_devices(int trial, int killAfterGenerated)
    {
        using var d = new TempDir();
        string[] args =
        {
            "--test-pki", "-n", Devices.ToString(), "--outdir", "out", "--iteration-count", "1000",
            "--manifest", "line.manifest", "--batch", "b" + trial, "--serial-num-format", "KILL-{0:D4}",
        };
        int first = RunCli(d.Path, args, killAfterGenerated, out string firstOut);
        int madeFirst = Generated(Path.Combine(d.Path, "line.manifest"));
        Assert.True(first != 0 && madeFirst >= killAfterGenerated && madeFirst < Devices, $"the first run was not cut short (exit {first}, {madeFirst} made):\n{firstOut}");
        int second = RunCli(d.Path, args, null, out string secondOut);
        Assert.True(second == 0, $"first run exit {first}:\n{firstOut}\nsecond run:\n{secondOut}");

        using var store = new ManifestStore(Path.Combine(d.Path, "line.manifest"));
        var devices = store.Read().Devices.ToList();
        Assert.Equal(Devices, devices.Count);
        Assert.All(devices, x => Assert.Equal(DeviceState.Generated, x.State));
        Assert.Equal(Enumerable.Range(1, Devices).Select(i => $"KILL-{i:D4}"), devices.Select(x => x.SerialNumber).OrderBy(x => x));
        Assert.Equal(Devices, devices.Select(x => x.DacSerial).Distinct().Count());

        string root = Path.Combine(d.Path, "out", "fff1_8000");
        var folders = Directory.GetDirectories(root).Where(f => Path.GetFileName(f) != "staging").ToList();
        Assert.Equal(devices.Select(x => x.DeviceId).OrderBy(x => x), folders.Select(Path.GetFileName).OrderBy(x => x));
        Assert.Empty(Directory.GetFileSystemEntries(root, "*" + MatterMfg.IO.AtomicFile.TempSuffix, SearchOption.AllDirectories));
        foreach (var dev in devices)
        {
            var onb = File.ReadAllLines(Path.Combine(root, dev.DeviceId, dev.DeviceId + "-onb_codes.csv"))[1].Split(',');
            var report = FactoryImageInspector.Inspect(NvsPartitionReader.Read(File.ReadAllBytes(dev.PartitionPath!)),
                new FactoryImageExpectations { Passcode = uint.Parse(onb[3]), QrCode = onb[0], ManualCode = onb[1] });
            Assert.True(report.Passed, dev.DeviceId + ": " + string.Join("; ", report.Failures));
            Assert.Equal(dev.SerialNumber, report.SerialNumber);
        }
    }
}
