using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace MatterMfg.Benchmarks;

/// <summary>A benchmark: one named measurement that prints its own results.</summary>
public interface IBenchmark
{
    /// <summary>Short name used on the command line, e.g. "nvs".</summary>
    string Name { get; }

    /// <summary>What it measures and the target it checks, one line.</summary>
    string Description { get; }

    void Run();
}

/// <summary>
/// Runs the benchmarks named on the command line (all when none): <c>dotnet run -c Release --project tests/MatterMfg.Benchmarks -- nvs spake2p</c>.
/// Each benchmark class implements <see cref="IBenchmark"/> and is found by reflection.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == FactoryBenchmark.FloorArgument)
        {
            return FactoryBenchmark.RunFloor(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        var all = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name).ToList();
        if (args.Contains("--list"))
        {
            all.ForEach(b => Console.WriteLine($"{b.Name,-12} {b.Description}"));
            return 0;
        }
        var chosen = args.Length == 0 ? all : all.Where(b => args.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (chosen.Count == 0)
        {
            Console.Error.WriteLine("No such benchmark. Available: " + string.Join(", ", all.Select(b => b.Name)));
            return 2;
        }
        Console.WriteLine($"{RuntimeInformationText()}");
        foreach (var b in chosen)
        {
            Console.WriteLine($"== {b.Name}: {b.Description}");
            b.Run();
        }
        return 0;
    }

    private static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores, " +
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
}

/// <summary>Timing helpers shared by the benchmarks.</summary>
public static class Measure
{
    /// <summary>Runs <paramref name="action"/> for about <paramref name="seconds"/> after a warm-up; returns seconds per call.</summary>
    public static double PerCall(Action action, double seconds = 2.0)
    {
        for (int i = 0; i < 3; i++)
        {
            action();
        }
        long n = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            action();
            n++;
        }
        return sw.Elapsed.TotalSeconds / n;
    }

    /// <summary>
    /// Runs <paramref name="actions"/> in turns for <paramref name="rounds"/> rounds after one warm-up round; returns each
    /// one's median CPU seconds per call, counted on this thread only (Linux: CLOCK_THREAD_CPUTIME_ID; elsewhere wall
    /// time). On a machine shared with other work, wall time of millisecond-long calls mostly measures the scheduler.
    /// </summary>
    public static double[] Interleaved(Action[] actions, int rounds)
    {
        var samples = actions.Select(_ => new double[rounds]).ToArray();
        foreach (var a in actions)
        {
            a();
        }
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < actions.Length; i++)
            {
                double start = ThreadSeconds();
                actions[i]();
                samples[i][r] = ThreadSeconds() - start;
            }
        }
        return samples.Select(s => s.OrderBy(x => x).ElementAt(rounds / 2)).ToArray();
    }

    private static readonly bool Linux = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux);

    private static readonly Stopwatch Wall = Stopwatch.StartNew();

    private static double ThreadSeconds()
    {
        if (Linux && clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var ts) == 0)
        {
            return ts.Seconds + ts.Nanoseconds * 1e-9;
        }
        return Wall.Elapsed.TotalSeconds;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out Timespec ts);

    public static string Time(double seconds) =>
        seconds < 1e-3 ? $"{seconds * 1e6:F1} µs" : seconds < 1 ? $"{seconds * 1e3:F2} ms" : $"{seconds:F2} s";

    /// <summary>Bytes allocated by <paramref name="action"/> on this thread.</summary>
    public static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
