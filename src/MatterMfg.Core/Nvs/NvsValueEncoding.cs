using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using MatterMfg.Diagnostics;
using MatterMfg.Text;

namespace MatterMfg.Nvs;

/// <summary>
/// The generator CSV's <c>type</c> and <c>encoding</c> columns (mfg_tool-reference §4.3): turns a value given as
/// text (<c>data</c>) or as file content (<c>file</c>) into a typed <see cref="NvsEntry"/>.
/// </summary>
public static class NvsValueEncoding
{
    private static readonly Regex FillEncoding = new(@"^(blob_fill|blob_sz_fill)\((\d+);0x([0-9a-fA-F]{2})\)$", RegexOptions.CultureInvariant);

    /// <summary>The encodings a <c>data</c> or <c>file</c> row may have.</summary>
    public static readonly string[] Encodings = { "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "string", "hex2bin", "base64", "binary" };

    /// <summary>
    /// A <c>data</c> row: <paramref name="value"/> is the literal. Integers are decimal (as Python's <c>int()</c>:
    /// surrounding blanks and digit-separating underscores allowed) or 0x-prefixed hex; <c>hex2bin</c> is hex digits;
    /// <c>base64</c> is decoded leniently like Python's <c>binascii.a2b_base64</c>; <c>binary</c> and <c>string</c> are
    /// the text as UTF-8. Encodings are not case-sensitive.
    /// </summary>
    public static NvsEntry FromText(string ns, string key, string encoding, string value, string? source = null)
    {
        string enc = encoding.Trim().ToLowerInvariant();
        if (IsFill(enc, out Match m))
        {
            return NvsEntry.Blob(ns, key, Fill(m, key, value, source), source);
        }
        return Convert(ns, key, enc, encoding, value, Encoding.UTF8.GetBytes(value), source);
    }

    /// <summary>A <c>file</c> row: <paramref name="content"/> is the file's bytes, interpreted per <paramref name="encoding"/>.</summary>
    public static NvsEntry FromFile(string ns, string key, string encoding, byte[] content, string? source = null)
    {
        string enc = encoding.Trim().ToLowerInvariant();
        string text;
        if (enc == "binary")
        {
            return NvsEntry.Blob(ns, key, content, source);
        }
        try
        {
            text = Text.TextFileDecoder.Decode(content, $"the file for key '{key}'");
        }
        catch (MfgException e)
        {
            throw new MfgException(e.ErrorId, e.Kind, $"{Where(source, key)}: {e.Message}", source ?? key, e);
        }
        return Convert(ns, key, enc, encoding, text, content, source);
    }

    /// <summary>Reads a <c>file</c> row's file; a relative path is taken from <paramref name="baseDirectory"/>.</summary>
    public static byte[] ReadFile(string path, string baseDirectory, string key, string? source = null)
    {
        string full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        try
        {
            return File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            throw MfgException.FileError(Where(source, key), full, e, target: source ?? full);
        }
    }

    private static NvsEntry Convert(string ns, string key, string enc, string given, string text, byte[] bytes, string? source)
    {
        switch (enc)
        {
            case "string":
                return NvsEntry.StringBytes(ns, key, bytes, source);
            case "binary":
                return NvsEntry.Blob(ns, key, bytes, source);
            case "hex2bin":
                return NvsEntry.Blob(ns, key, Hex(text.Trim(), key, source), source);
            case "base64":
                return NvsEntry.Blob(ns, key, Base64(text, key, source), source);
        }
        NvsType type = enc switch
        {
            "u8" => NvsType.U8,
            "i8" => NvsType.I8,
            "u16" => NvsType.U16,
            "i16" => NvsType.I16,
            "u32" => NvsType.U32,
            "i32" => NvsType.I32,
            "u64" => NvsType.U64,
            "i64" => NvsType.I64,
            _ => throw UnknownEncoding(source, key, given),
        };
        return Integer(ns, key, type, text, source);
    }

    private static NvsEntry Integer(string ns, string key, NvsType type, string text, string? source)
    {
        string name = NvsEntry.TypeName(type);
        if (!TryParseInteger(text, out bool negative, out ulong magnitude, out bool overflow))
        {
            throw new MfgException(ErrorIds.NvsBadInteger, MfgErrorKind.InvalidArgument,
                $"{Where(source, key)}: '{text}' is not a {name} integer (decimal digits, or 0x-prefixed hex).", source ?? key);
        }
        bool fits = !overflow;
        long signedValue = 0;
        if (fits && type == NvsType.U64)
        {
            fits = !negative || magnitude == 0;
            if (fits)
            {
                return NvsEntry.UInt64(ns, key, magnitude, source);
            }
        }
        else if (fits)
        {
            fits = negative ? magnitude <= 0x8000000000000000UL : magnitude <= long.MaxValue;
            if (fits)
            {
                signedValue = negative ? (long)(0 - magnitude) : (long)magnitude;
                fits = NvsEntry.InRange(type, signedValue);
            }
        }
        if (!fits)
        {
            throw new MfgException(ErrorIds.NvsIntegerOutOfRange, MfgErrorKind.InvalidArgument,
                $"{Where(source, key)}: {text.Trim()} is out of range for {name} ({Range(type)}).", source ?? key);
        }
        return NvsEntry.Integer(ns, key, type, signedValue, source);
    }

    /// <summary>
    /// The generator's Python <c>int(text)</c> (blanks around, a sign, decimal digits with single underscores between,
    /// leading zeros), or, beyond it, 0x-prefixed hex: the one reader, <see cref="NumberText.TryRead"/>.
    /// </summary>
    private static bool TryParseInteger(string text, out bool negative, out ulong magnitude, out bool overflow) =>
        NumberText.TryRead(text, NumberSyntax.PythonDecimal, out negative, out magnitude, out overflow)
        || NumberText.TryRead(text, NumberSyntax.DecimalOrHex, out negative, out magnitude, out overflow);

    private static string Range(NvsType t) => t switch
    {
        NvsType.U8 => "0..255",
        NvsType.I8 => "-128..127",
        NvsType.U16 => "0..65535",
        NvsType.I16 => "-32768..32767",
        NvsType.U32 => "0..4294967295",
        NvsType.I32 => "-2147483648..2147483647",
        NvsType.U64 => "0..18446744073709551615",
        _ => "-9223372036854775808..9223372036854775807",
    };

    private static byte[] Hex(string hex, string key, string? source)
    {
        if (Text.HexText.TryParse(hex, out byte[] bytes, out int at))
        {
            return bytes;
        }
        throw at < 0
            ? BadHex(source, key, $"an odd number of digits ({hex.Length}); it must be a multiple of 2")
            : BadHex(source, key, $"a non-hex character '{hex[at]}' at position {at + 1}");
    }

    /// <summary>
    /// Strict base64 (RFC 4648 alphabet, whitespace between characters allowed, padding only at the end). The generator's
    /// Python <c>a2b_base64</c> skips characters outside the alphabet, so <c>@@@@</c> becomes an empty blob and a typo a
    /// shorter one; here either is an error naming the character and its position.
    /// </summary>
    private static byte[] Base64(string text, string key, string? source)
    {
        var clean = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
            if (!alphabet)
            {
                throw BadBase64(source, key, $"'{c}' at position {i + 1}, which is not a base64 character");
            }
            if (c != '=' && clean.Length > 0 && clean[clean.Length - 1] == '=')
            {
                throw BadBase64(source, key, $"characters after its '=' padding (position {i + 1})");
            }
            clean.Append(c);
        }
        string s = clean.ToString();
        int data = s.TrimEnd('=').Length;
        if (data % 4 == 1)
        {
            throw BadBase64(source, key, $"{data} data characters, which cannot be 1 more than a multiple of 4");
        }
        if (s.Length % 4 != 0 || s.Length - data > 2)
        {
            throw BadBase64(source, key, "incorrect padding");
        }
        return System.Convert.FromBase64String(s);
    }

