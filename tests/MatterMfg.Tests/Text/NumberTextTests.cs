using System.Numerics;
using MatterMfg.Diagnostics;
using MatterMfg.Text;

namespace MatterMfg.Tests.Text;

/// <summary>
/// The one integer reader against Python: each row is what python3 printed for <c>int(x, 0)</c> (esp-matter-mfg-tool's
/// and ota_image_tool.py's any_base_int) and <c>int(x)</c> (Click's IntRange), "ERR" for a ValueError.
/// </summary>
public class NumberTextTests
{
    [Theory]
    [InlineData("0", "0", "0")]
    [InlineData("00", "0", "0")]
    [InlineData("0_0", "0", "0")]
    [InlineData("010", "ERR", "10")]
    [InlineData("0_7", "ERR", "7")]
    [InlineData("1_000", "1000", "1000")]
    [InlineData("1__000", "ERR", "ERR")]
    [InlineData("_1", "ERR", "ERR")]
    [InlineData("1_", "ERR", "ERR")]
    [InlineData("+5", "5", "5")]
    [InlineData("-0x5", "-5", "ERR")]
    [InlineData(" 12 ", "12", "12")]
    [InlineData("\t7\n", "7", "7")]
    [InlineData("- 5", "ERR", "ERR")]
    [InlineData("+-1", "ERR", "ERR")]
    [InlineData("0x", "ERR", "ERR")]
    [InlineData("0x_", "ERR", "ERR")]
    [InlineData("0x_1f", "31", "ERR")]
    [InlineData("0X1F", "31", "ERR")]
    [InlineData("0O17", "15", "ERR")]
    [InlineData("0B1_0", "2", "ERR")]
    [InlineData("0b2", "ERR", "ERR")]
    [InlineData("0o8", "ERR", "ERR")]
    [InlineData("0xg", "ERR", "ERR")]
    [InlineData("1e3", "ERR", "ERR")]
    [InlineData("1.5", "ERR", "ERR")]
    [InlineData("10kb", "ERR", "ERR")]
    [InlineData("", "ERR", "ERR")]
    [InlineData("1,000", "ERR", "ERR")]
    [InlineData("\u0663", "3", "3")]
    [InlineData("0x\u0661", "1", "ERR")]
    [InlineData("\uFF11\uFF12", "12", "12")]
    [InlineData("0x1_0000_FFF1", "4295032817", "ERR")]
    [InlineData("99999999999999999999999", "99999999999999999999999", "99999999999999999999999")]
    [InlineData("-99999999999999999999999", "-99999999999999999999999", "-99999999999999999999999")]
    [InlineData("0xFFFFFFFFFFFFFFFF", "18446744073709551615", "ERR")]
    [InlineData("0x10000000000000000", "18446744073709551616", "ERR")]
    [InlineData("-0x8000000000000000", "-9223372036854775808", "ERR")]
    [InlineData("9223372036854775808", "9223372036854775808", "9223372036854775808")]
    public void Reads_what_python_int_reads(string text, string intBase0, string intBase10)
    {
        Assert.Equal(Expected(intBase0), Read(text, NumberSyntax.Python));
        Assert.Equal(Expected(intBase10), Read(text, NumberSyntax.PythonDecimal));
    }

    [Theory]
    [InlineData("0xFFF1", "65521")]
    [InlineData(" -42 ", "-42")]
    [InlineData("0x1_0000", "ERR")]
    [InlineData("1_000", "ERR")]
    [InlineData("0o17", "ERR")]
    [InlineData("10kb", "ERR")]
    [InlineData("", "ERR")]
    [InlineData("99999999999999999999", "99999999999999999999")]
    public void Cells_and_parameters_take_decimal_or_0x_hex(string text, string expected) =>
        Assert.Equal(Expected(expected), Read(text, NumberSyntax.DecimalOrHex));

    [Fact]
    public void An_integer_beyond_every_type_is_out_of_range_as_written_never_not_an_integer()
    {
        var e = Assert.Throws<MfgException>(() => NumberText.Parse("0x1_0000_FFF1", "'-v' / '--vendor-id'", 0, 0xFFFF, NumberSyntax.Python));
        Assert.Equal(ErrorIds.NumberOutOfRange, e.ErrorId);
        Assert.Equal("'-v' / '--vendor-id': 0x1_0000_FFF1 is out of range (0x0..0xFFFF).", e.Message);
        e = Assert.Throws<MfgException>(() => NumberText.Parse(" 99999999999999999999999 ", "Count", 1, 1000000));
        Assert.Equal("Count: 99999999999999999999999 is out of range (1..1000000).", e.Message);
        e = Assert.Throws<MfgException>(() => NumberText.Parse("12x", "Count", 1, 1000000));
        Assert.Equal(ErrorIds.NumberInvalid, e.ErrorId);
        Assert.Equal("Count: '12x' is not an integer (decimal digits or 0x-prefixed hex).", e.Message);
        e = Assert.Throws<MfgException>(() => NumberText.Check(4295032817, null, 0, 0xFFFF));
        Assert.Equal(ErrorIds.NumberOutOfRange, e.ErrorId);
        Assert.Equal("4295032817 (0x10000FFF1) is out of range (0..65535).", e.Message);
        Assert.Equal("4295032817 (0x10000FFF1)", NumberText.Written(4295032817));
        Assert.Equal("-1", NumberText.Written(-1));
        Assert.Equal("-0x1..0x5", NumberText.Range(-1, 5, "-0x2"));
    }

    /// <summary>What the reader made of <paramref name="text"/>: the value, OVERFLOW past 64 bits (an integer out of every range), or ERR.</summary>
    private static string Read(string text, NumberSyntax syntax)
    {
        if (!NumberText.TryRead(text, syntax, out bool negative, out ulong magnitude, out bool overflow))
        {
            return "ERR";
        }
        return overflow ? "OVERFLOW" : (negative ? -(BigInteger)magnitude : magnitude).ToString();
    }

    /// <summary>Python's answer as the reader gives it: a magnitude of 2^64 or more is OVERFLOW.</summary>
    private static string Expected(string python) =>
        python != "ERR" && BigInteger.Abs(BigInteger.Parse(python)) > ulong.MaxValue ? "OVERFLOW" : python;
}
