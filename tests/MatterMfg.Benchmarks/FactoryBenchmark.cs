using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MatterMfg.Commissioning;

namespace MatterMfg.Benchmarks;

/// <summary>
/// The main job as a factory PC runs it, against the floor PBKDF2 sets on the same machine, in one run:
/// <list type="bullet">
/// <item><b>floor</b>: a process of its own (this benchmark started again with <see cref="FloorArgument"/>) that derives N
/// SPAKE2+ PBKDF2s (HMAC-SHA256, 10000 iterations, 80 bytes, random 32-byte salts) on all cores with
/// <see cref="Pbkdf2Sha256.Default"/>, as the factory does, timed after a warm-up: what the hardware allows.</item>
/// <item><b>cli</b>: the published <c>mattermfg</c> (<c>dotnet publish -r &lt;rid&gt;</c>, ReadyToRun) making N devices
/// under the test PAI FFF1/8000 with default settings; wall time of the whole process (start-up, JIT, every file).</item>
/// <item><b>cmdlet</b>: <c>New-MatterFactoryImage -Count N</c> with the same inputs in the repo's pwsh 7.6.9, importing
/// out/MatterMfg (built in Release); wall time of the whole pwsh process.</item>
/// </list>
/// The three run turn by turn in mirrored rounds (floor, cli, cmdlet, cmdlet, cli, floor, ...), so that a change of load
/// on a shared machine reaches all of them alike. Prints throughput / floor, cmdlet / CLI, CPU time per device against
/// the floor's (what the run would reach on a machine of its own) and the peak resident memory of each process per N.
/// Options: <c>--sizes 1000,10000</c> (default 1000), <c>--rounds 4</c> (default 4 below 5000 devices, 2 above),
/// <c>--out DIR</c> (where the devices are written; default the repo's out/).
/// </summary>
public sealed class FactoryBenchmark : IBenchmark
{
    /// <summary>The argument that makes this program the floor's child process: <c>--pbkdf2-floor N</c>.</summary>
    public const string FloorArgument = "--pbkdf2-floor";

    private const int Iterations = 10000;

    /// <summary>How a child reports the seconds of its measured part: the floor its derivations, pwsh the command.</summary>
    private const string InnerMarker = "seconds=";

    public string Name => "factory";

    public string Description => "mattermfg -n 1000 (--sizes 1000,10000) and New-MatterFactoryImage in pwsh vs the PBKDF2 floor, each a process, turn by turn: throughput/floor (target >= 0.85 at 1000, 0.9 at 10 000), cmdlet/CLI, peak RSS per N";

