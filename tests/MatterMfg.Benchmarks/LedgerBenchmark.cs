using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using MatterMfg.Ledger;
using MatterMfg.Manifest;
using Npgsql;

namespace MatterMfg.Benchmarks;

/// <summary>
/// Four stations drawing devices from one ledger at once, each its own run (its own ledger object: its own file handles,
/// or its own connections and lease), each device a reservation (slot, device id, serial number from one shared
/// counter) and its Generated record with a DAC serial: the ledger's part of making a device. Measured on the manifest
/// file and on PostgreSQL (MATTERMFG_TEST_PG, a schema of its own) in the same run; the ratio is PostgreSQL / file.
/// </summary>
public sealed class LedgerBenchmark : IBenchmark
{
    private const int Stations = 4;
    private const int PerStation = 250;

    public string Name => "ledger";

    public string Description => $"{Stations} concurrent stations x {PerStation} devices: reservations/s on the manifest file and on PostgreSQL, and their ratio";

    public void Run()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mattermfg-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "line.manifest");
            double fileRate = Stations * PerStation / Drive(() => new ManifestStore(file));
            Console.WriteLine($"  manifest file: {fileRate,8:F0} reservations/s ({Stations} stations, {Stations * PerStation} devices)");
            string? server = Environment.GetEnvironmentVariable("MATTERMFG_TEST_PG");
            if (string.IsNullOrEmpty(server))
            {
                Console.WriteLine("  PostgreSQL: not measured (set MATTERMFG_TEST_PG, e.g. by sourcing .ci/services/postgres.sh)");
                return;
            }
            string schema = "bench_" + Guid.NewGuid().ToString("N").Substring(0, 8);
            Sql(server, $"CREATE SCHEMA {schema}");
            try
            {
                string ledger = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
                DeviceLedger.Initialize(ledger);
                double pgRate = Stations * PerStation / Drive(() => DeviceLedger.Open(ledger));
                Console.WriteLine($"  PostgreSQL:    {pgRate,8:F0} reservations/s (same load, local server)");
                Console.WriteLine($"  ratio PostgreSQL / file: {pgRate / fileRate:F2}");
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                Sql(server, $"DROP SCHEMA {schema} CASCADE");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Seconds for <see cref="Stations"/> threads, each its own run, to reserve and record <see cref="PerStation"/> devices.</summary>
    private static double Drive(Func<IDeviceLedger> open)
    {
        var ledgers = Enumerable.Range(0, Stations).Select(_ => open()).ToArray();
        var request = new ReservationRequest { SerialNumberTemplate = "BENCH-{0:D7}" };
        try
        {
            using var start = new Barrier(Stations + 1);
            var threads = Enumerable.Range(0, Stations).Select(s => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < PerStation; i++)
                {
                    var r = ledgers[s].Reserve("station" + s, i, request);
                    ledgers[s].MarkGenerated(new ManifestRecord { DeviceId = r.Device.DeviceId, DacSerial = Guid.NewGuid().ToString("N") });
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            start.SignalAndWait();
            var sw = Stopwatch.StartNew();
            threads.ForEach(t => t.Join());
            return sw.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var l in ledgers)
            {
                l.Dispose();
            }
        }
    }

    private static void Sql(string server, string sql)
    {
        using var c = new NpgsqlConnection(server);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }
}
