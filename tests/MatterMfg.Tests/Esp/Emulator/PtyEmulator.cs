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

    public EspRomEmulator Rom { get; }

    /// <summary>The host end of the pty pair (a path such as /tmp/.../esp).</summary>
    public string Port { get; }

    public static PtyEmulator Start(EspChip chip = EspChip.Esp32, int flashSize = 4 << 20)
    {
        string socat = FindSocat() ?? throw new InvalidOperationException("socat is not installed");
        var dir = new TempDir();
        string device = dir.File("rom"), host = dir.File("esp");
        var psi = new ProcessStartInfo(socat, $"-d -d pty,raw,echo=0,link={device} pty,raw,echo=0,link={host}")
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (!(File.Exists(device) && File.Exists(host)) && sw.ElapsedMilliseconds < 5000)
        {
            Thread.Sleep(10);
        }
        if (!File.Exists(device) || !File.Exists(host))
        {
            p.Kill();
            throw new InvalidOperationException("socat did not create the pty pair");
        }
        var end = SerialPortTransport.Open(device, 115200);
        var rom = new EspRomEmulator(end, chip, flashSize).Start();
        return new PtyEmulator(p, dir, end, rom, host);
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
        Rom.Dispose();
        _deviceEnd.Dispose();
        try
        {
            _socat.Kill();
            _socat.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
        }
        _socat.Dispose();
        _dir.Dispose();
    }
}

/// <summary>A fact that needs socat; reported as skipped (not passed) when socat is missing.</summary>
public sealed class PtyFactAttribute : FactAttribute
{
    public PtyFactAttribute()
    {
        if (!PtyEmulator.Available)
        {
            Skip = "socat is not installed: the pseudo-terminal tests need it (apt-get install socat; .ci/run does this).";
        }
    }
}
