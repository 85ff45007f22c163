using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace MatterMfg.Tests.Onboarding;

/// <summary>
/// Just enough PNG decoding to hand a generated QR image to ZXing as 8-bit grey pixels (ZXing.Net has no image
/// decoder without System.Drawing): non-interlaced, bit depth 1..8, grey, palette, RGB or RGBA, all five filters.
/// </summary>
public sealed class PngDecoder
{
    public int Width { get; private set; }
    public int Height { get; private set; }
    public int BitDepth { get; private set; }
    public int ColorType { get; private set; }

    /// <summary>One byte of luminance per pixel, row by row.</summary>
    public byte[] Gray { get; private set; } = Array.Empty<byte>();

    public static PngDecoder Decode(byte[] png)
    {
        var signature = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        if (!png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a PNG");
        }
        var d = new PngDecoder();
        byte[] palette = Array.Empty<byte>();
        var idat = new MemoryStream();
        int interlace = 0;
        for (int p = 8; p < png.Length;)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            string type = Encoding.ASCII.GetString(png, p + 4, 4);
            var data = png.AsSpan(p + 8, len);
            switch (type)
            {
                case "IHDR":
                    d.Width = BinaryPrimitives.ReadInt32BigEndian(data);
                    d.Height = BinaryPrimitives.ReadInt32BigEndian(data.Slice(4));
                    d.BitDepth = data[8];
                    d.ColorType = data[9];
                    interlace = data[12];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            p += 12 + len;
        }
        if (interlace != 0 || d.BitDepth > 8)
        {
            throw new InvalidDataException("interlaced or 16-bit PNG");
        }
        int channels = d.ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidDataException("color type") };
        int bitsPerPixel = channels * d.BitDepth;
        int stride = (d.Width * bitsPerPixel + 7) / 8;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(raw);
        }
        byte[] r = raw.ToArray();
        var prev = new byte[stride];
        var cur = new byte[stride];
        d.Gray = new byte[d.Width * d.Height];
        for (int y = 0; y < d.Height; y++)
        {
            int filter = r[y * (stride + 1)];
            Array.Copy(r, y * (stride + 1) + 1, cur, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                cur[i] = (byte)(cur[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException("filter"),
                });
            }
            for (int x = 0; x < d.Width; x++)
            {
                d.Gray[y * d.Width + x] = d.Pixel(cur, x, palette);
            }
            (prev, cur) = (cur, prev);
        }
        return d;
    }

    private byte Pixel(byte[] row, int x, byte[] palette)
    {
        int Sample(int index)
        {
            int bit = index * BitDepth;
            int v = row[bit / 8] >> (8 - BitDepth - bit % 8) & ((1 << BitDepth) - 1);
            return BitDepth == 8 ? v : v * 255 / ((1 << BitDepth) - 1);
        }
        switch (ColorType)
        {
            case 0:
            case 4:
                return (byte)Sample(x * (ColorType == 4 ? 2 : 1));
            case 3:
                int bit = x * BitDepth;
                int i = row[bit / 8] >> (8 - BitDepth - bit % 8) & ((1 << BitDepth) - 1);
                return (byte)((palette[3 * i] * 299 + palette[3 * i + 1] * 587 + palette[3 * i + 2] * 114) / 1000);
            default:
                int n = ColorType == 2 ? 3 : 4;
                return (byte)((row[x * n] * 299 + row[x * n + 1] * 587 + row[x * n + 2] * 114) / 1000);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
