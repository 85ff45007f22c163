using System;
using System.Collections.Generic;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.Tests.Esp.Emulator;

namespace MatterMfg.Tests.Esp;

/// <summary>EspLoader against the emulated ROM over the in-memory link.</summary>
public class LoaderTests
{
    private static byte[] Image(int length, int seed, bool compressible)
    {
        var rng = new Random(seed);
        var b = new byte[length];
        rng.NextBytes(b);
        if (compressible)
        {
            // Mostly erased flash with some records, like an NVS partition.
            for (int i = 0; i < b.Length; i++)
            {
                if (i % 512 > 40)
                {
                    b[i] = 0xFF;
                }
            }
        }
        return b;
    }

    /// <summary>The flash after the write must equal the flash before with exactly the image placed at the offset.</summary>
    private static void AssertOnlyImageChanged(byte[] before, byte[] after, uint offset, byte[] image)
    {
        var expected = (byte[])before.Clone();
        // Whole sectors covering the image are erased first, then the image is programmed.
        int end = (int)((offset + image.Length + 0xFFF) & ~0xFFF);
        expected.AsSpan((int)offset, end - (int)offset).Fill(0xFF);
        image.CopyTo(expected, (int)offset);
        int diff = Enumerable.Range(0, after.Length).FirstOrDefault(i => after[i] != expected[i], -1);
        Assert.True(diff < 0, $"flash differs at 0x{diff:X}");
    }

