using System;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.Text;

/// <summary>
/// Decodes the text files users give (NVS CSVs, <c>--csv</c>/<c>--mcsv</c>, value files): UTF-8 with or without the BOM
/// Excel writes ("CSV UTF-8"), UTF-16 LE/BE with its BOM (Excel's "Unicode Text", Notepad's "Unicode"), strictly. Invalid
/// UTF-8 is never replaced by U+FFFD: it is an error naming the file, the line and the CSV column. UTF-32, and UTF-16
/// without a BOM (recognised by its NUL bytes), are refused with what to save the file as.
/// </summary>
public static class TextFileDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly UnicodeEncoding StrictUtf16Le = new(false, false, true);
    private static readonly UnicodeEncoding StrictUtf16Be = new(true, false, true);

    /// <summary>The text of <paramref name="bytes"/>, BOM removed; <paramref name="source"/> names the file in errors.</summary>
    public static string Decode(byte[] bytes, string source)
    {
        if (bytes.Length >= 4 && ((bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0) || (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)))
        {
            throw Unsupported(source, "it is UTF-32 text");
        }
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var utf16 = bytes[0] == 0xFF ? StrictUtf16Le : StrictUtf16Be;
            try
            {
                return utf16.GetString(bytes, 2, bytes.Length - 2);
            }
            catch (DecoderFallbackException)
            {
                throw Unsupported(source, "it starts with a UTF-16 byte order mark but is not valid UTF-16 (an odd length or a broken surrogate pair)");
            }
        }
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        int nul = Array.IndexOf(bytes, (byte)0, start);
        if (nul >= 0)
        {
            throw Unsupported(source, $"it holds NUL bytes (the first at {Where(bytes, start, nul)}): UTF-16 without a byte order mark, or not a text file");
        }
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            // The exception's index is relative to the decoder's buffer on some runtimes: find the byte ourselves.
            int bad = FirstInvalidUtf8(bytes, start) ?? start + Math.Max(0, e.Index);
            throw Unsupported(source, $"it is not valid UTF-8 (byte 0x{bytes[bad]:X2} at {Where(bytes, start, bad)}); Latin-1 or Windows-1252 text "
                + "(Excel's plain \"CSV\") is not read, because guessing would change the values", e);
        }
    }

    /// <summary>"line 4, column 2 (byte offset 97)": the line, and the CSV field counted by the commas before it outside quotes.</summary>
    private static string Where(byte[] b, int start, int offset)
    {
        int line = 1, column = 1;
        bool quoted = false;
        for (int i = start; i < offset; i++)
        {
            switch (b[i])
            {
                case (byte)'\n':
                    line++;
                    column = quoted ? column : 1;
                    break;
                case (byte)'"':
                    quoted = !quoted;
                    break;
                case (byte)',':
                    if (!quoted)
                    {
                        column++;
                    }
                    break;
            }
        }
        return $"line {line}, column {column} (byte offset {offset})";
    }

    private static int? FirstInvalidUtf8(byte[] b, int i)
    {
        while (i < b.Length)
        {
            byte c = b[i];
            int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (n < 0)
            {
                return i;
            }
            for (int k = 1; k <= n; k++)
            {
                if (i + k >= b.Length || (b[i + k] & 0xC0) != 0x80)
                {
                    return i;
                }
            }
            // Overlong three/four-byte forms, surrogates and values above U+10FFFF.
            if ((c == 0xE0 && b[i + 1] < 0xA0) || (c == 0xED && b[i + 1] >= 0xA0) || (c == 0xF0 && b[i + 1] < 0x90) || (c == 0xF4 && b[i + 1] >= 0x90))
            {
                return i;
            }
            i += n + 1;
        }
        return null;
    }

    /// <summary>The one wording of <see cref="ErrorIds.TextFileInvalidEncoding"/>: <c>'&lt;source&gt;' cannot be read: &lt;what&gt;. Save it as UTF-8 …</c></summary>
    private static MfgException Unsupported(string source, string what, Exception? inner = null) =>
        new(ErrorIds.TextFileInvalidEncoding, MfgErrorKind.InvalidData, $"'{source}' cannot be read: {what}. Save it as UTF-8 (Excel: \"CSV UTF-8\").", source, inner);
}
