using System;
using System.Diagnostics;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.Tests.Esp.Emulator;

namespace MatterMfg.Tests.Esp;

/// <summary>Every injected fault ends in the right error or in a retry that leaves exactly the image.</summary>
[Collection(EspTimingCollection.Name)]
public class FaultTests
{
    private static byte[] Image(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        for (int i = 0; i < b.Length; i += 3)
        {
            b[i] = 0xFF;
        }
        return b;
    }

    private static void AssertImageAt(EspRomEmulator rom, uint offset, byte[] image) =>
        Assert.True(rom.Flash.AsSpan((int)offset, image.Length).SequenceEqual(image), "flash does not hold the image");

    [Theory]
    [InlineData(SeqModel.Lenient, false)]
    [InlineData(SeqModel.Strict, false)]
    [InlineData(SeqModel.Cursor, false)]
    [InlineData(SeqModel.Lenient, true)]
    [InlineData(SeqModel.Cursor, true)]
    public void A_lost_block_acknowledgement_is_recovered_without_corrupting_flash(SeqModel model, bool compress)
    {
        using var esp = new EmulatedEsp();
        esp.Rom.SeqModel = model;
        var op = compress ? EspOpcode.FlashDeflData : EspOpcode.FlashData;
        // Block 5 is written by the ROM but its reply is lost: resending seq 5 into a cursor-model ROM would shift it.
        esp.Rom.Faults.DropReply(op, compress ? 1 : 5);
        using var loader = esp.Connect();
        loader.AttachFlash();
        byte[] image = compress ? Image(0x20000, 3).Select((b, i) => i % 64 < 8 ? b : (byte)0xFF).ToArray() : Image(0x3000, 3);
        var r = loader.WriteFlash(0x10000, image, compress);
        Assert.True(r.Verified);
        Assert.Equal(1, r.Retries);
        AssertImageAt(esp.Rom, 0x10000, image);
        Assert.True(esp.Rom.Count(compress ? EspOpcode.FlashDeflBegin : EspOpcode.FlashBegin) == 2);
    }

    [Theory]
    [InlineData(EspOpcode.FlashData, 2)]
    [InlineData(EspOpcode.FlashBegin, 0)]
    [InlineData(EspOpcode.SpiFlashMd5, 0)]
    [InlineData(EspOpcode.ReadReg, 3)]
    [InlineData(EspOpcode.SpiAttach, 0)]
    public void A_corrupt_reply_is_dropped_and_the_command_recovered(EspOpcode op, int occurrence)
    {
        using var esp = new EmulatedEsp();
        esp.Rom.Faults.CorruptReply(op, occurrence);
        using var loader = esp.Connect();
        loader.AttachFlash();
        byte[] image = Image(0x2400, 4);
        var r = loader.WriteFlash(0x9000, image, compress: false);
        Assert.True(r.Verified);
        AssertImageAt(esp.Rom, 0x9000, image);
    }

    [Fact]
    public void A_lost_request_is_sent_again()
    {
        using var esp = new EmulatedEsp();
        esp.Rom.Faults.DropRequest(EspOpcode.FlashData, 1);
        esp.Rom.Faults.DropRequest(EspOpcode.SpiFlashMd5, 0);
        using var loader = esp.Connect();
        loader.AttachFlash();
        byte[] image = Image(0x1800, 5);
        Assert.True(loader.WriteFlash(0x9000, image, compress: false).Verified);
        AssertImageAt(esp.Rom, 0x9000, image);
    }

    [Fact]
    public void A_lost_baud_change_acknowledgement_is_resolved_by_syncing_at_the_new_rate()
    {
        using var esp = new EmulatedEsp();
        esp.Rom.Faults.DropReply(EspOpcode.ChangeBaudrate, 0);
        using var loader = esp.Connect();
        loader.ChangeBaud(460800);
        Assert.Equal(460800, esp.Host.BaudRate);
        loader.AttachFlash();
        Assert.True(loader.WriteFlash(0x9000, Image(0x1000, 6)).Verified);
    }

