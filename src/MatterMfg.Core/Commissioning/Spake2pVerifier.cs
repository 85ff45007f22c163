using System;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace MatterMfg.Commissioning;

/// <summary>
/// The SPAKE2+ verifier a Matter device stores so that it can run PASE without knowing its passcode
/// (connectedhomeip <c>Spake2pVerifier::Generate</c>): ws = PBKDF2-HMAC-SHA256(passcode as 4 bytes little-endian, salt,
/// iterations, 80 bytes); w0 = ws[0..40] mod n, w1 = ws[40..80] mod n (n = the P-256 group order);
/// verifier = w0 (32 bytes big-endian) ‖ L = w1·G (65 bytes, uncompressed).
/// </summary>
public static class Spake2pVerifier
{
    public const int Length = 97;
    public const int MinSaltLength = 16;
    public const int MaxSaltLength = 32;
    public const int MinIterations = 1000;
    public const int MaxIterations = 100000;

    /// <summary>The ws length: two halves of 32 + 8 bytes, so that the reduction mod n is close to uniform.</summary>
    internal const int WsLength = 80;

    private static readonly X9ECParameters P256 = CustomNamedCurves.GetByName("P-256");

    // One multiplier for every call: the comb table for G is computed on first use and cached on the point, so each
    // verifier costs a few dozen point additions instead of a full double-and-add (a small fraction of PBKDF2 at 1000 iterations).
    private static readonly ECMultiplier FixedPoint = new FixedPointCombMultiplier();

    /// <summary>The 97-byte verifier, with the fastest PBKDF2 of this runtime. Thread-safe.</summary>
    public static byte[] Compute(uint passcode, byte[] salt, int iterations) =>
        Compute(passcode, salt, iterations, Pbkdf2Sha256.Default);

    /// <summary>The 97-byte verifier with a chosen PBKDF2 implementation (benchmarks and cross-checks).</summary>
    public static byte[] Compute(uint passcode, byte[] salt, int iterations, Pbkdf2Sha256 pbkdf2)
    {
        CheckInputs(passcode, salt, iterations);
        byte[] ws = pbkdf2.Derive(PasscodeBytes(passcode), salt, iterations, WsLength);
        BigInteger w0 = Reduce(ws, 0);
        BigInteger w1 = Reduce(ws, WsLength / 2);
        byte[] verifier = new byte[Length];
        byte[] w0Bytes = w0.ToByteArrayUnsigned();
        w0Bytes.CopyTo(verifier, 32 - w0Bytes.Length);
        ComputeL(w1).CopyTo(verifier, 32);
        Array.Clear(ws, 0, ws.Length);
        return verifier;
    }

    /// <summary>
    /// True when <paramref name="passcode"/>, <paramref name="salt"/> and <paramref name="iterations"/> reproduce
    /// <paramref name="verifier"/> (compared in constant time). Bad inputs throw, a mismatch returns false.
    /// </summary>
    public static bool Verify(byte[] verifier, uint passcode, byte[] salt, int iterations)
    {
        if (verifier == null || verifier.Length != Length)
        {
            throw VerifierLengthWrong(verifier?.Length ?? 0, "Verifier");
        }
        byte[] computed = Compute(passcode, salt, iterations);
        int diff = 0;
        for (int i = 0; i < Length; i++)
        {
            diff |= computed[i] ^ verifier[i];
        }
        return diff == 0;
    }

    /// <summary>A random salt from the CSPRNG (the reference draws 32 bytes).</summary>
    public static byte[] NewSalt(int length = MaxSaltLength)
    {
        CheckSalt(new byte[length]);
        byte[] salt = new byte[length];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(salt);
        return salt;
    }

    public static void CheckSalt(byte[]? salt)
    {
        if (salt == null || salt.Length < MinSaltLength || salt.Length > MaxSaltLength)
        {
            throw SaltLengthWrong(salt?.Length ?? 0, "Salt");
        }
    }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.SaltLengthInvalid"/>: <c>&lt;field&gt;: a SPAKE2+ salt is 16..32 bytes, got N.</c> The field is left out where a frame around the message names it (a row of a device list).
    /// </summary>
    public static MfgException SaltLengthWrong(int length, string? field) =>
        new(ErrorIds.SaltLengthInvalid, MfgErrorKind.InvalidArgument,
            $"{(field == null ? "" : field + ": ")}a SPAKE2+ salt is {MinSaltLength}..{MaxSaltLength} bytes, got {length}.", field);

    /// <summary>The one wording of <see cref="ErrorIds.VerifierLengthInvalid"/>: <c>&lt;field&gt;: a SPAKE2+ verifier is 97 bytes (w0 ‖ L), got N.</c></summary>
    public static MfgException VerifierLengthWrong(int length, string field) =>
        new(ErrorIds.VerifierLengthInvalid, MfgErrorKind.InvalidArgument,
            $"{field}: a SPAKE2+ verifier is {Length} bytes (w0 ‖ L), got {length}.", field);

    /// <summary>Throws a NumberOutOfRange error outside the PBKDF2 iteration counts Matter allows (1000..100000).</summary>
    public static void CheckIterations(long iterations) => Text.NumberText.Check(iterations, "IterationCount", MinIterations, MaxIterations);

    /// <summary>L = w1·G as 04 ‖ X ‖ Y.</summary>
    internal static byte[] ComputeL(BigInteger w1) => FixedPoint.Multiply(P256.G, w1).Normalize().GetEncoded(false);

    internal static BigInteger Reduce(byte[] ws, int offset) => new BigInteger(1, ws, offset, WsLength / 2).Mod(P256.N);

    internal static byte[] PasscodeBytes(uint passcode) =>
        new[] { (byte)passcode, (byte)(passcode >> 8), (byte)(passcode >> 16), (byte)(passcode >> 24) };

    private static void CheckInputs(uint passcode, byte[] salt, int iterations)
    {
        SetupPasscode.Check(passcode);
        CheckSalt(salt);
        CheckIterations(iterations);
    }
}
