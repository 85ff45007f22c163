using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MatterMfg.Commissioning;
using MatterMfg.Factory;

namespace MatterMfg.Benchmarks;

/// <summary>
/// The main job: devices from a PAI (the Matter test PAI FFF1/8000 files) with default settings, 100, 1000 and 10 000 of
/// them, through FactoryBatch as the cmdlet and the CLI use it. Reports devices per second, CPU ms per device by stage,
/// peak memory after each size (flat in N is the target), and the ceiling PBKDF2 alone sets on this machine.
/// </summary>
public sealed class FactoryBenchmark : IBenchmark
{
    public string Name => "factory";

    public string Description => "1000 devices from a PAI, default settings: devices/s vs the PBKDF2-only ceiling (target ≥ 85%), stage CPU, memory flat in N";

    public void Run()
    {
        string vectors = Path.Combine(AppContext.BaseDirectory, "vectors", "matter", "attestation");
        string root = Path.Combine(Path.GetTempPath(), "mattermfg-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(root);
        try
        {
            double ceiling = Pbkdf2Ceiling();
            Console.WriteLine($"  ceiling (PBKDF2-HMAC-SHA256 x10000 alone, {Environment.ProcessorCount} threads, {Pbkdf2Sha256.Default.Name}): {ceiling:F0} devices/s");
            foreach (int n in new[] { 100, 1000, 10000 })
            {
                RunBatch(n, root, vectors, ceiling);
            }
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static double Pbkdf2Ceiling()
    {
        byte[] salt = new byte[32];
        const int n = 2000;
        var sw = Stopwatch.StartNew();
        Parallel.For(0, n, i => Pbkdf2Sha256.Default.Derive(BitConverter.GetBytes(20202021 + i), salt, 10000, 80));
        return n / sw.Elapsed.TotalSeconds;
    }

    private static void RunBatch(int n, string root, string vectors, double ceiling)
    {
        var o = new FactoryOptions
        {
            VendorId = 0xFFF1, ProductId = 0x8000, Count = n, WorkingDirectory = root, OutputDirectory = "out-" + n,
            Attestation = AttestationMode.Pai,
            CertificatePath = Path.Combine(vectors, "Chip-Test-PAI-FFF1-8000-Cert.pem"),
            KeyPath = Path.Combine(vectors, "Chip-Test-PAI-FFF1-8000-Key.pem"),
            CertificationDeclarationPath = Path.Combine(vectors, "Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der"),
        };
        var proc = Process.GetCurrentProcess();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        int made = 0;
        FactoryStageTimes times;
        using (var batch = new FactoryBatch(new FactoryBatchSettings { Options = o }, new MatterFactoryEngine()))
        {
            made = batch.Run(null).Count(r => r.Kind == FactoryOutcomeKind.Made);
            times = batch.Times;
        }
        double wall = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        double cpuMs = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / n;
        Console.WriteLine($"  {n,6} devices: {made / wall,6:F0} devices/s ({made / wall / ceiling:P0} of the ceiling), {cpuMs:F2} ms CPU/device, " +
            $"peak working set {proc.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB, managed heap {GC.GetTotalMemory(false) / (1024.0 * 1024):F0} MiB");
        Console.WriteLine("         per device by stage (thread ms): " +
            string.Join(", ", times.Milliseconds.Select(kv => $"{kv.Key} {kv.Value / n:F3}")));
        if (made != n)
        {
            throw new InvalidOperationException($"only {made} of {n} devices were made");
        }
        Directory.Delete(Path.Combine(root, o.OutputDirectory), true);
    }
}
