using System;
using MatterMfg.Tests.Infrastructure;
using MatterMfg.Text;

namespace MatterMfg.Tests.Text;

/// <summary>The one hex parser of the core, and the byte input of the cmdlets (byte[], base64, 0x hex) built on it.</summary>
public class HexAndBytesInputTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("00ff7A", new byte[] { 0x00, 0xFF, 0x7A })]
    [InlineData("DeadBEEF", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    public void HexParses(string hex, byte[] expected)
    {
        Assert.True(HexText.TryParse(hex, out byte[] bytes, out int bad));
        Assert.Equal(expected, bytes);
        Assert.Equal(-1, bad);
    }

    [Theory]
    [InlineData("abc", -1)] // odd number of digits
    [InlineData("0g", 1)]
    [InlineData("zz00", 0)]
    [InlineData("00 1", 2)]
    [InlineData("0x00", 1)] // the prefix is the caller's business
    public void HexNamesTheFirstBadCharacter(string hex, int expected)
    {
        Assert.False(HexText.TryParse(hex, out _, out int bad));
        Assert.Equal(expected, bad);
    }

    [Fact]
    public void HexRoundTrips()
    {
        var rng = new Random(7);
        for (int n = 0; n < 64; n++)
        {
            byte[] b = new byte[n];
            rng.NextBytes(b);
            Assert.True(HexText.TryParse(HexText.Lower(b).ToUpperInvariant(), out byte[] back, out _));
            Assert.Equal(b, back);
        }
    }

    // The cmdlets' byte input (byte[], base64, 0x hex) seen through New-EspNvsKeyPartition -Key, whose file starts with
    // the 64 key bytes as given.
    private static byte[] KeyFileBytes(string keyText)
    {
        using var d = new TempDir();
        string file = d.File("keys.bin");
        var r = Ps.Run("New-EspNvsKeyPartition -Key $k -Path $f", ("k", keyText), ("f", file));
        r.Ok();
        byte[] all = System.IO.File.ReadAllBytes(file);
        byte[] key = new byte[64];
        Array.Copy(all, key, 64);
        return key;
    }

    private static byte[] SampleKey(Func<string, bool> accept)
    {
        var rng = new Random(3);
        byte[] key = new byte[64];
        do
        {
            rng.NextBytes(key);
            key[0] = 0xD1; // base64 "0X…" (110100 010111 …) when the next byte starts with 0111
        }
        while (!accept(Convert.ToBase64String(key)));
        return key;
    }

    [Fact]
    public void PrefixedHexIsHex()
    {
        byte[] key = SampleKey(_ => true);
        Assert.Equal(key, KeyFileBytes("0x" + HexText.Lower(key)));
        Assert.Equal(key, KeyFileBytes(" 0X" + HexText.Lower(key).ToUpperInvariant() + " "));
    }

    [Fact]
    public void Base64ThatStartsWith0xIsBase64()
    {
        byte[] key = SampleKey(b => b.StartsWith("0X", StringComparison.Ordinal));
        Assert.Equal(key, KeyFileBytes(Convert.ToBase64String(key)));
    }

    [Theory]
    [InlineData("0x123", "odd number of digits")]
    [InlineData("0x12zz!", "'z' at position 2")]
    [InlineData("@@@@", "neither base64 nor 0x-prefixed hex")]
    public void BadTextNamesTheValueAndTheReason(string text, string reason)
    {
        using var d = new TempDir();
        var r = Ps.Run("New-EspNvsKeyPartition -Key $k -Path $f", ("k", text), ("f", d.File("keys.bin")));
        var record = r.TerminatingRecord ?? Assert.Single(r.Errors);
        Assert.StartsWith("ParameterArgumentTransformationError", record.FullyQualifiedErrorId);
        Assert.Contains($"'{text}'", record.Exception.Message);
        Assert.Contains(reason, record.Exception.Message);
        Assert.Empty(System.IO.Directory.GetFiles(d.Path));
    }
}
