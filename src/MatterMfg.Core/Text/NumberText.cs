using System;
using System.Globalization;
using MatterMfg.Diagnostics;

namespace MatterMfg.Text;

/// <summary>The ways integers are written where MatterMfg reads them.</summary>
public enum NumberSyntax
{
    /// <summary>
    /// Decimal digits, or hexadecimal with a 0x prefix, with an optional sign and blanks around: CSV cells and cmdlet
    /// parameters. Unlike PowerShell's own conversion it refuses '10kb', '1e3', '1,000', '1.5' and ''.
    /// </summary>
    DecimalOrHex,

    /// <summary>
    /// Python's <c>int(x, 0)</c>, the <c>any_base_int</c> of esp-matter-mfg-tool's and ota_image_tool.py's integer
    /// options: a sign; 0x, 0o or 0b prefixes in either case; single underscores between digits and after the prefix;
    /// no leading zero in a decimal other than zero itself ('010' is refused, '00' and '0_0' are 0); blanks around;
    /// any Unicode decimal digit counts as its ASCII digit, as in Python.
    /// </summary>
    Python,

    /// <summary>
    /// Python's <c>int(x)</c>, Click's <c>INT</c>/<c>IntRange</c>: decimal only, a sign, single underscores between
    /// digits, leading zeros allowed, blanks around, Unicode decimal digits.
    /// </summary>
    PythonDecimal,
}

/// <summary>
/// Reads integers as users write them, and reports the ones it refuses with the text as it was written: a value too
/// large for any integer type is out of range (never "not an integer", never clamped).
/// </summary>
public static class NumberText
{
    /// <summary><see cref="NumberSyntax.DecimalOrHex"/> into a long; false for text that is not an integer or does not fit a long.</summary>
    public static bool TryParse(string? text, out long value) => TryParse(text, NumberSyntax.DecimalOrHex, out value);

    /// <summary><paramref name="text"/> in <paramref name="syntax"/> into a long; false if it is not an integer or does not fit a long.</summary>
    public static bool TryParse(string? text, NumberSyntax syntax, out long value)
    {
        value = 0;
        return TryRead(text, syntax, out bool negative, out ulong magnitude, out bool overflow) && !overflow && ToLong(negative, magnitude, out value);
    }

    /// <summary>
    /// Reads <paramref name="text"/> and checks it against <paramref name="min"/>..<paramref name="max"/>. Throws
    /// <see cref="ErrorIds.NumberInvalid"/> for text that is not an integer and <see cref="ErrorIds.NumberOutOfRange"/>
    /// for any integer outside the range, however large; both name <paramref name="input"/> and quote the text as written.
    /// </summary>
    public static long Parse(string? text, string? input, long min, long max, NumberSyntax syntax = NumberSyntax.DecimalOrHex, object? target = null)
    {
        if (!TryRead(text, syntax, out bool negative, out ulong magnitude, out bool overflow))
        {
            throw MfgException.NumberInvalid(input, text ?? "", Expected(syntax), target);
        }
        if (overflow || !ToLong(negative, magnitude, out long v) || v < min || v > max)
        {
            throw MfgException.NumberOutOfRange(input, text!.Trim(), min, max, target: target);
        }
        return v;
    }

    /// <summary>
    /// Checks a value that arrived as a number (a PowerShell literal, a typed option): <see cref="ErrorIds.NumberOutOfRange"/>
    /// outside the range, with the value shown as <see cref="Written(long)"/>.
    /// </summary>
    public static long Check(long value, string? input, long min, long max, object? target = null) =>
        value >= min && value <= max ? value : throw MfgException.NumberOutOfRange(input, Written(value), min, max, target: target);

    /// <summary>
    /// A number whose text is not known (PowerShell parsed the literal), shown so that the user finds what they wrote:
    /// decimal, and for values from 10 up also hex (<c>4295032817 (0x10000FFF1)</c>).
    /// </summary>
    public static string Written(long value) =>
        value >= 10 ? $"{value.ToString(CultureInfo.InvariantCulture)} (0x{value.ToString("X", CultureInfo.InvariantCulture)})" : value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>min..max</c>, in hex when the value was written in hex (<paramref name="written"/> starts with 0x after its sign).</summary>
    public static string Range(long min, long max, string? written = null)
    {
        string w = (written ?? "").Trim().TrimStart('+', '-');
        bool hex = w.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return Show(min, hex) + ".." + Show(max, hex);
    }

    /// <summary>What <paramref name="syntax"/> accepts, for a message.</summary>
    public static string Expected(NumberSyntax syntax) => syntax switch
    {
        NumberSyntax.Python => "decimal, or 0x/0o/0b-prefixed",
        NumberSyntax.PythonDecimal => "decimal digits",
        _ => "decimal digits or 0x-prefixed hex",
    };

    /// <summary>
    /// The one reader: the sign, the magnitude, and whether the magnitude exceeds 64 bits (the text is still an integer:
    /// it is out of range for every input, and reported as such). False when the text is not an integer in <paramref name="syntax"/>.
    /// </summary>
    public static bool TryRead(string? text, NumberSyntax syntax, out bool negative, out ulong magnitude, out bool overflow)
    {
        negative = false;
        magnitude = 0;
        overflow = false;
        if (text == null)
        {
            return false;
        }
        string s = text.Trim();
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s.Substring(1);
        }
        bool python = syntax != NumberSyntax.DecimalOrHex;
        int radix = 10;
        if (s.Length > 1 && s[0] == '0' && (syntax == NumberSyntax.Python ? "xXoObB" : syntax == NumberSyntax.DecimalOrHex ? "xX" : "").IndexOf(s[1]) >= 0)
        {
            radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            s = s.Substring(2);
            if (python && s.StartsWith("_", StringComparison.Ordinal))
            {
                s = s.Substring(1); // int('0x_1f', 0)
            }
        }
        if (s.Length == 0 || s[0] == '_' || s[s.Length - 1] == '_')
        {
            return false;
        }
        bool leadingZero = false, nonZero = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                if (!python || s[i - 1] == '_')
                {
                    return false;
                }
                continue;
            }
            int d = Digit(c, python);
            if (d < 0 || d >= radix)
            {
                return false;
            }
            leadingZero |= i == 0 && d == 0;
            nonZero |= d != 0;
            if (magnitude > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                overflow = true;
                continue;
            }
            magnitude = magnitude * (ulong)radix + (ulong)d;
        }
        // int('010', 0) is an error (an octal literal in old Python); int('00', 0) and int('010') are not.
        return !(syntax == NumberSyntax.Python && radix == 10 && leadingZero && nonZero);
    }

    private static int Digit(char c, bool unicodeDigits)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'z')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'Z')
        {
            return c - 'A' + 10;
        }
        return unicodeDigits && c > 0x7F && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber
            ? CharUnicodeInfo.GetDecimalDigitValue(c)
            : -1;
    }

    private static bool ToLong(bool negative, ulong magnitude, out long value)
    {
        value = 0;
        if (negative ? magnitude > 0x8000000000000000UL : magnitude > long.MaxValue)
        {
            return false;
        }
        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    private static string Show(long v, bool hex)
    {
        if (!hex)
        {
            return v.ToString(CultureInfo.InvariantCulture);
        }
        ulong m = v < 0 ? 0 - (ulong)v : (ulong)v;
        return (v < 0 ? "-" : "") + "0x" + m.ToString("X", CultureInfo.InvariantCulture);
    }
}
