using System;
using System.IO;
using System.IO.Compression;

namespace MatterMfg.Esp;

/// <summary>
/// zlib streams (RFC 1950) for FLASH_DEFL_*: netstandard2.0 has only raw deflate (DeflateStream), so the 2-byte
/// header and the big-endian Adler-32 trailer are added here.
/// </summary>
public static class Zlib
{
    public static byte[] Compress(byte[] data)
    {
        var ms = new MemoryStream(data.Length / 2 + 64);
        // CMF 0x78: deflate, 32 KiB window; FLG 0xDA: maximum compression, (0x78DA % 31) == 0.
        ms.WriteByte(0x78);
        ms.WriteByte(0xDA);
        using (var deflate = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data, 0, data.Length);
        }
        uint adler = Adler32(data, 0, data.Length);
        ms.WriteByte((byte)(adler >> 24));
        ms.WriteByte((byte)(adler >> 16));
        ms.WriteByte((byte)(adler >> 8));
        ms.WriteByte((byte)adler);
        return ms.ToArray();
    }

    /// <summary>Inflates a zlib stream and checks its header and Adler-32.</summary>
    public static byte[] Decompress(byte[] zlib)
    {
        if (zlib.Length < 6 || (zlib[0] & 0x0F) != 8 || ((zlib[0] << 8) | zlib[1]) % 31 != 0)
        {
            throw new InvalidDataException("not a zlib stream");
        }
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(new MemoryStream(zlib, 2, zlib.Length - 6), CompressionMode.Decompress))
        {
            deflate.CopyTo(output);
        }
        byte[] result = output.ToArray();
        uint expected = (uint)(zlib[zlib.Length - 4] << 24 | zlib[zlib.Length - 3] << 16 | zlib[zlib.Length - 2] << 8 | zlib[zlib.Length - 1]);
        if (Adler32(result, 0, result.Length) != expected)
        {
            throw new InvalidDataException("zlib Adler-32 mismatch");
        }
        return result;
    }

    /// <summary>
    /// How many uncompressed bytes the inflater can produce by the end of each <paramref name="blockSize"/> slice of
    /// the stream: the ROM inflates and writes a slice before acknowledging it, so this sizes each slice's timeout
    /// (as esptool does) and the progress in real bytes.
    /// </summary>
    public static long[] InflatedThroughBlock(byte[] zlib, int blockSize)
    {
        int blocks = (zlib.Length + blockSize - 1) / blockSize;
        var result = new long[blocks];
        var feeder = new BlockFeeder(zlib, blockSize);
        var buffer = new byte[4096];
        long produced = 0;
        using (var deflate = new DeflateStream(feeder, CompressionMode.Decompress))
        {
            int n;
            while ((n = deflate.Read(buffer, 0, buffer.Length)) > 0)
            {
                produced += n;
                // Output produced before the inflater asked for bytes past a slice came from slices up to it.
                for (int b = feeder.Consumed; b < blocks; b++)
                {
                    result[b] = produced;
                }
            }
        }
        return result;
    }

    public static uint Adler32(byte[] data, int offset, int count)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        int i = offset, end = offset + count;
        while (i < end)
        {
            // 5552 is the largest run for which the sums cannot overflow 32 bits before the modulo.
            int run = Math.Min(5552, end - i);
            for (int k = 0; k < run; k++)
            {
                a += data[i++];
                b += a;
            }
            a %= Mod;
            b %= Mod;
        }
        return b << 16 | a;
    }

    /// <summary>Feeds the raw deflate data (after the 2-byte header) to DeflateStream never past the current slice's end.</summary>
    private sealed class BlockFeeder : Stream
    {
        private readonly byte[] _zlib;
        private readonly int _blockSize;
        private int _position = 2;

        public BlockFeeder(byte[] zlib, int blockSize)
        {
            _zlib = zlib;
            _blockSize = blockSize;
        }

        /// <summary>Index of the slice the inflater is reading now.</summary>
        public int Consumed => Math.Max(0, (_position - 1) / _blockSize);

        public override int Read(byte[] buffer, int offset, int count)
        {
            int end = Math.Min(_zlib.Length - 4, (_position / _blockSize + 1) * _blockSize);
            int n = Math.Min(count, end - _position);
            if (n <= 0)
            {
                return 0;
            }
            Buffer.BlockCopy(_zlib, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
