using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.Tests.Esp.Emulator;

namespace MatterMfg.Tests.Esp;

/// <summary>The reset sequences against emulated reset circuits.</summary>
[Collection(EspTimingCollection.Name)]
public class ResetTests
{
    [Fact]
    public void Classic_reset_enters_download_mode_on_an_auto_reset_board_and_hard_reset_starts_the_app()
    {
        using var esp = new EmulatedEsp(board: EmulatedBoard.AutoReset);
        using (var loader = esp.Connect(EspBefore.Default))
        {
            Assert.Equal(1, esp.Rom.DownloadBoots);
            loader.HardReset();
        }
        System.Threading.Thread.Sleep(60);
        Assert.False(esp.Rom.InDownloadMode);
        Assert.Equal(1, esp.Rom.AppBoots);
    }

    [Fact]
    public void Usb_reset_enters_download_mode_on_the_usb_serial_jtag_and_classic_does_not()
    {
        using (var esp = new EmulatedEsp(EspChip.Esp32C3, EmulatedBoard.UsbJtag))
        {
            using var loader = esp.Connect(EspBefore.Usb);
            Assert.Equal(EspChip.Esp32C3, loader.Chip.Chip);
            Assert.Equal(1, esp.Rom.DownloadBoots);
        }
        using (var esp = new EmulatedEsp(EspChip.Esp32C3, EmulatedBoard.UsbJtag))
        {
            Assert.Equal("EspNoSync", Assert.Throws<MfgException>(() => esp.Connect(EspBefore.Default)).ErrorId);
            Assert.Equal(0, esp.Rom.DownloadBoots);
        }
    }

    [Fact]
    public void Usb_reset_does_not_work_on_an_auto_reset_board()
    {
        using var esp = new EmulatedEsp(board: EmulatedBoard.AutoReset);
        var e = Assert.Throws<MfgException>(() => esp.Connect(EspBefore.Usb));
        Assert.Contains("USB-Serial/JTAG", e.Message);
    }
}
