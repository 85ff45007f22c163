using System;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.Manifest;
using MatterMfg.Tests.BadInput;
using MatterMfg.Tests.Esp.Emulator;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Esp;

/// <summary>
/// A station never gives a board a second identity, never touches a board before the manifest agrees, and leaves a chip
/// held in download mode answering the next command at 115200 baud.
/// </summary>
[Collection(EspTimingCollection.Name)]
public class FlashingHardeningTests
{
    [Theory]
    [InlineData(EspChip.Esp32)]
    [InlineData(EspChip.Esp32C3)]
    public void A_session_that_cannot_reset_the_chip_leaves_the_loader_at_115200_for_the_next_connection(EspChip chip)
    {
        using var esp = new EmulatedEsp(chip);
        using (var first = esp.Connect())
        {
            first.ChangeBaud(460800);
            first.AttachFlash();
            first.Finish(EspAfter.None);
        }
        Assert.InRange(esp.Rom.Baud, 115200 * 0.97, 115200 * 1.03);
        esp.Host.BaudRate = 115200; // a new command opens the port at the ROM's rate
        using var second = esp.Connect();
        Assert.Equal(chip, second.Chip.Chip);
    }

    [Fact]
    public void Without_restoring_the_baud_the_next_connection_gets_no_answer()
    {
        // The control for the test above: the emulated ROM really stops answering at 115200 after a baud change.
        using var esp = new EmulatedEsp();
        using (var first = esp.Connect())
        {
            first.ChangeBaud(460800);
        }
        esp.Host.BaudRate = 115200;
        Assert.Equal("EspNoSync", Assert.Throws<MfgException>(() => esp.Connect()).ErrorId);
    }

    [Fact]
    public void Finish_with_a_working_reset_line_resets_instead()
    {
        using var esp = new EmulatedEsp(EspChip.Esp32, EmulatedBoard.AutoReset);
        using var loader = esp.Connect(EspBefore.Default);
        loader.ChangeBaud(460800);
        loader.Finish(EspAfter.HardReset);
        System.Threading.Thread.Sleep(60); // the EN pin's RC delay
        Assert.False(esp.Rom.InDownloadMode);
        Assert.Equal(1, esp.Rom.AppBoots);
        Assert.Equal(1, esp.Rom.Count(EspOpcode.ChangeBaudrate)); // the app runs: no baud to restore
    }

    [PtyFact]
    public void An_unknown_device_is_refused_before_the_board_is_touched()
    {
        using var esp = PtyEmulator.Start();
        using var d = new TempDir();
        File.WriteAllBytes(d.File("p.bin"), new byte[0x6000]);
        string manifest = NewManifest(d, "dev-1");
        var r = Ps.Run("[pscustomobject]@{ DeviceId = 'nobody'; PartitionPath = $f } | Write-EspPartition -Port $p -Before None -Manifest $m",
            ("f", d.File("p.bin")), ("p", esp.Port), ("m", manifest));
        Assert.Equal(ErrorIds.ManifestDeviceNotFound, BadInputAssert.ErrorId(r));
        Assert.Contains("nobody", BadInputAssert.ErrorMessage(r));
        Assert.Empty(r.Output);
        Assert.Equal(0, esp.Rom.Count(EspOpcode.Sync));
    }

    [PtyFact]
    public void A_board_flashed_in_an_earlier_invocation_is_refused_unless_forced()
    {
        using var esp = PtyEmulator.Start();
        EspCmdletTests.PutTable(esp.Rom);
        using var d = new TempDir();
        File.WriteAllBytes(d.File("one.bin"), EspCmdletTests.Nvs(1));
        File.WriteAllBytes(d.File("two.bin"), EspCmdletTests.Nvs(2));
        string manifest = NewManifest(d, "dev-1", "dev-2");
        const string flash = "[pscustomobject]@{ DeviceId = $id; PartitionPath = $f } | Write-EspPartition -Port $p -Before None -After None -Manifest $m";
        Assert.Single(Ps.Run(flash, ("id", "dev-1"), ("f", d.File("one.bin")), ("p", esp.Port), ("m", manifest)).Ok());

        // Another invocation (another station, the next morning): the same board must not become dev-2.
        var again = Ps.Run(flash, ("id", "dev-2"), ("f", d.File("two.bin")), ("p", esp.Port), ("m", manifest));
        Assert.Equal("EspBoardAlreadyFlashed", BadInputAssert.ErrorId(again));
        Assert.Contains("dev-1", BadInputAssert.ErrorMessage(again));
        Assert.Contains("-Force", BadInputAssert.ErrorMessage(again));
        Assert.True(esp.Rom.Flash.AsSpan(0x3E0000, 0x6000).SequenceEqual(EspCmdletTests.Nvs(1)), "the refused board was written");
        using (var check = new ManifestStore(manifest))
        {
            Assert.Equal(DeviceState.Flashed, check.Find("dev-1")!.State);
            Assert.Equal(DeviceState.Failed, check.Find("dev-2")!.State);
        }

        // The same device onto the same board again (a retry) is fine; -Force reworks the board on purpose.
        Assert.Single(Ps.Run(flash, ("id", "dev-1"), ("f", d.File("one.bin")), ("p", esp.Port), ("m", manifest)).Ok());
        Assert.Single(Ps.Run(flash + " -Force", ("id", "dev-2"), ("f", d.File("two.bin")), ("p", esp.Port), ("m", manifest)).Ok());
        Assert.True(esp.Rom.Flash.AsSpan(0x3E0000, 0x6000).SequenceEqual(EspCmdletTests.Nvs(2)));
    }

    private static string NewManifest(TempDir d, params string[] ids)
    {
        string manifest = d.File("line.manifest");
        using var store = new ManifestStore(manifest);
        store.Update((s, tx) =>
        {
            foreach (string id in ids)
            {
                tx.Append(new ManifestRecord { State = DeviceState.Generated, DeviceId = id });
            }
            return 0;
        });
        return manifest;
    }
}
