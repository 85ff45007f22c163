using System;
using System.Globalization;
using System.Text;

namespace MatterMfg.Nvs;

/// <summary>
/// One key of an NVS partition: namespace, key, type and value. Integers are kept as their two's-complement bits,
/// strings and blobs as bytes (a string without its terminating NUL).
/// </summary>
public sealed class NvsEntry
{
    private static readonly Encoding Utf8Lenient = new UTF8Encoding(false, false);

    private readonly ulong _bits;
    private readonly byte[]? _data;

    private NvsEntry(string ns, string key, NvsType type, ulong bits, byte[]? data, string? source)
    {
        Namespace = ns ?? throw new ArgumentNullException(nameof(ns));
        Key = key ?? throw new ArgumentNullException(nameof(key));
        Type = type;
        _bits = bits;
        _data = data;
        Source = source;
    }

    public string Namespace { get; }

    public string Key { get; }

    public NvsType Type { get; }

    /// <summary>Where the entry came from, for messages: a CSV line ("input.csv line 7") or an image slot ("page 0 slot 3").</summary>
    public string? Source { get; }

    /// <summary>The value as its .NET type: byte, sbyte, ushort, short, uint, int, ulong, long, string or byte[].</summary>
    public object Value => Type switch
    {
        NvsType.U8 => (byte)_bits,
        NvsType.I8 => (sbyte)_bits,
        NvsType.U16 => (ushort)_bits,
        NvsType.I16 => (short)_bits,
        NvsType.U32 => (uint)_bits,
        NvsType.I32 => (int)_bits,
        NvsType.U64 => _bits,
        NvsType.I64 => (long)_bits,
        NvsType.String => Utf8Lenient.GetString(_data!),
        _ => _data!.Clone(),
    };

    /// <summary>The integer's bits, zero-extended (unsigned types) or sign-extended (signed types) to 64 bits.</summary>
    public ulong IntegerBits => _bits;

    /// <summary>A string's UTF-8 bytes (without the NUL) or a blob's bytes; empty for integers. Not a copy.</summary>
    /// <remarks>Internal: PowerShell cannot handle a span-typed property on an output object (Format-List * would fail).</remarks>
    internal ReadOnlySpan<byte> Data => _data;

    /// <summary>An integer entry. <paramref name="value"/> must fit <paramref name="type"/> (checked).</summary>
    public static NvsEntry Integer(string ns, string key, NvsType type, long value, string? source = null)
    {
        if (!NvsLayout.IsInteger(type))
        {
            throw new ArgumentException($"{type} is not an integer type.", nameof(type));
        }
        if (type == NvsType.U64 ? value < 0 : !InRange(type, value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit {type}.");
        }
        return new NvsEntry(ns, key, type, (ulong)value, null, source);
    }

    /// <summary>A u64 entry with a value above <see cref="long.MaxValue"/>.</summary>
    public static NvsEntry UInt64(string ns, string key, ulong value, string? source = null) =>
        new(ns, key, NvsType.U64, value, null, source);

    public static NvsEntry String(string ns, string key, string value, string? source = null) =>
        new(ns, key, NvsType.String, 0, Encoding.UTF8.GetBytes(value ?? throw new ArgumentNullException(nameof(value))), source);

    /// <summary>A string given as its UTF-8 bytes (without the NUL).</summary>
    public static NvsEntry StringBytes(string ns, string key, byte[] utf8, string? source = null) =>
        new(ns, key, NvsType.String, 0, utf8 ?? throw new ArgumentNullException(nameof(utf8)), source);

    /// <summary>A blob. Written as <see cref="NvsType.BlobData"/> chunks in format v2 and as one <see cref="NvsType.Blob"/> in v1.</summary>
    public static NvsEntry Blob(string ns, string key, byte[] data, string? source = null) =>
        new(ns, key, NvsType.BlobData, 0, data ?? throw new ArgumentNullException(nameof(data)), source);

    /// <summary>What the reader builds: the type as stored.</summary>
    internal static NvsEntry FromImage(string ns, string key, NvsType type, ulong bits, byte[]? data, string source) =>
        new(ns, key, type, bits, data, source);

    internal static bool InRange(NvsType type, long v) => type switch
    {
        NvsType.U8 => v >= 0 && v <= byte.MaxValue,
        NvsType.I8 => v >= sbyte.MinValue && v <= sbyte.MaxValue,
        NvsType.U16 => v >= 0 && v <= ushort.MaxValue,
        NvsType.I16 => v >= short.MinValue && v <= short.MaxValue,
        NvsType.U32 => v >= 0 && v <= uint.MaxValue,
        NvsType.I32 => v >= int.MinValue && v <= int.MaxValue,
        _ => true,
    };

    /// <summary>The value as text: decimal integers, the string itself, blobs as lower-case hex.</summary>
    public string ValueText => Type switch
    {
        NvsType.String => (string)Value,
        NvsType.Blob or NvsType.BlobData => Hex(_data!),
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture)!,
    };

    public override string ToString() => $"{Namespace}/{Key} ({TypeName(Type)}) = {(Type == NvsType.String ? "\"" + ValueText + "\"" : ValueText)}";

    /// <summary>The lower-case name the generator and ESP-IDF's parser use: u8 … i64, string, blob, blob_data.</summary>
    public static string TypeName(NvsType type) => type switch
    {
        NvsType.String => "string",
        NvsType.Blob => "blob",
        NvsType.BlobData => "blob_data",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string Hex(byte[] data)
    {
        var sb = new StringBuilder(data.Length * 2);
        foreach (byte b in data)
        {
            sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
