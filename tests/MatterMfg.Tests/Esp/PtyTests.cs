using System;
using System.IO;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.Tests.Esp.Emulator;

namespace MatterMfg.Tests.Esp;

/// <summary>The real serial transport (System.IO.Ports) through a pseudo-terminal made by socat.</summary>
[Collection(EspTimingCollection.Name)]
public class PtyTests
{
    [PtyFact]
    public void Writes_through_system_io_ports_on_a_pty_tolerating_missing_modem_lines()
    {
        using var esp = PtyEmulator.Start(EspChip.Esp32);
        using var port = SerialPortTransport.Open(esp.Port, 115200);
        var warnings = new System.Collections.Generic.List<string>();
        using var loader = EspLoader.Connect(port, new EspConnectOptions { Before = EspBefore.Default, Timing = EmulatedEsp.FastTiming(), Warning = warnings.Add });
        Assert.False(loader.LinesSupported);
        Assert.Contains(warnings, w => w.Contains("NOT reset"));
        loader.ChangeBaud(460800);
        loader.AttachFlash();
        var image = new byte[0x6000];
        new Random(1).NextBytes(image);
        Array.Fill(image, (byte)0xFF, 0x1000, 0x4000);
        foreach (bool compress in new[] { true, false })
        {
            var r = loader.WriteFlash(0x9000, image, compress);
            Assert.True(r.Verified);
            Assert.Equal(compress, r.Compressed);
            Assert.True(esp.Rom.Flash.AsSpan(0x9000, image.Length).SequenceEqual(image));
        }
    }

    [PtyFact]
    public void A_port_held_by_another_program_is_busy()
    {
        using var esp = PtyEmulator.Start();
        using var first = SerialPortTransport.Open(esp.Port, 115200);
        var e = Assert.Throws<MfgException>(() => SerialPortTransport.Open(esp.Port, 115200));
        Assert.Equal("EspPortBusy", e.ErrorId);
        Assert.Equal(MfgErrorKind.ResourceBusy, e.Kind);
    }

    [Fact]
    public void A_missing_port_is_not_found()
    {
        string name = OperatingSystem.IsWindows() ? "COM250" : Path.Combine(Path.GetTempPath(), "no-such-tty-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<MfgException>(() => SerialPortTransport.Open(name, 115200));
        Assert.Equal("EspPortNotFound", e.ErrorId);
        Assert.Contains("Get-EspSerialPort", e.Message);
    }
}
