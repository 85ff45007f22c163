using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Factory;
using MatterMfg.Text;

namespace MatterMfg.Tests.Factory;

public class CommandLineTests
{
    [Theory]
    [InlineData("0xFFF2", 0xFFF2)]
    [InlineData("1_000", 1000)]
    [InlineData("0o17", 15)]
    [InlineData("0b101", 5)]
    [InlineData("-3", -3)]
    [InlineData("0", 0)]
    public void Integers_are_read_as_python_int_base_0(string text, long expected)
    {
        Assert.True(NumberText.TryParse(text, NumberSyntax.Python, out long v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("010")]
    [InlineData("12x")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("1__0")]
    public void Bad_integers_are_rejected(string text) =>
        Assert.False(NumberText.TryParse(text, NumberSyntax.Python, out _));

    [Fact]
    public void Multi_value_options_take_tokens_up_to_the_next_option_and_last_one_wins()
    {
        var a = MfgToolCommandLine.Parse(new[] { "-v", "1", "-p", "2", "--locales", "a", "b", "--locales", "c", "d", "--serial-num", "x", "--serial-num", "y", "-e" });
        Assert.Equal(new[] { "c", "d" }, a.Options.Locales!.ToArray());
        Assert.Equal("y", a.Options.SerialNumber);
        Assert.True(a.Options.Encrypt);
        var b = MfgToolCommandLine.Parse(new[] { "--vendor-id=1", "--product-id=2", "--calendar-types", "Gregorian", "Japanese", "--outdir", "o" });
        Assert.Equal(new[] { "Gregorian", "Japanese" }, b.Options.CalendarTypes!.ToArray());
        Assert.Equal("o", b.Options.OutputDirectory);
    }

    [Theory]
    [InlineData(new[] { "-p", "1" }, "Missing option '-v'")]
    [InlineData(new[] { "-v", "1", "-p", "1", "-dm", "1" }, "invalid choice: 1")]
    [InlineData(new[] { "-v", "1", "-p", "1", "--product-finish", "shiny" }, "'shiny' is not one of")]
    [InlineData(new[] { "-v", "1", "-p", "1", "--paa", "--pai" }, "Mutually exclusive")]
    [InlineData(new[] { "-v", "1", "-p", "1", "--bogus" }, "No such option: --bogus")]
    [InlineData(new[] { "-v", "1", "-p", "1", "-s", "abc" }, "not a valid integer")]
    public void Usage_errors_name_the_option(string[] args, string fragment)
    {
        var e = Assert.Throws<UsageException>(() => MfgToolCommandLine.Parse(args));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Test_pki_defaults_to_the_test_vendor_and_product()
    {
        var a = MfgToolCommandLine.Parse(new[] { "--test-pki", "-n", "5", "--outdir", "out/demo" });
        Assert.Equal(AttestationMode.TestPki, a.Options.Attestation);
        Assert.Equal(0xFFF1, a.Options.VendorId);
        Assert.Equal(0x8000, a.Options.ProductId);
        Assert.Equal(5, a.Options.Count);
    }

    [Fact]
    public void Lifetime_zero_means_the_default_and_valid_from_accepts_both_formats()
    {
        var a = MfgToolCommandLine.Parse(new[] { "-v", "1", "-p", "1", "-lt", "0", "-vf", "2024-01-02T03:04:05" });
        Assert.Null(a.Options.LifetimeDays);
        Assert.Equal(new System.DateTime(2024, 1, 2, 3, 4, 5, System.DateTimeKind.Utc), a.Options.ValidFrom);
        Assert.Equal(new System.DateTime(2024, 1, 2, 0, 0, 0, System.DateTimeKind.Utc), MfgToolCommandLine.ParseValidFrom("2024-01-02"));
    }
}
