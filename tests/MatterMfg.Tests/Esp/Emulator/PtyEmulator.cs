using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using MatterMfg.Esp;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Esp.Emulator;

/// <summary>
/// An emulated chip behind a real pseudo-terminal: socat makes a pty pair, the emulator opens one end through
/// System.IO.Ports, and <see cref="Port"/> is the other end's path, to pass as <c>-Port</c> (in the hosted engine, a
/// station script, or EspLoader). A pty has no DTR/RTS, so the board is always in download mode.
/// <code>using var esp = PtyEmulator.Start(); Ps.Run("Write-EspPartition -Port $p -Path x.bin -Offset 0x9000 -Before None", ("p", esp.Port));</code>
/// </summary>
public sealed class PtyEmulator : IDisposable
{
    private readonly Process _socat;
    private readonly TempDir _dir;
    private readonly SerialPortTransport _deviceEnd;

    private PtyEmulator(Process socat, TempDir dir, SerialPortTransport deviceEnd, EspRomEmulator rom, string port)
    {
        _socat = socat;
        _dir = dir;
        _deviceEnd = deviceEnd;
        Rom = rom;
        Port = port;
    }

    /// <summary>True when socat is installed (.ci/run installs it); tests use <see cref="PtyFactAttribute"/> to skip visibly otherwise.</summary>
    public static bool Available { get; } = FindSocat() != null;

    /// <summary>True under CI (CI=true), where a missing socat is a failure, not a skip.</summary>
    public static bool UnderCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public EspRomEmulator Rom { get; }

    /// <summary>The host end of the pty pair (a path such as /tmp/.../esp).</summary>
    public string Port { get; }

    public static PtyEmulator Start(EspChip chip = EspChip.Esp32, int flashSize = 4 << 20)
    {
        string socat = FindSocat() ?? throw new InvalidOperationException("socat is not installed");
        var dir = new TempDir();
        string device = dir.File("rom"), host = dir.File("esp");
        // socat runs under a small shell that closes inherited descriptors (a lock file of the caller must not outlive
        // the test in socat) and kills socat when this test process is gone, so a killed test host leaves no pty behind.
        string script = "for fd in 3 4 5 6 7 8 9; do eval \"exec $fd>&-\"; done; " +
            $"\"{socat}\" -d -d pty,raw,echo=0,link={device} pty,raw,echo=0,link={host} & s=$!; " +
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $s 2>/dev/null; do sleep 1; done; kill $s 2>/dev/null";
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        try
        {
            var sw = Stopwatch.StartNew();
            while (!(File.Exists(device) && File.Exists(host)) && sw.ElapsedMilliseconds < 5000)
            {
                Thread.Sleep(10);
            }
            if (!File.Exists(device) || !File.Exists(host))
            {
                throw new InvalidOperationException("socat did not create the pty pair");
            }
            var end = SerialPortTransport.Open(device, 115200);
            var rom = new EspRomEmulator(end, chip, flashSize).Start();
            return new PtyEmulator(p, dir, end, rom, host);
        }
        catch
        {
            Stop(p);
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Ends the shell and its socat (the whole process tree started for this pty pair).</summary>
    private static void Stop(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
        }
        p.Dispose();
    }

    private static string? FindSocat()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, "socat");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public void Dispose()
    {
        try
        {
            Rom.Dispose();
            _deviceEnd.Dispose();
        }
        finally
        {
            Stop(_socat);
            _dir.Dispose();
        }
    }
}

/// <summary>
/// A fact that needs socat. Without socat it is reported as skipped (not passed) on a developer's machine; under CI
/// (CI=true, where .ci/services/socat.sh installs socat) it is never skipped, so a missing socat fails the test instead
/// of hiding it.
/// </summary>
public sealed class PtyFactAttribute : FactAttribute
{
    public PtyFactAttribute()
    {
        if (!PtyEmulator.Available && !PtyEmulator.UnderCi)
        {
            Skip = "socat is not installed: the pseudo-terminal tests need it (apt-get install socat; .ci/run does this).";
        }
    }
}
