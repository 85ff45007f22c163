using System;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;

namespace MatterMfg.Tests.Esp;

public class PartitionTableTests
{
    /// <summary>esp-matter's usual table (examples/*/partitions.csv), with offsets left empty where it leaves them.</summary>
    public const string MatterCsv = @"# Name,   Type, SubType, Offset,  Size, Flags
# Note: Firmware partition offset needs to be 64K aligned, initial 36K (9 sectors) are reserved for bootloader and partition table
esp_secure_cert,  0x3F, ,0xd000,    0x2000, encrypted
nvs,      data, nvs,     0x10000,   0xC000,
nvs_keys, data, nvs_keys,,          0x1000, encrypted
otadata,  data, ota,     ,          0x2000
phy_init, data, phy,     ,          0x1000,
ota_0,    app,  ota_0,   0x20000,   0x1E0000,
ota_1,    app,  ota_1,   0x200000,  0x1E0000,
fctry,    data, nvs,     0x3E0000,  0x6000
";

    [Fact]
    public void Csv_places_empty_offsets_after_the_previous_partition_with_type_alignment()
    {
        var t = EspPartitionTable.FromCsv(MatterCsv, "partitions.csv");
        Assert.Equal(8, t.Partitions.Count);
        var sc = t.Find("esp_secure_cert");
        Assert.Equal((0x3F, 0x06, 0xD000u, 0x2000u, true), (sc.Type, sc.Subtype, sc.Offset, sc.Size, sc.Encrypted));
        Assert.Equal(0x1C000u, t.Find("nvs_keys").Offset);
        Assert.Equal(0x1D000u, t.Find("otadata").Offset);
        Assert.Equal(0x1F000u, t.Find("phy_init").Offset);
        Assert.Equal((byte)0x11, t.Find("ota_1").Subtype);
        Assert.Equal(0x3E0000u, t.Find("fctry").Offset);
        Assert.Equal("nvs_keys", t.FindByType("data", "nvs_keys").Label);
        Assert.Equal("nvs", t.FindByType("data", "nvs").Label);
    }

    [Fact]
    public void Binary_has_32_byte_entries_an_md5_entry_and_ff_padding_and_round_trips()
    {
        var t = EspPartitionTable.FromCsv(MatterCsv, "partitions.csv");
        byte[] bin = t.ToBinary();
        Assert.Equal(0xC00, bin.Length);
        Assert.Equal(new byte[] { 0xAA, 0x50, 0x3F, 0x06, 0x00, 0xD0, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00 }, bin.Take(12));
        Assert.Equal("esp_secure_cert\0", System.Text.Encoding.ASCII.GetString(bin, 12, 16));
        Assert.Equal(1u, System.BitConverter.ToUInt32(bin, 28));
        int md5At = 8 * 32;
        Assert.Equal(new byte[] { 0xEB, 0xEB }.Concat(Enumerable.Repeat((byte)0xFF, 14)), bin.Skip(md5At).Take(16));
        Assert.Equal(MD5.HashData(bin.AsSpan(0, md5At)), bin.Skip(md5At + 16).Take(16));
        Assert.All(bin.Skip(md5At + 32), b => Assert.Equal(0xFF, b));

        var back = EspPartitionTable.FromBinary(bin, "bin");
        Assert.Equal(t.ToCsv(), back.ToCsv());
        Assert.Contains("fctry,data,nvs,0x3e0000,24K,", back.ToCsv());
    }

    [Fact]
    public void A_damaged_table_is_refused()
    {
        byte[] bin = EspPartitionTable.FromCsv(MatterCsv, "p").ToBinary();
        bin[40] ^= 1;
        var e = Assert.Throws<MfgException>(() => EspPartitionTable.FromBinary(bin, "flash"));
        Assert.Equal("EspPartitionTableInvalid", e.ErrorId);
        Assert.Contains("MD5", e.Message);
    }

    [Theory]
    [InlineData("a, data, nvs, 0x9000, 0x6000\nb, data, nvs, 0xC000, 0x1000", "overlaps")]
    [InlineData("a, app, factory, 0x9000, 1M", "aligned")]
    [InlineData("a, data, nvs, 0x7000, 0x1000", "overlaps")]
    [InlineData("a, data, nvs, 0x9000, 0x1000, secret", "unknown flag")]
    [InlineData("a, data, bogus, 0x9000, 0x1000", "bogus")]
    [InlineData("averyveryverylonglabel, data, nvs, 0x9000, 0x1000", "1 to 16")]
    [InlineData("a, data, nvs, 0x9000, 0x1000\na, data, nvs, 0xA000, 0x1000", "twice")]
    public void Bad_csv_names_the_line_and_reason(string csv, string reason)
    {
        var e = Assert.Throws<MfgException>(() => EspPartitionTable.FromCsv(csv, "p.csv"));
        Assert.Equal("EspPartitionTableInvalid", e.ErrorId);
        Assert.Contains(reason, e.Message);
        Assert.StartsWith("p.csv", e.Message);
    }

    [Fact]
    public void Images_larger_than_the_partition_or_across_a_boundary_are_refused()
    {
        var t = EspPartitionTable.FromCsv(MatterCsv, "p");
        var fctry = t.Find("fctry");
        EspPartitionTable.CheckFits(fctry, 0x6000, "x.bin");
        Assert.Equal("EspImageTooLarge", Assert.Throws<MfgException>(() => EspPartitionTable.CheckFits(fctry, 0x6001, "x.bin")).ErrorId);
        t.CheckRegion(0x10000, 0xC000, "x.bin");
        Assert.Equal("EspImageCrossesPartition", Assert.Throws<MfgException>(() => t.CheckRegion(0x10000, 0xC001, "x.bin")).ErrorId);
        Assert.Equal("EspImageCrossesPartition", Assert.Throws<MfgException>(() => t.CheckRegion(0xF000, 0x2000, "x.bin")).ErrorId);
        Assert.Equal("EspPartitionNotFound", Assert.Throws<MfgException>(() => t.Find("factory")).ErrorId);
    }
}
