using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using MatterMfg.Ledger;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;
using Npgsql;

namespace MatterMfg.Tests.Manifest;

/// <summary>
/// Four <c>mattermfg</c> processes (four stations) against one PostgreSQL ledger at once, plus a fifth killed with
/// SIGKILL mid-batch and run again: every device must be there once, with unique serial numbers and DAC serials.
/// </summary>
public class PostgresStationsTests
{
    private const int PerStation = 15;

    /// <summary>Starts <c>mattermfg</c> with the password only in PGPASSWORD (as a station would be set up).</summary>
    private static Process Start(string work, string ledger, string password, int station)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mattermfg.dll"));
        foreach (string a in new[]
        {
            "--test-pki", "-n", PerStation.ToString(), "--outdir", "out" + station, "--iteration-count", "1000", "--manifest", ledger,
            "--batch", "station" + station, "--serial-num-format", "PG-{0:D5}",
        })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["PGPASSWORD"] = password;
        return Process.Start(psi)!;
    }

    private static (int Code, string Output) Finish(Process p)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [PostgresFact]
    public void Four_stations_and_a_killed_one_share_one_ledger_without_duplicates_or_lost_devices()
    {
        using var d = new TempDir();
        using var schema = PostgresTestServer.NewSchema();
        var b = new NpgsqlConnectionStringBuilder(schema.ConnectionString);
        string password = b.Password!;
        b.Password = null;
        string ledger = b.ConnectionString;
        DeviceLedger.Initialize(schema.ConnectionString);

        var victim = Start(d.Path, ledger, password, 4);
        var stations = Enumerable.Range(0, 4).Select(i => Start(d.Path, ledger, password, i)).ToList();
        var victimOut = victim.StandardOutput.ReadToEndAsync();
        var victimErr = victim.StandardError.ReadToEndAsync();
        var sw = Stopwatch.StartNew();
        while (!victim.HasExited && Generated(schema, "station4") < 3 && sw.Elapsed < TimeSpan.FromSeconds(120))
        {
            Thread.Sleep(5);
        }
        bool killed = !victim.HasExited;
        victim.Kill(); // SIGKILL: no cleanup, its lease connection just drops
        victim.WaitForExit();
        var results = stations.Select(Finish).ToList();
        Assert.True(killed, "the fifth station finished before it could be killed:\n" + victimOut.Result + victimErr.Result);
        Assert.All(results, r => Assert.True(r.Code == 0, r.Output));
        int madeBeforeKill = Generated(schema, "station4");
        Assert.InRange(madeBeforeKill, 3, PerStation - 1);

        var rerun = Finish(Start(d.Path, ledger, password, 4));
        Assert.True(rerun.Code == 0, rerun.Output);
        Assert.DoesNotContain(password, string.Concat(results.Select(r => r.Output)) + rerun.Output);

        using var check = DeviceLedger.Open(schema.ConnectionString);
        var devices = check.Read().Devices.ToList();
        Assert.Equal(5 * PerStation, devices.Count);
        Assert.All(devices, x => Assert.Equal(DeviceState.Generated, x.State));
        Assert.Equal(Enumerable.Range(1, 5 * PerStation).Select(i => $"PG-{i:D5}"), devices.Select(x => x.SerialNumber).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(devices.Count, devices.Select(x => x.DacSerial!.ToUpperInvariant()).Distinct().Count());
        for (int s = 0; s < 5; s++)
        {
            Assert.Equal(Enumerable.Range(0, PerStation), devices.Where(x => x.Batch == "station" + s).Select(x => x.Slot!.Value).OrderBy(x => x));
        }
        foreach (var x in devices)
        {
            Assert.True(File.Exists(x.PartitionPath), $"{x.DeviceId}: no partition at {x.PartitionPath}");
        }
        // Every device folder on disk is one the ledger knows: a killed run left nothing behind that the ledger lost.
        var folders = Enumerable.Range(0, 5).SelectMany(s => Directory.GetDirectories(Path.Combine(d.Path, "out" + s, "fff1_8000")))
            .Select(Path.GetFileName).Where(n => n != "staging").OrderBy(n => n).ToList();
        Assert.Equal(devices.Select(x => x.DeviceId).OrderBy(n => n), folders);
    }

    private static int Generated(PostgresTestSchema schema, string batch) =>
        Convert.ToInt32(schema.Scalar($"SELECT count(*) FROM mattermfg_devices WHERE batch = '{batch}' AND state = 'Generated'"));
}