    public void Run()
    {
        var (sizes, rounds, outRoot) = ParseOptions(Environment.GetCommandLineArgs());
        string repo = RepoRoot();
        string vectors = Path.Combine(repo, "tests", "MatterMfg.Tests", "vectors", "matter", "attestation");
        // The devices go where a factory PC puts them, a folder of the user's, here the repo's out/ (--out DIR for another
        // disk), not the shared temporary folder: on a file system without a journal (this machine's) ext4 skips every
        // inode freed in the last minutes when it allocates one, and /tmp holds other sessions' churn.
        string work = Path.Combine(outRoot ?? Path.Combine(repo, "out"), "factory-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(work);
        try
        {
            string cli = PublishCli(repo, Path.Combine(work, "cli"));
            BuildModule(repo);
            string pwsh = FindPwsh(repo);
            string module = Path.Combine(repo, "out", "MatterMfg", "MatterMfg.psd1");
            ChildCpu(); // from here on, each child's own CPU time
            string pai = Path.Combine(vectors, "Chip-Test-PAI-FFF1-8000-Cert.pem");
            string key = Path.Combine(vectors, "Chip-Test-PAI-FFF1-8000-Key.pem");
            string cd = Path.Combine(vectors, "Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der");
            var kinds = new[]
            {
                new Kind("floor", (n, dir) => FloorCommand(n)),
                new Kind("cli", (n, dir) => (cli, new[] { "-v", "0xFFF1", "-p", "0x8000", "--pai", "-c", pai, "-k", key, "-cd", cd, "-n", N(n), "--outdir", dir })),
                // The devices go to the host as a user sees them (the default table); the time from Import-Module to the
                // end of the command is also printed: the cmdlet in a session that is already open.
                new Kind("cmdlet", (n, dir) => (DotnetHost(), new[] { pwsh, "-NoProfile", "-NonInteractive", "-Command",
                    "$ErrorActionPreference = 'Stop'; $clock = [Diagnostics.Stopwatch]::StartNew(); " +
                    $"Import-Module '{module}'; New-MatterFactoryImage -Count {N(n)} -VendorId 0xFFF1 -ProductId 0x8000 -PaiCertificate '{pai}' -PaiKey '{key}' -CertificationDeclaration '{cd}' -OutputPath '{dir}'; " +
                    "[Console]::Error.WriteLine('" + InnerMarker + "' + $clock.Elapsed.TotalSeconds.ToString('R', [Globalization.CultureInfo]::InvariantCulture))" })),
            };
            Console.WriteLine($"  {Environment.ProcessorCount} cores; PBKDF2: {Pbkdf2Sha256.Default.Name}; load average at start: {LoadAverage()}");
            var summary = new List<(int N, Dictionary<string, Pooled> Results)>();
            int runs = 0;
            foreach (int n in sizes)
            {
                // Mirrored rounds (floor, cli, cmdlet, then cmdlet, cli, floor, ...): a load that rises or falls steadily
                // over the run reaches every kind alike.
                int r = rounds ?? (n >= 5000 ? 2 : 4);
                var order = new List<Kind>();
                for (int i = 0; i < r; i++)
                {
                    order.AddRange(i % 2 == 0 ? kinds : Enumerable.Reverse(kinds));
                }
                var results = kinds.ToDictionary(k => k.Name, _ => new Pooled());
                foreach (var kind in order)
                {
                    // Every run writes a folder of its own, and all are deleted at the end: on a file system without a
                    // journal, ext4 skips inodes freed in the last minute when it allocates new ones, so deleting one
                    // run's thousands of files would slow down the next run's.
                    string dir = Path.Combine(work, "out-" + (++runs).ToString(CultureInfo.InvariantCulture));
                    var s = RunChild(kind, n, dir);
                    results[kind.Name].Add(s);
                    Console.WriteLine($"  N={n,-6} {kind.Name,-7} {s.Seconds,7:F1} s{(kind.Name == "floor" ? " PBKDF2" : " wall")}{(kind.Name == "cmdlet" ? $" ({s.InnerSeconds:F1} s in session)" : "")}, {s.Rate,6:F1} per s, {s.CpuSeconds / n * 1000,6:F2} ms CPU per device ({s.SysSeconds / n * 1000:F2} in the kernel), peak RSS {s.PeakRss / 1048576.0,5:F0} MiB, load {LoadAverage()}");
                }
                summary.Add((n, results));
            }
            Print(summary);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    /// <summary>The floor's child process: N derivations on all cores after a warm-up; prints the seconds they took.</summary>
    public static int RunFloor(int n)
    {
        var pbkdf2 = Pbkdf2Sha256.Default;
        int threads = Environment.ProcessorCount;
        byte[][] salts = Enumerable.Range(0, n + 2 * threads).Select(_ => RandomBytes(32)).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, 2 * threads, options, i => pbkdf2.Derive(BitConverter.GetBytes(20202021 + i), salts[n + i], Iterations, 80));
        var sw = Stopwatch.StartNew();
        Parallel.For(0, n, options, i => pbkdf2.Derive(BitConverter.GetBytes(20202021 + i), salts[i], Iterations, 80));
        Console.WriteLine(InnerMarker + sw.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    private static byte[] RandomBytes(int n)
    {
        byte[] b = new byte[n];
        System.Security.Cryptography.RandomNumberGenerator.Fill(b);
        return b;
    }

    private static (string File, string[] Args) FloorCommand(int n)
    {
        string self = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? (self, new[] { typeof(FactoryBenchmark).Assembly.Location, FloorArgument, N(n) })
            : (self, new[] { FloorArgument, N(n) });
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Print(List<(int N, Dictionary<string, Pooled> Results)> summary)
    {
        Console.WriteLine();
        Console.WriteLine("  devices | cli / floor | cmdlet / floor | cmdlet / cli | in session / cli | CPU per device: floor / cli | floor / cmdlet | peak RSS cli | peak RSS cmdlet (pwsh)");
        foreach (var (n, r) in summary)
        {
            var floor = r["floor"];
            var cli = r["cli"];
            var cmdlet = r["cmdlet"];
            Console.WriteLine($"  {n,7} | {cli.Rate / floor.Rate,11:F2} | {cmdlet.Rate / floor.Rate,14:F2} | {cmdlet.Rate / cli.Rate,12:F2} | {cmdlet.InnerRate / cli.Rate,16:F2} | {floor.Cpu / cli.Cpu,26:F2} | {floor.Cpu / cmdlet.Cpu,14:F2} | {cli.PeakRss / 1048576.0,8:F0} MiB | {cmdlet.PeakRss / 1048576.0,11:F0} MiB");
        }
        if (summary.Count > 1)
        {
            var (n0, first) = summary[0];
            var (n1, last) = summary[summary.Count - 1];
            Console.WriteLine($"  peak RSS at {n1} / at {n0}: cli {last["cli"].PeakRss / first["cli"].PeakRss:F2}, cmdlet {last["cmdlet"].PeakRss / first["cmdlet"].PeakRss:F2}");
        }
        Console.WriteLine("  (floor: PBKDF2 alone, warmed up; cli and cmdlet: whole processes, start-up included; in session: pwsh from Import-Module");
        Console.WriteLine("  to the end of New-MatterFactoryImage, pwsh's own start-up left out; rates pooled over the rounds)");
    }

    private sealed record Kind(string Name, Func<int, string, (string File, string[] Args)> Command);

    /// <param name="Seconds">The floor's derivations; the whole process for the others.</param>
    /// <param name="InnerSeconds">pwsh: from Import-Module to the end of the command.</param>
    private sealed record Sample(int Devices, double Seconds, double? InnerSeconds, double CpuSeconds, double SysSeconds, double PeakRss)
    {
        public double Rate => Devices / Seconds;
    }

    /// <summary>One kind's samples of one size: devices over seconds summed across rounds, the largest peak.</summary>
    private sealed class Pooled
    {
        private int _devices;
        private double _seconds;
        private double _inner;
        private double _cpu;

        public double PeakRss { get; private set; }

        public double Rate => _devices / _seconds;

        /// <summary>pwsh: devices per second of the command in an open session (Import-Module included).</summary>
        public double InnerRate => _devices / _inner;

        public double Cpu => _cpu / _devices;

        public void Add(Sample s)
        {
            _devices += s.Devices;
            _seconds += s.Seconds;
            _inner += s.InnerSeconds ?? s.Seconds;
            _cpu += s.CpuSeconds;
            PeakRss = Math.Max(PeakRss, s.PeakRss);
        }
    }

    /// <summary>Runs one child to its end, sampling its peak resident set and CPU time; checks it made N devices.</summary>
    private static Sample RunChild(Kind kind, int n, string outDir)
    {
        var (file, args) = kind.Command(n, outDir);
        var psi = StartInfo(file, args, null);
        var tail = new Queue<string>();
        string? inner = null;
        void Keep(string? line)
        {
            if (line == null)
            {
                return;
            }
            lock (tail)
            {
                if (line.StartsWith(InnerMarker, StringComparison.Ordinal))
                {
                    inner = line.Substring(InnerMarker.Length);
                }
                tail.Enqueue(line);
                if (tail.Count > 20)
                {
                    tail.Dequeue();
                }
            }
        }
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => Keep(e.Data);
        p.ErrorDataReceived += (_, e) => Keep(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        long peak = 0;
        TimeSpan cpu = TimeSpan.Zero;
        while (!p.WaitForExit(50))
        {
            try
            {
                p.Refresh();
                peak = Math.Max(peak, p.PeakWorkingSet64);
                cpu = p.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                // exited between the wait and the sample
            }
        }
        double wall = sw.Elapsed.TotalSeconds;
        p.WaitForExit();
        double sys = double.NaN;
        if (ChildCpu() is { } exact)
        {
            cpu = TimeSpan.FromSeconds(exact.User + exact.Sys);
            sys = exact.Sys;
        }
        string Tail()
        {
            lock (tail)
            {
                return string.Join(Environment.NewLine, tail);
            }
        }
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{kind.Name} exited with {p.ExitCode}:{Environment.NewLine}{Tail()}");
        }
        double? innerSeconds = inner == null ? null : double.Parse(inner, CultureInfo.InvariantCulture);
        if (kind.Name == "floor")
        {
            return new Sample(n, innerSeconds ?? throw new InvalidOperationException("the floor printed no time: " + Tail()), null, cpu.TotalSeconds, sys, peak);
        }
        int made = Directory.GetDirectories(Path.Combine(outDir, "fff1_8000")).Count(d => Path.GetFileName(d) != "staging" && !Path.GetFileName(d).StartsWith(".", StringComparison.Ordinal));
        if (made != n)
        {
            throw new InvalidOperationException($"{kind.Name} made {made} of {n} devices:{Environment.NewLine}{Tail()}");
        }
        return new Sample(n, wall, innerSeconds, cpu.TotalSeconds, sys, peak);
    }

    private static (double User, double Sys) _childCpu;

    /// <summary>The user and system CPU seconds of the child just reaped (getrusage(RUSAGE_CHILDREN) grows by them); null off Linux.</summary>
    private static (double User, double Sys)? ChildCpu()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return null;
        }
        var usage = new long[18];
        if (getrusage(-1 /* RUSAGE_CHILDREN */, usage) != 0)
        {
            return null;
        }
        // struct rusage starts with ru_utime and ru_stime, two struct timeval (seconds, microseconds).
        var total = (User: usage[0] + usage[1] * 1e-6, Sys: usage[2] + usage[3] * 1e-6);
        var delta = (total.User - _childCpu.User, total.Sys - _childCpu.Sys);
        _childCpu = total;
        return delta;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, [Out] long[] usage);

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static (int[] Sizes, int? Rounds, string? Out) ParseOptions(string[] args)
    {
        int[] sizes = { 1000 };
        int? rounds = null;
        string? output = null;
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--sizes")
            {
                sizes = args[i + 1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            }
            else if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--out")
            {
                output = Path.GetFullPath(args[i + 1]);
            }
        }
        return (sizes, rounds, output);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MatterMfg.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("MatterMfg.sln not found above " + AppContext.BaseDirectory);
    }

    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>Publishes the CLI as a factory PC should (RID-specific, ReadyToRun: see the CLI project) and returns its executable.</summary>
    private static string PublishCli(string repo, string dir)
    {
        string rid = RuntimeInformation.RuntimeIdentifier;
        Dotnet(repo, "publish", "src/MatterMfg.Cli", "-c", "Release", "-r", rid, "--self-contained", "false", "-o", dir);
        return Path.Combine(dir, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "mattermfg.exe" : "mattermfg");
    }

    /// <summary>Builds the module in Release, which assembles out/MatterMfg (as <c>dotnet build</c> does).</summary>
    private static void BuildModule(string repo) => Dotnet(repo, "build", "src/MatterMfg.PowerShell", "-c", "Release");

    /// <summary>The pwsh.dll of the repo's local tool (<c>dotnet pwsh</c>), run directly so the tool shim's processes are not measured.</summary>
    private static string FindPwsh(string repo)
    {
        Dotnet(repo, "tool", "restore");
        string home = Dotnet(repo, "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME").Trim().Split('\n').Last().Trim();
        string dll = Path.Combine(home, "pwsh.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException("pwsh.dll not found in " + home);
        }
        return dll;
    }

    private static string Dotnet(string repo, params string[] args)
    {
        Console.WriteLine("  $ dotnet " + string.Join(" ", args));
        using var p = Process.Start(StartInfo(DotnetHost(), args, repo))!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(" ", args)} failed ({p.ExitCode}):{Environment.NewLine}{output}{err.Result}");
        }
        return output;
    }

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string? workingDirectory)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory != null)
        {
            psi.WorkingDirectory = workingDirectory;
        }
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return psi;
    }
}
