using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using MatterMfg.Diagnostics;
using QRCoder;

namespace MatterMfg.Onboarding;

/// <summary>
/// QR images of a payload string, error correction M as esp-matter-mfg-tool uses (a 22-character code is a version 2
/// symbol, 25×25 modules). The PNG comes from QRCoder's <c>PngByteQRCode</c>, which needs no System.Drawing; the SVG and
/// the console text are drawn here from the same module matrix.
/// </summary>
public static class QrImage
{
    /// <summary>The light border the QR specification requires around the symbol, in modules.</summary>
    public const int QuietZone = 4;

    /// <summary>The reference's scale: 6 px per module, 198×198 px with the quiet zone.</summary>
    public const int DefaultPixelsPerModule = 6;

    /// <summary>PNG bytes; thread-safe.</summary>
    public static byte[] Png(string text, int pixelsPerModule = DefaultPixelsPerModule, bool quietZone = true)
    {
        CheckScale(pixelsPerModule);
        using var data = Encode(text);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, quietZone);
    }

    /// <summary>An SVG document: one path of dark squares on a white background, crisp at any size.</summary>
    public static string Svg(string text, int pixelsPerModule = DefaultPixelsPerModule, bool quietZone = true)
    {
        CheckScale(pixelsPerModule);
        var m = Modules(text, quietZone);
        int size = m.Count * pixelsPerModule;
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append(FormattableString.Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {m.Count} {m.Count}\" shape-rendering=\"crispEdges\">\n"));
        sb.Append(FormattableString.Invariant($"<rect width=\"{m.Count}\" height=\"{m.Count}\" fill=\"#FFFFFF\"/>\n<path fill=\"#000000\" d=\""));
        for (int y = 0; y < m.Count; y++)
        {
            for (int x = 0; x < m.Count; x++)
            {
                if (m[y][x])
                {
                    sb.Append(FormattableString.Invariant($"M{x} {y}h1v1h-1z"));
                }
            }
        }
        sb.Append("\"/>\n</svg>\n");
        return sb.ToString();
    }

    /// <summary>
    /// The code as console text, two module rows per line with Unicode half blocks. Light modules are drawn as ink, so
    /// it scans on the usual dark console background; <paramref name="darkBackground"/> false inverts it for light ones.
    /// </summary>
    public static string Text(string text, bool darkBackground = true)
    {
        var m = Modules(text, quietZone: true);
        var sb = new StringBuilder();
        for (int y = 0; y < m.Count; y += 2)
        {
            for (int x = 0; x < m.Count; x++)
            {
                bool top = Ink(m[y][x], darkBackground);
                bool bottom = y + 1 < m.Count && Ink(m[y + 1][x], darkBackground);
                sb.Append(top ? bottom ? '█' : '▀' : bottom ? '▄' : ' ');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The module matrix (true = dark), with or without the quiet zone.</summary>
    public static IReadOnlyList<BitArray> Modules(string text, bool quietZone)
    {
        using var data = Encode(text);
        var rows = data.ModuleMatrix;
        if (quietZone)
        {
            return rows.ToArray();
        }
        int n = rows.Count - 2 * QuietZone;
        var result = new BitArray[n];
        for (int y = 0; y < n; y++)
        {
            result[y] = new BitArray(n);
            for (int x = 0; x < n; x++)
            {
                result[y][x] = rows[y + QuietZone][x + QuietZone];
            }
        }
        return result;
    }

    private static bool Ink(bool dark, bool darkBackground) => dark != darkBackground;

    private static QRCodeData Encode(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new MfgException(ErrorIds.QrCodeEmpty, MfgErrorKind.InvalidArgument, "QrCode: there is no text to draw.", text);
        }
        return QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }

    private static void CheckScale(int pixelsPerModule) => MatterMfg.Text.NumberText.Check(pixelsPerModule, "PixelsPerModule", 1, 100);
}
