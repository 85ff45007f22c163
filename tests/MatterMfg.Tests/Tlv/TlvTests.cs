using System;
using MatterMfg.Tlv;

namespace MatterMfg.Tests.Tlv;

/// <summary>The one TLV writer and reader (CD, OTA header, QR optional data), checked against bytes worked out by hand.</summary>
public class TlvTests
{
    [Theory]
    [InlineData(0L, "0001" + "00")]
    [InlineData(-1L, "0001" + "ff")]
    [InlineData(127L, "0001" + "7f")]
    [InlineData(-128L, "0001" + "80")]
    [InlineData(128L, "0101" + "8000")]
    [InlineData(-32769L, "0201" + "ff7fffff")]
    [InlineData(long.MinValue, "0301" + "0000000000000080")]
    public void SignedIntegersTakeTheirSmallestWidthAndReadBack(long value, string hex)
    {
        var w = new TlvWriter();
        w.StartStructure();
        w.Int(1, value);
        w.End();
        byte[] bytes = w.ToArray();
        // structure, control (context tag | width), tag 1, little-endian value, end of container
        string expected = "15" + ((byte)(0x20 | Convert.ToByte(hex.Substring(0, 2), 16))).ToString("x2") + hex.Substring(2) + "18";
        Assert.Equal(expected, MatterMfg.Text.HexText.Lower(bytes));
        var root = TlvReader.ReadSingle(bytes);
        var e = Assert.Single(root.Items);
        Assert.Equal("int", e.Kind);
        Assert.Equal(value, e.Int);
        Assert.Equal((byte?)1, e.Tag);
    }

    [Fact]
    public void StructuresArraysAndListsAreTold()
    {
        Assert.Equal("struct", TlvReader.ReadSingle(new byte[] { 0x15, 0x18 }).Kind);
        Assert.Equal("array", TlvReader.ReadSingle(new byte[] { 0x16, 0x18 }).Kind);
        Assert.Equal("list", TlvReader.ReadSingle(new byte[] { 0x17, 0x18 }).Kind);
    }

    [Fact]
    public void TruncatedIntegersNameTheOffset()
    {
        var e = Assert.Throws<FormatException>(() => TlvReader.ReadSingle(new byte[] { 0x15, 0x22, 0x01, 0x00, 0x00 }));
        Assert.Contains("offset 5", e.Message);
    }
}
