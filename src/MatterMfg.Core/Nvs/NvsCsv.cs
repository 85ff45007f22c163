using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.Nvs;

/// <summary>
/// The generator's input CSV (mfg_tool-reference §4.3): UTF-8 (a BOM is skipped; UTF-16 with a BOM is read too, see
/// <see cref="Text.TextFileDecoder"/>), lines starting with <c>#</c> dropped before CSV parsing,
/// a header row naming <c>key,type,encoding,value</c>, then rows in order. Quoting is Python's <c>csv</c> dialect
/// (double quotes, doubled inside, fields may span lines). Each row keeps the line it starts on for error messages.
/// </summary>
public static class NvsCsv
{
    private static readonly string[] Columns = { "key", "type", "encoding", "value" };

    public static IReadOnlyList<NvsRow> Load(string path)
    {
        string text;
        try
        {
            text = Text.TextFileDecoder.Decode(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            throw MfgException.FileError("The NVS CSV", path, e);
        }
        return Parse(text, Path.GetFileName(path));
    }

    /// <summary>Parses CSV text; <paramref name="sourceName"/> names it in row sources ("input.csv line 4").</summary>
    public static IReadOnlyList<NvsRow> Parse(string text, string sourceName)
    {
        var records = Records(text, sourceName);
        var rows = new List<NvsRow>();
        if (records.Count == 0)
        {
            return rows;
        }
        var (headerLine, header) = records[0];
        var index = new int[Columns.Length];
        for (int c = 0; c < Columns.Length; c++)
        {
            index[c] = header.IndexOf(Columns[c]);
            if (index[c] < 0)
            {
                throw new MfgException(ErrorIds.NvsCsvHeader, MfgErrorKind.InvalidData,
                    $"{sourceName} line {headerLine}: the header must name the columns key,type,encoding,value (it has {string.Join(",", header)}).", $"{sourceName} line {headerLine}");
            }
        }
        for (int r = 1; r < records.Count; r++)
        {
            var (line, fields) = records[r];
            string? Field(int c) => index[c] < fields.Count ? fields[index[c]] : null;
            rows.Add(new NvsRow(null, Field(0) ?? "", Field(1) ?? "", Field(2), Field(3), $"{sourceName} line {line}"));
        }
        return rows;
    }

    /// <summary>The CSV records with the line each starts on; comment lines and blank records are dropped.</summary>
    private static List<(int Line, List<string> Fields)> Records(string text, string sourceName)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false, afterQuote = false;
        int recordLine = 0, lineNo = 0, pos = 0;
        while (pos <= text.Length)
        {
            // Universal newlines, as Python's text mode reads the file.
            int end = pos;
            while (end < text.Length && text[end] != '\n' && text[end] != '\r')
            {
                end++;
            }
            if (end == text.Length && pos == text.Length)
            {
                break;
            }
            string line = text.Substring(pos, end - pos);
            pos = end < text.Length && text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : end + 1;
            lineNo++;
            if (line.Length > 0 && line[0] == '#')
            {
                continue;
            }
            if (!inQuotes)
            {
                recordLine = lineNo;
            }
            foreach (char c in line)
            {
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"' && afterQuote)
                {
                    // A doubled quote inside a quoted field.
                    field.Append('"');
                    inQuotes = true;
                    afterQuote = false;
                }
                else if (c == '"' && field.Length == 0 && !afterQuote)
                {
                    inQuotes = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                }
                else
                {
                    field.Append(c);
                    afterQuote = false;
                }
            }
            if (inQuotes)
            {
                field.Append('\n');
                continue;
            }
            fields.Add(field.ToString());
            field.Clear();
            afterQuote = false;
            if (!(fields.Count == 1 && fields[0].Trim().Length == 0))
            {
                records.Add((recordLine, fields));
            }
            fields = new List<string>();
        }
        if (inQuotes)
        {
            throw Factory.CsvText.UnterminatedQuote(sourceName, recordLine);
        }
        return records;
    }
}
