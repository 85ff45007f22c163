using System;
using System.Collections.Generic;
using MatterMfg.Diagnostics;
using MatterMfg.Onboarding;

namespace MatterMfg.Tests.Onboarding;

public class Base38Tests
{
    public static IEnumerable<object[]> Good => MatterVectors.Data("base38_vectors.csv", r => r["expected"].StartsWith("ok", StringComparison.Ordinal), "base38");

    public static IEnumerable<object[]> Bad => MatterVectors.Data("base38_vectors.csv", r => r["expected"].StartsWith("decode reject", StringComparison.Ordinal), "base38");

    [Theory]
    [MemberData(nameof(Good))]
    public void Encodes_and_decodes_every_vector(string text, Dictionary<string, string> row)
    {
        byte[] bytes = MatterVectors.Hex(row["bytes_hex"]);
        Assert.Equal(text, Base38.Encode(bytes));
        Assert.Equal(bytes, Base38.Decode(text));
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void Rejects_every_bad_vector_with_the_reason(string text, Dictionary<string, string> row)
    {
        var e = Assert.Throws<MfgException>(() => Base38.Decode(text, "QrCode"));
        string expected = row["expected"] switch
        {
            var s when s.Contains("invalid char", StringComparison.Ordinal) => "Base38CharacterInvalid",
            var s when s.Contains("trailing", StringComparison.Ordinal) => "Base38LengthInvalid",
            _ => "Base38ChunkOverflow",
        };
        Assert.Equal(expected, e.ErrorId);
        Assert.StartsWith("QrCode: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_round_trip()
    {
        var rng = new Random(38);
        for (int n = 0; n < 40; n++)
        {
            byte[] b = new byte[n];
            rng.NextBytes(b);
            string s = Base38.Encode(b);
            Assert.Equal(n / 3 * 5 + n % 3 * 2, s.Length);
            Assert.Equal(b, Base38.Decode(s));
        }
    }
}
