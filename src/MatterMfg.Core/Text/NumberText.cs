using System;
using System.Globalization;

namespace MatterMfg.Text;

/// <summary>
/// Parses integers as users write them in CSV cells and on command lines: decimal, or hexadecimal with a 0x prefix,
/// with an optional sign. Unlike PowerShell's own conversion it rejects '10kb', '1e3', '1,000', '1.5' and ''.
/// </summary>
public static class NumberText
{
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (text == null)
        {
            return false;
        }
        string s = text.Trim();
        bool negative = false;
        if (s.StartsWith("-", StringComparison.Ordinal) || s.StartsWith("+", StringComparison.Ordinal))
        {
            negative = s[0] == '-';
            s = s.Substring(1);
        }
        if (s.Length == 0)
        {
            return false;
        }
        bool ok;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string hex = s.Substring(2);
            ok = hex.Length > 0 && hex.Length <= 16 && IsAll(hex, Uri.IsHexDigit)
                && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong u) && u <= long.MaxValue
                && Assign(out value, (long)u);
        }
        else
        {
            ok = IsAll(s, c => c >= '0' && c <= '9') && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
        if (ok && negative)
        {
            value = -value;
        }
        return ok;
    }

    /// <summary>Parses and range-checks; the message names <paramref name="what"/>, the text and the range.</summary>
    public static long Parse(string? text, string what, long min, long max)
    {
        if (!TryParse(text, out long v))
        {
            throw new FormatException($"{what}: '{text}' is not an integer (use decimal digits or 0x-prefixed hex).");
        }
        if (v < min || v > max)
        {
            throw new OverflowException($"{what}: {text} is out of range ({Show(min)}..{Show(max)}).");
        }
        return v;
    }

    private static string Show(long v) => v > 0xFFFF ? "0x" + v.ToString("X", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    private static bool Assign(out long target, long v)
    {
        target = v;
        return true;
    }

    private static bool IsAll(string s, Func<char, bool> pred)
    {
        foreach (char c in s)
        {
            if (!pred(c))
            {
                return false;
            }
        }
        return true;
    }
}
