using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.Esp;

/// <summary>One entry of an ESP-IDF partition table.</summary>
public sealed class EspPartition
{
    public string Label { get; set; } = "";
    public byte Type { get; set; }
    public byte Subtype { get; set; }
    public uint Offset { get; set; }
    public uint Size { get; set; }
    public bool Encrypted { get; set; }
    public bool ReadOnly { get; set; }

    public uint End => Offset + Size;

    public string TypeName => EspPartitionTable.TypeName(Type);

    public string SubtypeName => EspPartitionTable.SubtypeName(Type, Subtype);

    public override string ToString() => $"{Label} ({TypeName}/{SubtypeName}) at 0x{Offset:X}, 0x{Size:X} bytes";
}

/// <summary>
/// ESP-IDF partition tables, binary and CSV, as gen_esp32part.py reads and writes them: 32-byte entries
/// (<c>AA 50</c>, type, subtype, offset, size, 16-byte label, flags), an MD5 entry (<c>EB EB</c> + 14 × FF + MD5 of the
/// entries before it), FF padding to 0xC00. CSV: <c>Name, Type, SubType, Offset, Size, Flags</c>, sizes with K/M
/// suffixes, empty offsets placed after the previous partition (apps aligned to 64 KiB, the rest to 4 KiB).
/// </summary>
public sealed class EspPartitionTable
{
    public const uint DefaultOffset = 0x8000;
    public const int MaxLength = 0xC00;
    private const int EntrySize = 32;

    private static readonly (string Name, byte Value)[] Types = { ("app", 0x00), ("data", 0x01), ("bootloader", 0x02), ("partition_table", 0x03) };

    private static readonly Dictionary<byte, (string Name, byte Value)[]> Subtypes = new()
    {
        [0x00] = new[] { ("factory", (byte)0x00), ("test", (byte)0x20) }
            .Concat(Enumerable.Range(0, 16).Select(i => ($"ota_{i}", (byte)(0x10 + i))))
            .Concat(Enumerable.Range(0, 2).Select(i => ($"tee_{i}", (byte)(0x30 + i)))).ToArray(),
        [0x01] = new[]
        {
            ("ota", (byte)0x00), ("phy", (byte)0x01), ("nvs", (byte)0x02), ("coredump", (byte)0x03), ("nvs_keys", (byte)0x04),
            ("efuse", (byte)0x05), ("undefined", (byte)0x06), ("esphttpd", (byte)0x80), ("fat", (byte)0x81), ("spiffs", (byte)0x82),
            ("littlefs", (byte)0x83), ("tee_ota", (byte)0x90),
        },
        [0x02] = new[] { ("primary", (byte)0x00), ("ota", (byte)0x01), ("recovery", (byte)0x02) },
        [0x03] = new[] { ("primary", (byte)0x00), ("ota", (byte)0x01) },
    };

    public EspPartitionTable(IEnumerable<EspPartition> partitions, uint tableOffset = DefaultOffset)
    {
        Partitions = partitions.ToList();
        TableOffset = tableOffset;
    }

    public IReadOnlyList<EspPartition> Partitions { get; }

    public uint TableOffset { get; }

    /// <summary>Where the table came from, for messages.</summary>
    public string Source { get; private set; } = "the partition table";

    public static string TypeName(byte type) => Types.FirstOrDefault(t => t.Value == type).Name ?? "0x" + type.ToString("x2");

    public static string SubtypeName(byte type, byte subtype) =>
        Subtypes.TryGetValue(type, out var list) && list.Any(s => s.Value == subtype) ? list.First(s => s.Value == subtype).Name : "0x" + subtype.ToString("x2");

    /// <summary>The partition called <paramref name="label"/>; <c>EspPartitionNotFound</c> listing the labels there are.</summary>
    public EspPartition Find(string label) =>
        Partitions.FirstOrDefault(p => p.Label == label)
        ?? throw NotFound($"labelled '{label}'", label);

    /// <summary>The first partition of a type (name or number) and optional subtype.</summary>
    public EspPartition FindByType(string type, string? subtype)
    {
        byte t = ParseType(type, "type");
        byte? s = subtype == null ? null : ParseSubtype(t, subtype, "subtype");
        return Partitions.FirstOrDefault(p => p.Type == t && (s == null || p.Subtype == s))
            ?? throw NotFound($"of type {type}{(subtype != null ? "/" + subtype : "")}", type);
    }