    /// <summary>The largest blob_fill length read (1 MiB; an NVS partition is far smaller).</summary>
    private const int MaxFillLength = 0x100000;

    private static bool IsFill(string enc, out Match m)
    {
        m = FillEncoding.Match(enc);
        return m.Success;
    }

    /// <summary>The generator's <c>blob_fill(N;0xPP)</c> / <c>blob_sz_fill(N;0xPP)</c>: the text padded to N bytes with PP (the sz form prefixed with its u32 length).</summary>
    private static byte[] Fill(Match m, string key, string value, string? source)
    {
        bool sized = m.Groups[1].Value == "blob_sz_fill";
        if (!int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length > MaxFillLength)
        {
            throw FillLengthTooLarge(source, key, m.Groups[2].Value);
        }
        byte pad = byte.Parse(m.Groups[3].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        byte[] text = Encoding.UTF8.GetBytes(value);
        if (text.Length > length)
        {
            throw LongerThanFill(source, key, text.Length, length);
        }
        int prefix = sized ? 4 : 0;
        var data = new byte[prefix + length];
        if (sized)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)text.Length);
        }
        text.CopyTo(data, prefix);
        data.AsSpan(prefix + text.Length).Fill(pad);
        return data;
    }

    /// <summary>The one wording of <see cref="ErrorIds.NvsBadHex"/>: <c>&lt;where&gt;: the hex2bin value has &lt;what is wrong&gt;.</c></summary>
    private static MfgException BadHex(string? source, string key, string what) =>
        new(ErrorIds.NvsBadHex, MfgErrorKind.InvalidArgument, $"{Where(source, key)}: the hex2bin value has {what}.", source ?? key);

    /// <summary>The one wording of <see cref="ErrorIds.NvsBadBase64"/>: <c>&lt;where&gt;: the base64 value has &lt;what is wrong&gt;.</c></summary>
    private static MfgException BadBase64(string? source, string key, string what) =>
        new(ErrorIds.NvsBadBase64, MfgErrorKind.InvalidArgument, $"{Where(source, key)}: the base64 value has {what}.", source ?? key);

    /// <summary>The one wording of <see cref="ErrorIds.NvsFillLengthTooLarge"/>.</summary>
    private static MfgException FillLengthTooLarge(string? source, string key, string given) =>
        new(ErrorIds.NvsFillLengthTooLarge, MfgErrorKind.InvalidArgument,
            $"{Where(source, key)}: the fill length {given} is too large (at most {MaxFillLength}).", source ?? key);

    /// <summary>The one wording of <see cref="ErrorIds.NvsValueLongerThanFill"/>.</summary>
    private static MfgException LongerThanFill(string? source, string key, int length, int fill) =>
        new(ErrorIds.NvsValueLongerThanFill, MfgErrorKind.InvalidArgument,
            $"{Where(source, key)}: the value is {length} bytes, longer than the fill length {fill}.", source ?? key);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.NvsUnknownEncoding"/> for an encoding cell that names none of
    /// <see cref="Encodings"/>: <c>&lt;where&gt;: unknown encoding '&lt;given&gt;' (use u8, …).</c>, or <c>the encoding is missing</c> when the cell is empty.
    /// </summary>
    internal static MfgException UnknownEncoding(string? source, string key, string? given) =>
        new(ErrorIds.NvsUnknownEncoding, MfgErrorKind.InvalidArgument,
            $"{Where(source, key)}: {(string.IsNullOrWhiteSpace(given) ? "the encoding is missing" : $"unknown encoding '{given}'")} (use {string.Join(", ", Encodings)}).", source ?? key);

    internal static string Where(string? source, string key) => source != null ? $"{source} (key '{key}')" : $"key '{key}'";
}
