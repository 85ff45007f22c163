using System;
using System.Collections.Generic;
using System.Linq;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Tests.Onboarding;
using Org.BouncyCastle.Math;

namespace MatterMfg.Tests.Commissioning;

/// <summary>Every row of vectors/matter/spake2p_vectors.csv, on every PBKDF2 implementation this runtime has.</summary>
public class Spake2pVerifierTests
{
    private const string File = "spake2p_vectors.csv";

    public static IEnumerable<object[]> Generate => MatterVectors.Data(File, r => r["kind"] == "generate");

    public static IEnumerable<object[]> Reject => MatterVectors.Data(File, r => r["kind"] == "reject");

    public static IEnumerable<object[]> LFromW1 => MatterVectors.Data(File, r => r["kind"] == "L-from-w1");

    public static IEnumerable<Pbkdf2Sha256> Implementations =>
        new[] { Pbkdf2Sha256.OneShot, Pbkdf2Sha256.Instance, Pbkdf2Sha256.BouncyCastle }.Where(x => x != null)!;

    [Fact]
    public void This_runtime_has_all_three_PBKDF2_paths_and_the_default_is_the_one_shot()
    {
        Assert.NotNull(Pbkdf2Sha256.OneShot);
        Assert.NotNull(Pbkdf2Sha256.Instance);
        Assert.Same(Pbkdf2Sha256.OneShot, Pbkdf2Sha256.Default);
    }

    [Fact]
    public void Without_the_one_shot_the_cheaper_of_the_others_is_kept()
    {
        var a = new Pbkdf2Sha256("a", Pbkdf2Sha256.BouncyCastle.Derive);
        var b = new Pbkdf2Sha256("b", Pbkdf2Sha256.BouncyCastle.Derive);
        var costs = new Dictionary<Pbkdf2Sha256, TimeSpan> { [a] = TimeSpan.FromMilliseconds(9), [b] = TimeSpan.FromMilliseconds(4) };
        Assert.Same(b, Pbkdf2Sha256.PickFastest(new[] { a, b }, c => costs[c]));
        Assert.Same(b, Pbkdf2Sha256.PickFastest(new[] { b, a }, c => costs[c]));
        Assert.Same(a, Pbkdf2Sha256.PickFastest(new[] { a }, _ => throw new InvalidOperationException("a single candidate needs no timing")));
    }

    [Theory]
    [MemberData(nameof(Generate))]
    public void Computes_every_vector_on_every_PBKDF2_path(string id, Dictionary<string, string> row)
    {
        uint passcode = uint.Parse(row["passcode"]);
        byte[] salt = MatterVectors.Hex(row["salt_hex"]);
        int iterations = int.Parse(row["iterations"]);
        Assert.Equal(row["passcode_le_hex"], Convert.ToHexString(Spake2pVerifier.PasscodeBytes(passcode)).ToLowerInvariant());
        Assert.Equal(row["salt_b64"], Convert.ToBase64String(salt));
        // The slow BouncyCastle path on the 100000-iteration row alone would cost a second; the cheaper rows cover it.
        foreach (var kdf in Implementations.Where(k => iterations <= 20000 || k == Pbkdf2Sha256.Default))
        {
            byte[] ws = kdf.Derive(Spake2pVerifier.PasscodeBytes(passcode), salt, iterations, Spake2pVerifier.WsLength);
            Assert.Equal(row["pbkdf2_80_bytes_hex"], Convert.ToHexString(ws).ToLowerInvariant());
            Assert.Equal(row["verifier_hex"], Convert.ToHexString(Spake2pVerifier.Compute(passcode, salt, iterations, kdf)).ToLowerInvariant());
        }
        byte[] wsDefault = MatterVectors.Hex(row["pbkdf2_80_bytes_hex"]);
        Assert.Equal(row["w0s_hex"], Convert.ToHexString(wsDefault, 0, 40).ToLowerInvariant());
        Assert.Equal(row["w1s_hex"], Convert.ToHexString(wsDefault, 40, 40).ToLowerInvariant());
        Assert.Equal(new BigInteger(row["w0_hex"], 16), Spake2pVerifier.Reduce(wsDefault, 0));
        Assert.Equal(new BigInteger(row["w1_hex"], 16), Spake2pVerifier.Reduce(wsDefault, 40));
        Assert.Equal(row["L_hex"], Convert.ToHexString(Spake2pVerifier.ComputeL(new BigInteger(row["w1_hex"], 16))).ToLowerInvariant());
        byte[] verifier = Convert.FromBase64String(row["verifier_b64"]);
        Assert.Equal(97, verifier.Length);
        Assert.True(Spake2pVerifier.Verify(verifier, passcode, salt, iterations));
        _ = id;
    }

    [Theory]
    [MemberData(nameof(LFromW1))]
    public void Computes_L_from_w1(string id, Dictionary<string, string> row)
    {
        Assert.Equal(row["L_hex"], Convert.ToHexString(Spake2pVerifier.ComputeL(new BigInteger(row["w1_hex"], 16))).ToLowerInvariant());
        _ = id;
    }

    [Theory]
    [MemberData(nameof(Reject))]
    public void Rejects_every_bad_input_naming_it(string id, Dictionary<string, string> row)
    {
        var e = Assert.Throws<MfgException>(() =>
            Spake2pVerifier.Compute(uint.Parse(row["passcode"]), MatterVectors.Hex(row["salt_hex"]), int.Parse(row["iterations"])));
        string field = row["expected"] switch
        {
            var s when s.Contains("salt", StringComparison.Ordinal) => "Salt",
            var s when s.Contains("iterations", StringComparison.Ordinal) => "IterationCount",
            _ => "Passcode",
        };
        Assert.StartsWith(field + ": ", e.Message, StringComparison.Ordinal);
        Assert.Equal(field, e.Target);
        _ = id;
    }

    [Fact]
    public void Verify_says_false_for_any_other_passcode_salt_or_count_and_rejects_a_wrong_length()
    {
        byte[] salt = Convert.FromBase64String("U1BBS0UyUCBLZXkgU2FsdA==");
        byte[] v = Convert.FromBase64String("uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw==");
        Assert.True(Spake2pVerifier.Verify(v, 20202021, salt, 1000));
        Assert.False(Spake2pVerifier.Verify(v, 20202022, salt, 1000));
        Assert.False(Spake2pVerifier.Verify(v, 20202021, salt, 1001));
        byte[] otherSalt = (byte[])salt.Clone();
        otherSalt[0] ^= 1;
        Assert.False(Spake2pVerifier.Verify(v, 20202021, otherSalt, 1000));
        Assert.Equal("VerifierLengthInvalid", Assert.Throws<MfgException>(() => Spake2pVerifier.Verify(v.Take(96).ToArray(), 20202021, salt, 1000)).ErrorId);
    }

    [Fact]
    public void New_salts_are_random_and_of_the_asked_length()
    {
        Assert.Equal(32, Spake2pVerifier.NewSalt().Length);
        Assert.Equal(16, Spake2pVerifier.NewSalt(16).Length);
        Assert.NotEqual(Spake2pVerifier.NewSalt(), Spake2pVerifier.NewSalt());
        Assert.Equal("SaltLengthInvalid", Assert.Throws<MfgException>(() => Spake2pVerifier.NewSalt(15)).ErrorId);
    }
}
