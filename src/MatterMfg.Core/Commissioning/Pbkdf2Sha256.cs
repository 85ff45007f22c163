using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace MatterMfg.Commissioning;

/// <summary>
/// PBKDF2-HMAC-SHA256, the cost of every SPAKE2+ verifier. The library targets netstandard2.0, which exposes neither the
/// one-shot <c>Rfc2898DeriveBytes.Pbkdf2</c> of .NET Core (OpenSSL/CNG underneath, several times faster than managed
/// code) nor the SHA-256 constructor of .NET Framework 4.7.2, so both are found by reflection once and bound to a
/// delegate; BouncyCastle is the portable fallback. <see cref="Default"/> is the fastest one the runtime offers.
/// </summary>
/// <remarks>
/// The one-shot always wins where it exists (it runs the OS library's loop). Without it (.NET Framework) the choice is
/// between the platform class, which runs managed HMACSHA256 with an allocation per iteration, and BouncyCastle; which is
/// faster depends on the framework and machine (on .NET 10 BouncyCastle is), so both are timed once and the faster kept.
/// </remarks>
public sealed class Pbkdf2Sha256
{
    private readonly Func<byte[], byte[], int, int, byte[]> _derive;

    private static readonly Lazy<Pbkdf2Sha256> Fastest = new(() =>
        OneShot ?? PickFastest(new[] { Instance, BouncyCastle }.Where(x => x != null).Select(x => x!).ToArray(), Time));

    internal Pbkdf2Sha256(string name, Func<byte[], byte[], int, int, byte[]> derive)
    {
        Name = name;
        _derive = derive;
    }

    /// <summary>Which implementation this is, for benchmarks and diagnostics.</summary>
    public string Name { get; }

    /// <summary>The platform one-shot <c>Rfc2898DeriveBytes.Pbkdf2</c> (.NET Core 3+ / .NET 5+); null elsewhere.</summary>
    public static Pbkdf2Sha256? OneShot { get; } = FindOneShot();

    /// <summary>The platform <c>Rfc2898DeriveBytes(byte[], byte[], int, HashAlgorithmName)</c> (.NET Framework 4.7.2+, .NET Core); null elsewhere.</summary>
    public static Pbkdf2Sha256? Instance { get; } = FindInstance();

    /// <summary>BouncyCastle's managed implementation; available everywhere.</summary>
    public static Pbkdf2Sha256 BouncyCastle { get; } = new("BouncyCastle Pkcs5S2ParametersGenerator", DeriveBouncyCastle);

    /// <summary>The fastest implementation on this runtime (chosen on first use).</summary>
    public static Pbkdf2Sha256 Default => Fastest.Value;

    /// <summary>Derives <paramref name="length"/> bytes. Thread-safe.</summary>
    public byte[] Derive(byte[] password, byte[] salt, int iterations, int length) => _derive(password, salt, iterations, length);

    /// <summary>The candidate for which <paramref name="cost"/> is lowest (the first one on a tie).</summary>
    internal static Pbkdf2Sha256 PickFastest(IReadOnlyList<Pbkdf2Sha256> candidates, Func<Pbkdf2Sha256, TimeSpan> cost)
    {
        if (candidates.Count == 1)
        {
            return candidates[0];
        }
        Pbkdf2Sha256 best = candidates[0];
        TimeSpan bestCost = TimeSpan.MaxValue;
        foreach (var c in candidates)
        {
            TimeSpan t = cost(c);
            if (t < bestCost)
            {
                bestCost = t;
                best = c;
            }
        }
        return best;
    }

    /// <summary>The best of three 1000-iteration derivations after a warm-up: the minimum filters out preemption.</summary>
    private static TimeSpan Time(Pbkdf2Sha256 candidate)
    {
        byte[] password = new byte[4], salt = new byte[16];
        candidate.Derive(password, salt, 200, 80);
        TimeSpan best = TimeSpan.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            candidate.Derive(password, salt, 1000, 80);
            best = sw.Elapsed < best ? sw.Elapsed : best;
        }
        return best;
    }

    private static Pbkdf2Sha256? FindOneShot()
    {
        MethodInfo? m = typeof(Rfc2898DeriveBytes).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(x => x.Name == "Pbkdf2" && x.GetParameters().Select(p => p.ParameterType).SequenceEqual(
                new[] { typeof(byte[]), typeof(byte[]), typeof(int), typeof(HashAlgorithmName), typeof(int) }));
        if (m == null)
        {
            return null;
        }
        var f = (Func<byte[], byte[], int, HashAlgorithmName, int, byte[]>)m.CreateDelegate(typeof(Func<byte[], byte[], int, HashAlgorithmName, int, byte[]>));
        return new Pbkdf2Sha256("Rfc2898DeriveBytes.Pbkdf2 (platform one-shot)", (p, s, i, n) => f(p, s, i, HashAlgorithmName.SHA256, n));
    }

    private static Pbkdf2Sha256? FindInstance()
    {
        ConstructorInfo? c = typeof(Rfc2898DeriveBytes).GetConstructor(new[] { typeof(byte[]), typeof(byte[]), typeof(int), typeof(HashAlgorithmName) });
        if (c == null)
        {
            return null;
        }
        return new Pbkdf2Sha256("Rfc2898DeriveBytes(HashAlgorithmName.SHA256) (platform instance)", (p, s, i, n) =>
        {
            using var kdf = (Rfc2898DeriveBytes)c.Invoke(new object[] { p, s, i, HashAlgorithmName.SHA256 });
            return kdf.GetBytes(n);
        });
    }

    private static byte[] DeriveBouncyCastle(byte[] password, byte[] salt, int iterations, int length)
    {
        var generator = new Pkcs5S2ParametersGenerator(new Sha256Digest());
        generator.Init(password, salt, iterations);
        return ((KeyParameter)generator.GenerateDerivedMacParameters(length * 8)).GetKey();
    }
}