    public static IEnumerable<object[]> Chips() => Enum.GetValues<EspChip>().Where(c => c != EspChip.Unknown).Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Chips))]
    public void Connect_detects_every_chip_and_reads_its_mac(EspChip chip)
    {
        using var esp = new EmulatedEsp(chip);
        esp.Rom.Mac = new byte[] { 0x7C, 0xDF, 0xA1, 0x02, 0x03, (byte)chip };
        using var loader = esp.Connect();
        Assert.Equal(chip, loader.Chip.Chip);
        Assert.Equal($"7c:df:a1:02:03:{(int)chip:x2}", loader.MacText);
        loader.AttachFlash();
        Assert.Equal(4L << 20, loader.FlashSize);
        if (chip == EspChip.Esp32)
        {
            Assert.Equal("v3.1", loader.Revision);
        }
        // ESP32: GET_SECURITY_INFO is unsupported and the magic word decides; later chips answer with their chip id.
        Assert.Equal(chip is EspChip.Esp32 or EspChip.Esp32S2, esp.Rom.Commands.Any(c => c.Op == EspOpcode.ReadReg && BitConverter.ToUInt32(c.Data) == EspChipDefinition.MagicRegister));
    }

    [Fact]
    public void Wrong_chip_is_an_error_naming_both()
    {
        using var esp = new EmulatedEsp(EspChip.Esp32C3);
        var e = Assert.Throws<MfgException>(() => esp.Connect(expected: EspChip.Esp32));
        Assert.Equal("EspWrongChip", e.ErrorId);
        Assert.Contains("ESP32-C3", e.Message);
    }

    [Theory]
    [InlineData(EspChip.Esp32, 0x9000u, 0x6000, true)]
    [InlineData(EspChip.Esp32, 0x9000u, 0x6000, false)]
    [InlineData(EspChip.Esp32, 0x3E0000u, 0x6000, true)]
    [InlineData(EspChip.Esp32, 0x10000u, 1000, false)]
    [InlineData(EspChip.Esp32, 0x10000u, 5001, true)]
    [InlineData(EspChip.Esp32C3, 0xD000u, 0x2000, true)]
    [InlineData(EspChip.Esp32C3, 0x20000u, 70001, false)]
    [InlineData(EspChip.Esp32H2, 0x1000u, 0x401, true)]
    public void Writes_leave_exactly_the_image_and_nothing_else(EspChip chip, uint offset, int length, bool compress)
    {
        using var esp = new EmulatedEsp(chip);
        var rng = new Random(length);
        rng.NextBytes(esp.Rom.Flash);
        byte[] before = (byte[])esp.Rom.Flash.Clone();
        byte[] image = Image(length, (int)offset, compressible: compress);
        using var loader = esp.Connect();
        loader.AttachFlash();
        var progress = new List<long>();
        var r = loader.WriteFlash(offset, image, compress, verify: true, (done, total) => progress.Add(done));
        Assert.True(r.Verified);
        byte[] padded = image.Concat(Enumerable.Repeat((byte)0xFF, (4 - image.Length % 4) % 4)).ToArray();
        Assert.Equal(padded.Length, r.Size);
        Assert.Equal(EspLoader.Md5Hex(padded, 0, padded.Length), r.Md5);
        Assert.Equal(compress, r.Compressed);
        AssertOnlyImageChanged(before, esp.Rom.Flash, offset, padded);
        Assert.Equal(padded.Length, progress[^1]);
        // The ROM quirks: ESP32 takes 4 words in (DEFL_)BEGIN, the later ROMs 5; no END is sent (it would leave the loader).
        var begin = esp.Rom.Commands.First(c => c.Op is EspOpcode.FlashBegin or EspOpcode.FlashDeflBegin);
        Assert.Equal(chip == EspChip.Esp32 ? 16 : 20, begin.Data.Length);
        Assert.Equal(0, esp.Rom.Count(EspOpcode.FlashEnd) + esp.Rom.Count(EspOpcode.FlashDeflEnd));
        if (compress)
        {
            // ROM: the uncompressed size is rounded up to whole blocks.
            Assert.Equal((uint)((padded.Length + 0x3FF) / 0x400 * 0x400), BitConverter.ToUInt32(begin.Data, 0));
        }
        else
        {
            Assert.All(esp.Rom.Commands.Where(c => c.Op == EspOpcode.FlashData), c => Assert.Equal(16 + 0x400, c.Data.Length));
        }
    }

    [Fact]
    public void An_incompressible_image_goes_uncompressed()
    {
        using var esp = new EmulatedEsp();
        using var loader = esp.Connect();
        loader.AttachFlash();
        var r = loader.WriteFlash(0x9000, Image(0x3000, 5, compressible: false), compress: true);
        Assert.False(r.Compressed);
        Assert.True(r.Verified);
    }

    [Fact]
    public void Unaligned_offsets_and_images_past_the_flash_end_are_refused_before_anything_is_erased()
    {
        using var esp = new EmulatedEsp(flashSize: 1 << 20);
        using var loader = esp.Connect();
        loader.AttachFlash();
        Assert.Equal(1L << 20, loader.FlashSize);
        Assert.Equal("EspOffsetNotAligned", Assert.Throws<MfgException>(() => loader.WriteFlash(0x9100, new byte[16])).ErrorId);
        var e = Assert.Throws<MfgException>(() => loader.WriteFlash(0xFF000, new byte[0x2000]));
        Assert.Equal("EspFlashTooSmall", e.ErrorId);
        Assert.Equal(0, esp.Rom.Count(EspOpcode.FlashBegin));
    }

    [Theory]
    [InlineData(EspChip.Esp32)]
    [InlineData(EspChip.Esp32S3)]
    public void Baud_change_reaches_the_requested_rate_with_the_esp32_crystal_correction(EspChip chip)
    {
        using var esp = new EmulatedEsp(chip);
        using var loader = esp.Connect();
        loader.ChangeBaud(921600);
        Assert.Equal(921600, esp.Host.BaudRate);
        // The emulated ESP32 ROM believes its crystal is 42 MHz: without the correction it would run 5 % slow and garble.
        Assert.InRange(esp.Rom.Baud, 921600 * 0.99, 921600 * 1.01);
        var sent = BitConverter.ToUInt32(esp.Rom.Commands.Single(c => c.Op == EspOpcode.ChangeBaudrate).Data, 0);
        Assert.Equal(chip == EspChip.Esp32 ? 967680u : 921600u, sent);
        loader.AttachFlash();
        Assert.True(loader.WriteFlash(0x9000, Image(0x6000, 1, true)).Verified);
    }

    [Fact]
    public void Read_flash_and_read_partition_by_label()
    {
        using var esp = new EmulatedEsp();
        EspPartitionTable.FromCsv(PartitionTableTests.MatterCsv, "p").ToBinary().CopyTo(esp.Rom.Flash, 0x8000);
        byte[] fctry = Image(0x6000, 9, true);
        fctry.CopyTo(esp.Rom.Flash, 0x3E0000);
        using var loader = esp.Connect();
        loader.AttachFlash();
        Assert.Equal(esp.Rom.Flash.Skip(0x1000).Take(100), loader.ReadFlash(0x1000, 100));
        var table = loader.ReadPartitionTable();
        Assert.Equal(0x3E0000u, table.Find("fctry").Offset);
        Assert.Equal(fctry, loader.ReadPartition("fctry", table));
    }

    [Fact]
    public void Flasher_writes_by_label_and_reads_the_partition_back_for_end_of_line_checks()
    {
        using var esp = new EmulatedEsp(board: EmulatedBoard.AutoReset);
        EspPartitionTable.FromCsv(PartitionTableTests.MatterCsv, "p").ToBinary().CopyTo(esp.Rom.Flash, 0x8000);
        byte[] fctry = Image(0x6000, 11, true);
        var settings = new EspFlashSettings { Timing = EmulatedEsp.FastTiming(), Baud = 921600 };
        var written = EspFlasher.Flash(esp.Host, new EspFlashRequest { DeviceId = "d", Images = new[] { new EspImage { Path = "f.bin", Data = fctry, Label = "fctry" } } }, settings);
        Assert.Equal(0x3E0000u, Assert.Single(written).Offset);
        Assert.Equal(1, esp.Rom.DownloadBoots);
        var back = EspFlasher.ReadPartition(esp.Host, "fctry", settings);
        Assert.Equal(fctry, back.Data);
        Assert.Equal("ESP32", back.Chip);
        Assert.Equal(0x6000u, back.Partition.Size);
        Assert.Equal(2, esp.Rom.DownloadBoots);
    }
}
