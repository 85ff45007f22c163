using System;

namespace MatterMfg.Esp;

/// <summary>How to get the chip into its ROM download mode before talking to it (esptool's --before).</summary>
public enum EspBefore
{
    /// <summary>The classic DTR/RTS auto-reset circuit of dev boards and USB-UART bridges (CP210x, CH340, FTDI).</summary>
    Default,
    /// <summary>The built-in USB-Serial/JTAG of the ESP32-C3/S3/C6/H2 (VID:PID 303A:1001).</summary>
    Usb,
    /// <summary>No line toggling: the chip is already in download mode (BOOT held at power-up, a fixture that does it).</summary>
    None,
}

/// <summary>What to do when done (esptool's --after).</summary>
public enum EspAfter
{
    /// <summary>Pulse RTS (EN) so the chip leaves download mode and runs its app.</summary>
    HardReset,
    /// <summary>Stay in the ROM loader.</summary>
    None,
}

/// <summary>
/// Timeouts and delays. The defaults are esptool's (esp-serial-protocol.md §6, §12); size-scaled timeouts are
/// <c>max(DefaultTimeout, seconds-per-MB × bytes / 1e6)</c>, plus the time the bytes need on the wire at the current
/// baud rate (esptool starts its clock after a write that may still be on the wire; at low rates that matters).
/// </summary>
public sealed class EspTiming
{
    public static EspTiming Default { get; } = new();

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan ResetHold { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan ResetDelay { get; set; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan ResetDelayLong { get; set; } = TimeSpan.FromMilliseconds(550);
    public TimeSpan BaudSettle { get; set; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan SyncPause { get; set; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan UnsupportedDrain { get; set; } = TimeSpan.FromMilliseconds(200);
    public int ConnectAttempts { get; set; } = 7;
    public int SyncTriesPerAttempt { get; set; } = 5;
    /// <summary>Attempts of one block after an error reply (esptool's WRITE_BLOCK_ATTEMPTS) and of a whole image.</summary>
    public int WriteAttempts { get; set; } = 3;
    public double EraseSecondsPerMb { get; set; } = 30;
    public double WriteSecondsPerMb { get; set; } = 40;
    public double Md5SecondsPerMb { get; set; } = 8;

    public TimeSpan Scaled(double secondsPerMb, long bytes)
    {
        double s = secondsPerMb * bytes / 1e6;
        return s < DefaultTimeout.TotalSeconds ? DefaultTimeout : TimeSpan.FromSeconds(s);
    }
}

/// <summary>How <see cref="EspLoader.Connect"/> reaches the chip.</summary>
public sealed class EspConnectOptions
{
    public EspBefore Before { get; set; } = EspBefore.Default;

    /// <summary>The chip the caller expects; <see cref="EspChip.Unknown"/> accepts any.</summary>
    public EspChip ExpectedChip { get; set; } = EspChip.Unknown;

    public EspTiming Timing { get; set; } = EspTiming.Default;

    /// <summary>Receives progress text (what esptool prints).</summary>
    public Action<string>? Verbose { get; set; }

    /// <summary>Receives warnings (the chip was not reset, ...).</summary>
    public Action<string>? Warning { get; set; }
}
