using System.Collections.Generic;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>
/// The CSV dialect of Python's <c>csv</c> module, as esp-matter-mfg-tool reads and writes it: comma separated,
/// double-quote quoting with doubled quotes inside, quoted fields may span lines, minimal quoting on output.
/// </summary>
public static class CsvText
{
    /// <summary>Splits <paramref name="text"/> into records. A blank line is an empty record (as csv.reader yields []).</summary>
    public static List<List<string>> Parse(string text, string sourceName)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        int line = 1, recordLine = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (quoted)
        {
            throw UnterminatedQuote(sourceName, recordLine);
        }
        if (field.Length > 0 || record.Count > 0 || fieldStarted)
        {
            EndRecord();
        }
        return records;

        void EndRecord()
        {
            if (record.Count > 0 || field.Length > 0 || fieldStarted)
            {
                record.Add(field.ToString());
            }
            records.Add(record);
            record = new List<string>();
            field.Clear();
            fieldStarted = false;
        }
    }

    /// <summary>One field, quoted only when it holds a comma, a quote or a line break (Python's QUOTE_MINIMAL).</summary>
    public static string Field(string value)
    {
        if (value.IndexOfAny(Special) < 0)
        {
            return value;
        }
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>A record without its line end.</summary>
    public static string Line(IEnumerable<string> fields)
    {
        var sb = new StringBuilder();
        foreach (string f in fields)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }
            sb.Append(Field(f));
        }
        return sb.ToString();
    }

    private static readonly char[] Special = { ',', '"', '\r', '\n' };

    /// <summary>The one wording of <see cref="ErrorIds.CsvUnterminatedQuote"/>, for every CSV reader: <c>&lt;source&gt; line &lt;n&gt;: a quoted field that starts in this record is never closed.</c></summary>
    internal static MfgException UnterminatedQuote(string sourceName, int recordLine) =>
        new(ErrorIds.CsvUnterminatedQuote, MfgErrorKind.InvalidData, $"{sourceName} line {recordLine}: a quoted field that starts in this record is never closed.", $"{sourceName} line {recordLine}");
}