    [Fact]
    public void Flash_that_differs_after_writing_is_never_reported_verified()
    {
        using var esp = new EmulatedEsp();
        esp.Rom.Faults.WeakBitAddress = 0x9123;
        using var loader = esp.Connect();
        loader.AttachFlash();
        byte[] image = Image(0x2000, 7);
        image[0x123] = 0xFF;
        var e = Assert.Throws<MfgException>(() => loader.WriteFlash(0x9000, image));
        Assert.Equal("EspMd5Mismatch", e.ErrorId);
        Assert.Contains("0x9000", e.Message);
        // It was written twice (one retry) before giving up.
        Assert.Equal(2, esp.Rom.Count(EspOpcode.FlashDeflBegin) + esp.Rom.Count(EspOpcode.FlashBegin));
        Assert.Equal(0xFE, esp.Rom.Flash[0x9123]);
    }

    [Fact]
    public void Without_verification_the_result_says_not_verified()
    {
        using var esp = new EmulatedEsp();
        using var loader = esp.Connect();
        loader.AttachFlash();
        var r = loader.WriteFlash(0x9000, Image(0x1000, 8), verify: false);
        Assert.False(r.Verified);
        Assert.Equal(0, esp.Rom.Count(EspOpcode.SpiFlashMd5));
    }

    [Fact]
    public void A_chip_not_in_download_mode_gives_no_sync_naming_the_reset_and_the_boot_mode()
    {
        using var esp = new EmulatedEsp(board: EmulatedBoard.AutoReset);
        esp.Rom.Faults.NoDownloadMode = true;
        var e = Assert.Throws<MfgException>(() => esp.Connect(EspBefore.Default));
        Assert.Equal("EspNoSync", e.ErrorId);
        Assert.Equal(MfgErrorKind.ConnectionError, e.Kind);
        Assert.Contains("classic DTR/RTS", e.Message);
        Assert.Contains("running its app", e.Message);
        Assert.Contains("download mode", e.Message);
        Assert.True(esp.Rom.AppBoots >= 1);
    }

    [Fact]
    public void A_silent_port_gives_no_sync_saying_nothing_was_received()
    {
        using var esp = new EmulatedEsp(board: EmulatedBoard.AutoReset);
        var e = Assert.Throws<MfgException>(() => esp.Connect(EspBefore.None));
        Assert.Equal("EspNoSync", e.ErrorId);
        Assert.Contains("no reset (-Before None)", e.Message);
        Assert.Contains("Nothing was received", e.Message);
    }

    [Fact]
    public void Unanswered_blocks_end_in_no_response_after_the_restarts()
    {
        using var esp = new EmulatedEsp();
        for (int i = 0; i < 10; i++)
        {
            esp.Rom.Faults.DropReply(EspOpcode.FlashData, i);
        }
        using var loader = esp.Connect();
        loader.AttachFlash();
        var e = Assert.Throws<MfgException>(() => loader.WriteFlash(0x9000, Image(0x1000, 9), compress: false));
        Assert.Equal("EspNoResponse", e.ErrorId);
    }

    [Fact]
    public void A_slow_link_takes_its_wire_time_and_still_succeeds()
    {
        using var esp = new EmulatedEsp(modelLinkTime: true);
        esp.Host.BaudRate = 38400;
        var timing = EmulatedEsp.FastTiming();
        timing.DefaultTimeout = TimeSpan.FromMilliseconds(200); // shorter than one 1 KiB block at 38400 baud (~280 ms)
        using var loader = esp.Connect(timing: timing);
        loader.AttachFlash();
        byte[] image = Image(0x1000, 10);
        var sw = Stopwatch.StartNew();
        // Without the wire time in the timeouts every block would time out and the write would end in EspNoResponse.
        var r = loader.WriteFlash(0x9000, image, compress: false);
        Assert.True(r.Verified);
        Assert.True(sw.Elapsed.TotalSeconds >= 0x1000 * 10.0 / 38400, $"took {sw.Elapsed.TotalSeconds} s");
    }

    [Fact]
    public void A_slow_rom_past_the_timeout_is_a_timeout_not_a_success()
    {
        using var esp = new EmulatedEsp();
        var timing = EmulatedEsp.FastTiming();
        timing.DefaultTimeout = TimeSpan.FromMilliseconds(200);
        using var loader = esp.Connect(timing: timing);
        // Later than all three attempts (200 ms each): a reply that never comes in time is an error, never a guess.
        esp.Rom.Faults.ReplyDelay = TimeSpan.FromMilliseconds(1500);
        var e = Assert.Throws<EspCommandException>(() => loader.ReadReg(0x3FF5A004));
        Assert.True(e.IsTimeout);
        Assert.Equal("EspNoResponse", e.ErrorId);
    }
}
