using System;
using MatterMfg.Esp;

namespace MatterMfg.Tests.Esp.Emulator;

/// <summary>
/// An emulated chip on an in-memory serial link: <see cref="Host"/> is what the loader opens, <see cref="Rom"/> the
/// ROM with its flash. <see cref="FastTiming"/> shortens esptool's reset delays and timeouts so fault tests stay quick.
/// </summary>
public sealed class EmulatedEsp : IDisposable
{
    public EmulatedEsp(EspChip chip = EspChip.Esp32, EmulatedBoard board = EmulatedBoard.AlwaysDownload, int flashSize = 4 << 20,
        bool modelLinkTime = false, string name = "emu0")
    {
        Link = new InMemorySerialLink(name) { ModelLinkTime = modelLinkTime };
        Rom = new EspRomEmulator(Link.Device, chip, flashSize, Link, board).Start();
    }

    public InMemorySerialLink Link { get; }

    public EspRomEmulator Rom { get; }

    public IEspTransport Host => Link.Host;

    /// <summary>
    /// esptool's sequence with short delays; a lost reply costs 1 s instead of 3 s. Still generous: CI machines can be
    /// loaded enough to delay a thread by a hundred milliseconds, and a spurious timeout would change what a test sees.
    /// </summary>
    public static EspTiming FastTiming() => new()
    {
        DefaultTimeout = TimeSpan.FromSeconds(1), SyncTimeout = TimeSpan.FromMilliseconds(200),
        ResetHold = TimeSpan.FromMilliseconds(10), ResetDelay = TimeSpan.FromMilliseconds(10), ResetDelayLong = TimeSpan.FromMilliseconds(20),
        BaudSettle = TimeSpan.FromMilliseconds(5), SyncPause = TimeSpan.FromMilliseconds(5), UnsupportedDrain = TimeSpan.FromMilliseconds(100),
        ConnectAttempts = 2, SyncTriesPerAttempt = 3,
    };

    public EspLoader Connect(EspBefore before = EspBefore.None, EspChip expected = EspChip.Unknown, EspTiming? timing = null,
        Action<string>? warning = null) =>
        EspLoader.Connect(Host, new EspConnectOptions { Before = before, ExpectedChip = expected, Timing = timing ?? FastTiming(), Warning = warning });

    public void Dispose() => Rom.Dispose();
}
