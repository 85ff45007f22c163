using System.Collections.Generic;
using System.Linq;
using MatterMfg.Esp;

namespace MatterMfg.Tests.Esp;

public class SlipPacketTests
{
    [Fact]
    public void Encode_escapes_DB_before_C0_and_frames_with_C0()
    {
        byte[] framed = Slip.Encode(new byte[] { 0x01, 0xC0, 0xDB, 0x02 });
        Assert.Equal(new byte[] { 0xC0, 0x01, 0xDB, 0xDC, 0xDB, 0xDD, 0x02, 0xC0 }, framed);
    }

    [Fact]
    public void Decoder_reassembles_back_to_back_frames_keeps_noise_and_drops_a_bad_escape()
    {
        var d = new SlipDecoder();
        var frames = new List<byte[]>();
        byte[] text = System.Text.Encoding.ASCII.GetBytes("waiting for download\r\n");
        byte[] stream = text.Concat(Slip.Encode(new byte[] { 1, 0xC0 })).Concat(Slip.Encode(new byte[] { 2 }))
            .Concat(new byte[] { 0xC0, 5, 0xDB, 0x01, 6, 0xC0 }).Concat(Slip.Encode(new byte[] { 3, 0xDB })).ToArray();
        // Fed one byte at a time: frames may be split anywhere by the serial driver.
        for (int i = 0; i < stream.Length; i++)
        {
            d.Feed(stream, i, 1, frames);
        }
        Assert.Equal(new[] { new byte[] { 1, 0xC0 }, new byte[] { 2 }, new byte[] { 3, 0xDB } }, frames);
        Assert.Equal(1, d.CorruptFrames);
        Assert.Contains("waiting for download", d.TakeNoise());
    }

    [Fact]
    public void Checksum_is_EF_xor_the_data_bytes()
    {
        Assert.Equal(0x44, EspPacket.Checksum(new byte[] { 0x01, 0x02, 0x03, 0xAB }, 0, 4));
    }

    [Fact]
    public void Sync_request_is_the_46_bytes_esptool_sends()
    {
        var data = new byte[] { 7, 7, 0x12, 0x20 }.Concat(Enumerable.Repeat((byte)0x55, 32)).ToArray();
        byte[] wire = Slip.Encode(EspPacket.Request(EspOpcode.Sync, data));
        Assert.Equal(46, wire.Length);
        Assert.Equal(new byte[] { 0xC0, 0x00, 0x08, 0x24, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x07, 0x12, 0x20, 0x55 }, wire.Take(14));
        Assert.Equal(0xC0, wire[45]);
    }

    [Fact]
    public void Response_status_follows_the_payload_and_short_replies_use_the_first_two_bytes()
    {
        var r = EspResponse.TryParse(new byte[] { 0x01, 0x13, 0x06, 0x00, 0, 0, 0, 0, 0xAA, 0xBB, 0x01, 0x07, 0, 0 })!;
        Assert.Equal((1, 7), ((int, int))r.StatusAfter(2));
        Assert.Equal((0xAA, 0xBB), ((int, int))r.StatusAfter(32));
        Assert.Null(EspResponse.TryParse(new byte[] { 0x01, 0x13, 0x09, 0x00, 0, 0, 0, 0, 0 }));
        Assert.Null(EspResponse.TryParse(new byte[] { 0x00, 0x13, 0x00, 0x00, 0, 0, 0, 0 }));
    }

    [Fact]
    public void Zlib_has_a_valid_header_and_adler32_and_round_trips()
    {
        Assert.Equal(0x11E60398u, Zlib.Adler32(System.Text.Encoding.ASCII.GetBytes("Wikipedia"), 0, 9));
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 % 251 < 20 ? i : 0xFF)).ToArray();
        byte[] z = Zlib.Compress(data);
        Assert.Equal(0x78, z[0]);
        Assert.Equal(0, (z[0] << 8 | z[1]) % 31);
        Assert.Equal(data, Zlib.Decompress(z));
        var through = Zlib.InflatedThroughBlock(z, 0x400);
        Assert.Equal((z.Length + 0x3FF) / 0x400, through.Length);
        Assert.Equal(data.Length, through[^1]);
        Assert.True(through.Zip(through.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void Flash_size_comes_from_the_jedec_capacity_byte()
    {
        Assert.Equal(4L << 20, EspLoader.FlashSizeFromId(0x1640EF));
        Assert.Equal(16L << 20, EspLoader.FlashSizeFromId(0x18409F));
        Assert.Null(EspLoader.FlashSizeFromId(0xFFFFFF));
    }
}

public class Md5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Rfc1321_vectors(string text, string hex)
    {
        byte[] b = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.Equal(hex, System.Convert.ToHexString(MatterMfg.Checksums.Md5.Hash(b, 0, b.Length)).ToLowerInvariant());
    }

    [Fact]
    public void Matches_the_platform_md5_at_every_tail_length()
    {
        var data = new byte[300];
        new System.Random(3).NextBytes(data);
        for (int n = 0; n <= 200; n++)
        {
            Assert.Equal(System.Security.Cryptography.MD5.HashData(new System.ReadOnlySpan<byte>(data, 7, n)), MatterMfg.Checksums.Md5.Hash(data, 7, n));
        }
    }
}
