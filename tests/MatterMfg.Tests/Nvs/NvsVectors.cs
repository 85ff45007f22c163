using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Nvs;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Nvs;

/// <summary>The cases of vectors/nvs: how args.txt maps to a generator run, and the expected.parsed.txt listing.</summary>
public static class NvsVectors
{
    public static readonly string[] Positive =
    {
        "all_data_types", "file_encodings", "blob_across_pages", "string_3967", "key_15_chars", "version_1",
        "min_rw_size_0x3000", "read_only_0x1000", "five_namespaces", "encrypted_fixed_key", "encrypted_multipage",
    };

    /// <summary>Negative cases and the error id MatterMfg gives for each.</summary>
    public static readonly (string Case, string ErrorId)[] Negative =
    {
        ("bad_hex2bin", "NvsBadHex"),
        ("data_does_not_fit", "NvsPartitionFull"),
        ("key_too_long", "NvsKeyTooLong"),
        ("size_not_multiple_of_4096", "NvsSizeNotPageMultiple"),
        ("string_3999_chars_page_full", "NvsValueTooLongForPage"),
    };

    public static IEnumerable<object[]> PositiveCases => Positive.Select(c => new object[] { c });

    public static IEnumerable<object[]> NegativeCases => Negative.Select(c => new object[] { c.Case, c.ErrorId });

    public static string Folder(string name) => Repo.Vector("nvs", name);

    /// <summary>args.txt: <c>generate SIZE VERSION</c> or <c>encrypt SIZE VERSION KEYFILE</c>.</summary>
    public sealed record Args(bool Encrypt, long Size, NvsFormatVersion Version, string? KeyFile);

    public static Args ReadArgs(string folder)
    {
        string[] a = File.ReadAllText(Path.Combine(folder, "args.txt")).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        long size = a[1].StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(a[1].Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(a[1], CultureInfo.InvariantCulture);
        return new Args(a[0] == "encrypt", size, a[2] == "1" ? NvsFormatVersion.V1 : NvsFormatVersion.V2, a.Length > 3 ? a[3] : null);
    }

    /// <summary>What the generator made in the case folder: the image, encrypted with the case's keys when args.txt says so.</summary>
    public static byte[] Generate(string folder)
    {
        var args = ReadArgs(folder);
        var rows = NvsCsv.Load(Path.Combine(folder, "input.csv"));
        byte[] image = NvsPartitionWriter.Write(rows, folder, args.Size, args.Version);
        return args.Encrypt ? NvsEncryption.Encrypt(image, Keys(folder)!) : image;
    }

    public static NvsKeys? Keys(string folder)
    {
        var args = ReadArgs(folder);
        return args.KeyFile == null ? null : NvsKeys.FromPartition(File.ReadAllBytes(Path.Combine(folder, args.KeyFile)), args.KeyFile);
    }

    /// <summary>The vectors' listing: <c>namespace TAB key TAB type TAB value</c>, sorted.</summary>
    public static string[] Listing(IEnumerable<NvsEntry> entries) =>
        entries.Select(e => $"{e.Namespace}\t{e.Key}\t{NvsEntry.TypeName(e.Type)}\t{ListingValue(e)}")
            .OrderBy(l => l, StringComparer.Ordinal).ToArray();

    public static string[] ExpectedListing(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "expected.parsed.txt")).Where(l => l.Length > 0).OrderBy(l => l, StringComparer.Ordinal).ToArray();

    private static string ListingValue(NvsEntry e) => e.Type == NvsType.String ? Json((string)e.Value) : e.ValueText;

    /// <summary>A JSON string literal as Python's json.dumps writes it (ensure_ascii).</summary>
    public static string Json(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