    /// <summary>
    /// Checks that <paramref name="length"/> bytes fit in <paramref name="p"/>: <c>EspImageTooLarge</c> otherwise.
    /// </summary>
    public static void CheckFits(EspPartition p, long length, string what)
    {
        if (length > p.Size)
        {
            throw new MfgException(ErrorIds.EspImageTooLarge, MfgErrorKind.InvalidArgument,
                $"{what} is {length} bytes (0x{length:X}) but partition '{p.Label}' holds only 0x{p.Size:X} bytes; writing it would overwrite the next partition.", what);
        }
    }

    /// <summary>
    /// Checks a write at an explicit offset against the table: it must start inside a partition and end in the same one
    /// (<c>EspImageCrossesPartition</c>), or lie wholly outside every partition.
    /// </summary>
    public void CheckRegion(uint offset, long length, string what)
    {
        long end = offset + length;
        var start = Partitions.FirstOrDefault(p => offset >= p.Offset && offset < p.End);
        if (start != null)
        {
            if (end > start.End)
            {
                throw Crosses(what, offset, length, $"runs past the end of partition '{start.Label}' (0x{start.End:X})");
            }
            return;
        }
        var overlapped = Partitions.FirstOrDefault(p => offset < p.End && end > p.Offset);
        if (overlapped != null)
        {
            throw Crosses(what, offset, length, $"runs into partition '{overlapped.Label}' at 0x{overlapped.Offset:X}");
        }
    }

    /// <summary>The one wording of <see cref="ErrorIds.EspImageCrossesPartition"/>: <c>&lt;what&gt; (&lt;n&gt; bytes at 0x&lt;offset&gt;) &lt;how&gt;.</c></summary>
    private static MfgException Crosses(string what, uint offset, long length, string how) =>
        new(ErrorIds.EspImageCrossesPartition, MfgErrorKind.InvalidArgument, $"{what} ({length} bytes at 0x{offset:X}) {how}.", what);

    /// <summary>The one wording of <see cref="ErrorIds.EspPartitionNotFound"/>: <c>&lt;table&gt; has no partition &lt;wanted&gt; (it has: &lt;labels&gt;).</c></summary>
    private MfgException NotFound(string wanted, object target) =>
        new(ErrorIds.EspPartitionNotFound, MfgErrorKind.ObjectNotFound, $"{Source} has no partition {wanted} (it has: {string.Join(", ", Partitions.Select(p => p.Label))}).", target);

    /// <summary>True when <paramref name="bytes"/> (read so far) already contains the end of a table.</summary>
    internal static bool HasEnd(byte[] bytes)
    {
        for (int o = 0; o + EntrySize <= bytes.Length; o += EntrySize)
        {
            if (bytes[o] == 0xFF && bytes[o + 1] == 0xFF)
            {
                return true;
            }
        }
        return bytes.Length >= MaxLength;
    }

