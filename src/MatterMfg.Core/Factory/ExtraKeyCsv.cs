using System;
using System.Collections.Generic;
using System.Linq;
using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>One key declared by the extra key schema (<c>--csv</c>): <c>key,type,encoding</c> under a namespace.</summary>
public sealed class ExtraKeyDeclaration
{
    public ExtraKeyDeclaration(string ns, string key, bool isFile, string encoding, int line)
    {
        Namespace = ns;
        Key = key;
        IsFile = isFile;
        Encoding = encoding;
        Line = line;
    }

    public string Namespace { get; }

    public string Key { get; }

    public bool IsFile { get; }

    public string Encoding { get; }

    public int Line { get; }
}

/// <summary>
/// The two CSV files of esp-matter-mfg-tool's extra keys: the key schema (<c>--csv</c>, no header; rows
/// <c>name,namespace,</c> switch the namespace, other rows are <c>key,type,encoding</c>; keys before the first
/// namespace row go into <c>chip-factory</c>; a 4th column is ignored) and the per-device values (<c>--mcsv</c>, a
/// header of key names, then one record per device).
/// </summary>
public static class ExtraKeyCsv
{
    public const string ChipFactory = "chip-factory";

    public static IReadOnlyList<ExtraKeyDeclaration> ParseSchema(string text, string sourceName)
    {
        var list = new List<ExtraKeyDeclaration>();
        string ns = ChipFactory;
        int line = 0;
        foreach (var record in CsvText.Parse(text, sourceName))
        {
            line++;
            if (record.Count == 0 || record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (record.Contains("namespace"))
            {
                ns = record[0].Trim();
                CheckName(ns, "namespace", sourceName, line);
                continue;
            }
            if (record.Count < 3)
            {
                throw Bad(ErrorIds.ExtraKeySchemaMalformed, $"{sourceName} line {line}: expected 'key,type,encoding' but found '{string.Join(",", record)}'.", sourceName, line);
            }
            string key = record[0].Trim(), type = record[1].Trim(), encoding = record[2].Trim();
            CheckName(key, "key", sourceName, line);
            if (type != "data" && type != "file")
            {
                throw Bad(ErrorIds.ExtraKeySchemaBadType, $"{sourceName} line {line}: key '{key}' has type '{type}'; use 'data' or 'file'.", sourceName, line);
            }
            if (Array.IndexOf(FactoryEnums.SchemaEncodings, encoding) < 0)
            {
                throw Bad(ErrorIds.ExtraKeySchemaBadEncoding,
                    $"{sourceName} line {line}: key '{key}' has encoding '{encoding}'; use one of {string.Join(", ", FactoryEnums.SchemaEncodings)}.", sourceName, line);
            }
            var earlier = list.Find(d => d.Namespace == ns && d.Key == key);
            if (earlier != null)
            {
                throw Nvs.NvsPartitionWriter.DuplicateKey($"{sourceName} line {line}", key, ns, $"declared at line {earlier.Line}", $"{sourceName}:{line}");
            }
            list.Add(new ExtraKeyDeclaration(ns, key, type == "file", encoding, line));
        }
        return list;
    }

    /// <summary>
    /// Reads the per-device values: one dictionary (column name to text) per record, in file order. Blank lines are
    /// skipped (the reference counts them as devices and then fails on the last one). Every key of
    /// <paramref name="schema"/> must have a column.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseValues(string text, string sourceName, IReadOnlyList<ExtraKeyDeclaration> schema)
    {
        var records = CsvText.Parse(text, sourceName).Where(r => r.Count > 0 && !(r.Count == 1 && r[0].Length == 0)).ToList();
        if (records.Count == 0)
        {
            throw Bad(ErrorIds.PerDeviceCsvEmpty, $"{sourceName}: the file has no header row.", sourceName, 1);
        }
        var header = records[0].Select(h => h.Trim()).ToList();
        foreach (var d in schema)
        {
            if (!header.Contains(d.Key))
            {
                throw Bad(ErrorIds.PerDeviceCsvMissingColumn,
                    $"{sourceName}: there is no column '{d.Key}' for the key declared at line {d.Line} of the key schema.", sourceName, 1);
            }
        }
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (int r = 1; r < records.Count; r++)
        {
            var rec = records[r];
            if (rec.Count != header.Count)
            {
                throw Bad(ErrorIds.PerDeviceCsvFieldCount,
                    $"{sourceName}: record {r} has {rec.Count} fields but the header has {header.Count}.", sourceName, r + 1);
            }
            var dict = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int c = 0; c < header.Count; c++)
            {
                dict[header[c]] = rec[c];
            }
            rows.Add(dict);
        }
        return rows;
    }

    private static void CheckName(string name, string what, string source, int line)
    {
        if (name.Length == 0 || name.Length > 15)
        {
            throw Bad(ErrorIds.ExtraKeySchemaBadName, $"{source} line {line}: the {what} name '{name}' must be 1..15 characters.", source, line);
        }
    }

    private static MfgException Bad(string errorId, string message, string source, int line) =>
        new(errorId, MfgErrorKind.InvalidData, message, $"{source}:{line}");
}
