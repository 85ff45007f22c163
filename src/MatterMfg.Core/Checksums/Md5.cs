using System;
using System.Buffers.Binary;

namespace MatterMfg.Checksums;

/// <summary>
/// MD5 (RFC 1321) in managed code, for its non-security uses: the ROM's SPI_FLASH_MD5 flash verification and the
/// partition table's MD5 entry. Windows with the FIPS policy enabled makes .NET Framework's MD5.Create() throw, which
/// would stop every flash verification in Windows PowerShell 5.1 on such a factory PC.
/// </summary>
public static class Md5
{
    private static readonly int[] Shifts =
    {
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    };

    private static readonly uint[] K = BuildK();

    public static byte[] Hash(byte[] data, int offset, int count)
    {
        uint a0 = 0x67452301, b0 = 0xEFCDAB89, c0 = 0x98BADCFE, d0 = 0x10325476;
        var m = new uint[16];
        int full = count / 64;
        for (int block = 0; block < full; block++)
        {
            Compress(data.AsSpan(offset + block * 64, 64), m, ref a0, ref b0, ref c0, ref d0);
        }
        // The tail, 0x80, zeros and the bit length (little-endian) in one or two last blocks.
        int rest = count - full * 64;
        var tail = new byte[rest < 56 ? 64 : 128];
        Buffer.BlockCopy(data, offset + full * 64, tail, 0, rest);
        tail[rest] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(tail.AsSpan(tail.Length - 8), (ulong)count * 8);
        for (int at = 0; at < tail.Length; at += 64)
        {
            Compress(tail.AsSpan(at, 64), m, ref a0, ref b0, ref c0, ref d0);
        }
        var digest = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(0), a0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(4), b0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(8), c0);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(12), d0);
        return digest;
    }

    private static void Compress(ReadOnlySpan<byte> chunk, uint[] m, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
    {
        for (int i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(chunk.Slice(i * 4));
        }
        uint a = a0, b = b0, c = c0, d = d0;
        for (int i = 0; i < 64; i++)
        {
            uint f;
            int g;
            if (i < 16)
            {
                f = (b & c) | (~b & d);
                g = i;
            }
            else if (i < 32)
            {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) % 16;
            }
            else if (i < 48)
            {
                f = b ^ c ^ d;
                g = (3 * i + 5) % 16;
            }
            else
            {
                f = c ^ (b | ~d);
                g = 7 * i % 16;
            }
            f += a + K[i] + m[g];
            a = d;
            d = c;
            c = b;
            b += f << Shifts[i] | f >> (32 - Shifts[i]);
        }
        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }

    private static uint[] BuildK()
    {
        var k = new uint[64];
        for (int i = 0; i < 64; i++)
        {
            k[i] = (uint)(long)Math.Floor(Math.Abs(Math.Sin(i + 1)) * 4294967296.0);
        }
        return k;
    }
}