    /// <summary>Reads a table from a file: binary when it starts with the entry magic, else CSV.</summary>
    public static EspPartitionTable Load(string path, uint tableOffset = DefaultOffset)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw MfgException.FileError("The partition table", path, e);
        }
        return bytes.Length >= 2 && bytes[0] == 0xAA && bytes[1] == 0x50
            ? FromBinary(bytes, $"'{path}'", tableOffset)
            : FromCsv(Text.TextFileDecoder.Decode(bytes, path), $"'{path}'", tableOffset);
    }

    public static EspPartitionTable FromBinary(byte[] bytes, string source, uint tableOffset = DefaultOffset)
    {
        var list = new List<EspPartition>();
        int hashed = 0;
        for (int o = 0; ; o += EntrySize)
        {
            if (o + EntrySize > bytes.Length)
            {
                throw Bad(source, $"no end marker in the first {bytes.Length} bytes");
            }
            var e = bytes.AsSpan(o, EntrySize);
            if (e[0] == 0xFF && e[1] == 0xFF)
            {
                break;
            }
            if (e[0] == 0xEB && e[1] == 0xEB)
            {
                byte[] expected = Checksums.Md5.Hash(bytes, 0, hashed);
                if (!e.Slice(16, 16).SequenceEqual(expected))
                {
                    throw Bad(source, "its MD5 entry does not match the entries (the table is damaged)");
                }
                continue;
            }
            if (e[0] != 0xAA || e[1] != 0x50)
            {
                throw Bad(source, $"entry {o / EntrySize} at byte {o} has no AA 50 magic");
            }
            int nameLength = e.Slice(12, 16).IndexOf((byte)0);
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(28));
            list.Add(new EspPartition
            {
                Type = e[2], Subtype = e[3],
                Offset = BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(4)),
                Size = BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(8)),
                Label = Encoding.UTF8.GetString(bytes, o + 12, nameLength < 0 ? 16 : nameLength),
                Encrypted = (flags & 1) != 0, ReadOnly = (flags & 2) != 0,
            });
            hashed = o + EntrySize;
        }
        return new EspPartitionTable(list, tableOffset) { Source = source };
    }

    /// <summary>The binary table with its MD5 entry, padded with FF to 0xC00 bytes.</summary>
    public byte[] ToBinary()
    {
        Validate();
        var b = new byte[MaxLength];
        b.AsSpan().Fill(0xFF);
        int o = 0;
        foreach (var p in Partitions)
        {
            var e = b.AsSpan(o, EntrySize);
            e[0] = 0xAA;
            e[1] = 0x50;
            e[2] = p.Type;
            e[3] = p.Subtype;
            BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(4), p.Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(8), p.Size);
            e.Slice(12, 16).Fill(0);
            Encoding.UTF8.GetBytes(p.Label).CopyTo(e.Slice(12));
            BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(28), (p.Encrypted ? 1u : 0) | (p.ReadOnly ? 2u : 0));
            o += EntrySize;
        }
        byte[] hash = Checksums.Md5.Hash(b, 0, o);
        b[o] = 0xEB;
        b[o + 1] = 0xEB;
        hash.CopyTo(b, o + 16);
        return b;
    }

    public string ToCsv()
    {
        var sb = new StringBuilder("# ESP-IDF Partition Table\n# Name, Type, SubType, Offset, Size, Flags\n");
        foreach (var p in Partitions)
        {
            sb.Append(CsvLine(p)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>One partition as a partitions.csv line (name, type, subtype, offset, size, flags).</summary>
    public static string CsvLine(EspPartition p)
    {
        string flags = string.Join(":", new[] { p.Encrypted ? "encrypted" : null, p.ReadOnly ? "readonly" : null }.Where(f => f != null));
        return string.Join(",", p.Label, p.TypeName, p.SubtypeName, "0x" + p.Offset.ToString("x", CultureInfo.InvariantCulture), SizeText(p.Size), flags);
    }

    private static string SizeText(uint size) =>
        size % 0x100000 == 0 ? $"{size / 0x100000}M" : size % 0x400 == 0 ? $"{size / 0x400}K" : "0x" + size.ToString("x", CultureInfo.InvariantCulture);

    public static EspPartitionTable FromCsv(string text, string source, uint tableOffset = DefaultOffset)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        var rows = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }
            rows.Add(new KeyValuePair<string, string>(line, $"{source} line {i + 1}"));
        }
        return FromRows(rows, source, tableOffset);
    }

    /// <summary>
    /// A table from partitions.csv lines, each with the place it came from for errors (a file line, a pipeline row). As in
    /// gen_esp32part, a line without an offset is placed after the previous partition.
    /// </summary>
    public static EspPartitionTable FromRows(IEnumerable<KeyValuePair<string, string>> rows, string source, uint tableOffset = DefaultOffset)
    {
        var list = new List<EspPartition>();
        uint next = tableOffset + 0x1000;
        foreach (var row in rows)
        {
            string line = row.Key;
            string where = row.Value;
            string[] f = (line + ",,,,,").Split(',').Select(s => s.Trim()).ToArray();
            if (f[0].Length == 0)
            {
                throw Bad(where, "the name is empty");
            }
            if (f[1].Length == 0)
            {
                throw Bad(where, "the type is empty");
            }
            byte type = ParseType(f[1], where);
            if (f[2].Length == 0 && type == 0x00)
            {
                throw Bad(where, "an app partition needs a subtype");
            }
            byte subtype = f[2].Length == 0 ? (byte)0x06 : ParseSubtype(type, f[2], where);
            uint align = type == 0x00 ? 0x10000u : 0x1000u;
            uint offset;
            if (f[3].Length == 0)
            {
                offset = (next + align - 1) / align * align;
            }
            else
            {
                offset = ParseSize(f[3], where, "offset");
                if (offset < next)
                {
                    throw Bad(where, $"offset 0x{offset:X} overlaps the previous partition or the table (free from 0x{next:X})");
                }
            }
            if (f[4].Length == 0)
            {
                throw Bad(where, "the size is empty");
            }
            uint size = ParseSize(f[4], where, "size");
            var p = new EspPartition { Label = f[0], Type = type, Subtype = subtype, Offset = offset, Size = size };
            foreach (string flag in f[5].Split(':').Where(s => s.Length > 0))
            {
                if (flag == "encrypted")
                {
                    p.Encrypted = true;
                }
                else if (flag == "readonly")
                {
                    p.ReadOnly = true;
                }
                else
                {
                    throw Bad(where, $"unknown flag '{flag}' (known: encrypted, readonly)");
                }
            }
            list.Add(p);
            next = offset + size;
        }
        var table = new EspPartitionTable(list, tableOffset) { Source = source };
        table.Validate();
        return table;
    }

    /// <summary>gen_esp32part's checks: labels unique and ≤ 16 bytes, alignment, no overlap, nothing over the table.</summary>
    public void Validate()
    {
        if (Partitions.Count * EntrySize + EntrySize > MaxLength)
        {
            throw Bad(Source, $"{Partitions.Count} partitions do not fit in 0x{MaxLength:X} bytes");
        }
        foreach (var p in Partitions)
        {
            if (Encoding.UTF8.GetByteCount(p.Label) > 16 || p.Label.Length == 0)
            {
                throw Bad(Source, $"label '{p.Label}' must be 1 to 16 bytes");
            }
            uint align = p.Type == 0x00 ? 0x10000u : 0x1000u;
            if (p.Offset % align != 0)
            {
                throw Bad(Source, $"partition '{p.Label}' offset 0x{p.Offset:X} is not aligned to 0x{align:X}");
            }
            if (p.Type == 0x00 && p.Size % 0x1000 != 0)
            {
                throw Bad(Source, $"app partition '{p.Label}' size 0x{p.Size:X} is not a multiple of 0x1000");
            }
            if (p.Offset < TableOffset + 0x1000 && p.Type != 0x02 && p.Type != 0x03)
            {
                throw Bad(Source, $"partition '{p.Label}' at 0x{p.Offset:X} is below the end of the partition table (0x{TableOffset + 0x1000:X})");
            }
        }
        var dup = Partitions.GroupBy(p => p.Label).FirstOrDefault(g => g.Count() > 1);
        if (dup != null)
        {
            throw Bad(Source, $"label '{dup.Key}' is used twice");
        }
        EspPartition? last = null;
        foreach (var p in Partitions.OrderBy(p => p.Offset))
        {
            if (last != null && p.Offset < last.End)
            {
                throw Bad(Source, $"partition '{p.Label}' at 0x{p.Offset:X} overlaps '{last.Label}' (0x{last.Offset:X}-0x{last.End - 1:X})");
            }
            last = p;
        }
    }

    private static byte ParseType(string text, string where)
    {
        foreach (var t in Types)
        {
            if (string.Equals(t.Name, text, StringComparison.OrdinalIgnoreCase))
            {
                return t.Value;
            }
        }
        return ParseByte(text, where, "type", Types.Select(t => t.Name));
    }

    private static byte ParseSubtype(byte type, string text, string where)
    {
        var known = Subtypes.TryGetValue(type, out var list) ? list : Array.Empty<(string Name, byte Value)>();
        foreach (var s in known)
        {
            if (string.Equals(s.Name, text, StringComparison.OrdinalIgnoreCase))
            {
                return s.Value;
            }
        }
        return ParseByte(text, where, "subtype", known.Select(s => s.Name));
    }

    private static byte ParseByte(string text, string where, string field, IEnumerable<string> names)
    {
        if (Text.NumberText.TryRead(text, Text.NumberSyntax.DecimalOrHex, out _, out _, out _))
        {
            return (byte)Text.NumberText.Parse(text, $"{where}, {field}", 0, 0xFE, target: where);
        }
        throw Bad(where, $"{field} '{text}' is neither a number 0..0xFE nor one of: {string.Join(", ", names)}");
    }

    private static uint ParseSize(string text, string where, string field)
    {
        long multiplier = 1;
        string s = text;
        if (s.EndsWith("K", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1024;
            s = s.Substring(0, s.Length - 1);
        }
        else if (s.EndsWith("M", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1024 * 1024;
            s = s.Substring(0, s.Length - 1);
        }
        if (!Text.NumberText.TryRead(s, Text.NumberSyntax.DecimalOrHex, out _, out _, out _))
        {
            throw Bad(where, $"{field} '{text}' is not a size (decimal, 0x hex, with an optional K or M suffix)");
        }
        // The number before the suffix, refused as written when the bytes it stands for do not fit 32 bits.
        return (uint)(Text.NumberText.Parse(s, $"{where}, {field} '{text.Trim()}'", 0, uint.MaxValue / multiplier, target: where) * multiplier);
    }

    /// <summary>The one wording of <see cref="ErrorIds.EspPartitionTableInvalid"/>: <c>&lt;where&gt;: &lt;why&gt;.</c> (<paramref name="where"/> names the file and line, or the input row.)</summary>
    public static MfgException Invalid(string where, string why) => Bad(where, why);

    private static MfgException Bad(string where, string why) =>
        new(ErrorIds.EspPartitionTableInvalid, MfgErrorKind.InvalidData, $"{where}: {why}.", where);
}
