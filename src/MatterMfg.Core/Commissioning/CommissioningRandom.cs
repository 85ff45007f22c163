using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;

namespace MatterMfg.Commissioning;

/// <summary>Uniform draws from the operating system's CSPRNG, shared by the passcode and discriminator generators.</summary>
internal static class CommissioningRandom
{
    // RandomNumberGenerator.Create() is thread-safe on .NET Framework (RNGCryptoServiceProvider) and on .NET Core.
    private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();

    /// <summary>A uniform value in 0..<paramref name="bound"/>-1, by rejection sampling (no modulo bias).</summary>
    public static uint Below(uint bound)
    {
        // The largest multiple of bound that fits in 32 bits: draws at or above it are redrawn.
        ulong limit = (1UL << 32) - (1UL << 32) % bound;
        byte[] b = new byte[4];
        while (true)
        {
            Rng.GetBytes(b);
            uint x = (uint)(b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24);
            if (x < limit)
            {
                return x % bound;
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> draws of <paramref name="next"/>; with <paramref name="unique"/> no value repeats
    /// (each is still uniform over the values not yet drawn).
    /// </summary>
    public static T[] Batch<T>(int count, bool unique, long available, string field, Func<T> next)
    {
        Text.NumberText.Check(count, "Count", 0, int.MaxValue);
        if (unique && count > available)
        {
            throw MfgException.NumberOutOfRange("Count", Text.NumberText.Written(count), 0, available, $"only {available} unique values of {field} exist");
        }
        var result = new T[count];
        var seen = unique ? new HashSet<T>() : null;
        for (int i = 0; i < count; i++)
        {
            T v;
            do
            {
                v = next();
            }
            while (seen != null && !seen.Add(v));
            result[i] = v;
        }
        return result;
    }
}
