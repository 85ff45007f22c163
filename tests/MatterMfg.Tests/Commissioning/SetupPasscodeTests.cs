using System;
using System.Linq;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;

namespace MatterMfg.Tests.Commissioning;

public class SetupPasscodeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(11111111)]
    [InlineData(22222222)]
    [InlineData(33333333)]
    [InlineData(44444444)]
    [InlineData(55555555)]
    [InlineData(66666666)]
    [InlineData(77777777)]
    [InlineData(88888888)]
    [InlineData(99999999)]
    [InlineData(12345678)]
    [InlineData(87654321)]
    [InlineData(100000000)]
    [InlineData(-1)]
    [InlineData(134217727)]
    public void Rejects_every_invalid_passcode_naming_the_field(long passcode)
    {
        Assert.False(SetupPasscode.IsValid(passcode));
        var e = Assert.Throws<MfgException>(() => SetupPasscode.Check(passcode));
        Assert.Equal("PasscodeInvalid", e.ErrorId);
        Assert.StartsWith("Passcode: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20202021)]
    [InlineData(99999998)]
    [InlineData(11111112)]
    public void Accepts_valid_passcodes(long passcode)
    {
        Assert.True(SetupPasscode.IsValid(passcode));
        SetupPasscode.Check(passcode);
    }

    [Fact]
    public void Generated_passcodes_are_valid_and_spread_over_the_range()
    {
        uint[] p = SetupPasscode.New(4000, unique: false);
        Assert.All(p, x => Assert.True(SetupPasscode.IsValid(x)));
        // Uniform over 1..99999998: each tenth of the range holds about 400 of 4000 draws (8 sigma is about 150).
        var buckets = p.GroupBy(x => (x - 1) / 10000000).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, buckets.Count);
        Assert.All(buckets.Values, n => Assert.InRange(n, 250, 550));
    }

    [Fact]
    public void Unique_batches_have_no_repeats()
    {
        Assert.Equal(4096, SetupDiscriminator.New(4096, unique: true).Distinct().Count());
        Assert.Equal(1000, SetupPasscode.New(1000, unique: true).Distinct().Count());
        var e = Assert.Throws<MfgException>(() => SetupDiscriminator.New(4097, unique: true));
        Assert.Equal("NumberOutOfRange", e.ErrorId);
    }

    [Fact]
    public void Discriminators_cover_0_to_4095_uniformly_and_out_of_range_values_are_named()
    {
        ushort[] d = SetupDiscriminator.New(16000, unique: false);
        Assert.All(d, x => Assert.InRange(x, 0, 4095));
        var buckets = d.GroupBy(x => x >> 8).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(16, buckets.Count);
        Assert.All(buckets.Values, n => Assert.InRange(n, 800, 1200));
        SetupDiscriminator.Check(0);
        SetupDiscriminator.Check(4095);
        var e = Assert.Throws<MfgException>(() => SetupDiscriminator.Check(4096));
        Assert.Equal("NumberOutOfRange", e.ErrorId);
        Assert.Equal("Discriminator: 4096 (0x1000) is out of range (0..4095).", e.Message);
    }

    [Fact]
    public void Generation_is_thread_safe()
    {
        var all = new System.Collections.Concurrent.ConcurrentBag<uint>();
        System.Threading.Tasks.Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 500; i++)
            {
                all.Add(SetupPasscode.New());
                SetupDiscriminator.New();
            }
        });
        Assert.Equal(4000, all.Count);
        Assert.All(all, x => Assert.True(SetupPasscode.IsValid(x)));
        Assert.True(all.Distinct().Count() > 3990);
    }
}
