using System;
using System.Collections.Generic;

namespace MatterMfg.Tlv;

/// <summary>One TLV element: its context tag (null when anonymous), kind, value and where it starts.</summary>
internal sealed class TlvElement
{
    public byte? Tag { get; set; }

    /// <summary>"int", "uint", "utf8", "bytes", "array", "struct", "list" or "other".</summary>
    public string Kind { get; set; } = "";

    /// <summary>Offset of the element's control byte, counted as the caller asked (see <see cref="TlvReader.ReadSingle"/>).</summary>
    public long Offset { get; set; }

    public ulong UInt { get; set; }

    /// <summary>The value of a signed integer ("int").</summary>
    public long Int { get; set; }

    public byte[] Bytes { get; set; } = Array.Empty<byte>();

    public List<TlvElement> Items { get; } = new();
}

/// <summary>
/// Reads Matter TLV with anonymous and context tags (all the certification declaration, the OTA header and the QR code's
/// optional data use).
/// </summary>
internal static class TlvReader
{
    /// <summary>
    /// Parses exactly one element spanning all of <paramref name="data"/>; throws FormatException on anything malformed,
    /// naming the offset: the position in <paramref name="data"/> plus <paramref name="baseOffset"/> (where the TLV sits
    /// in its file).
    /// </summary>
    public static TlvElement ReadSingle(byte[] data, long baseOffset = 0)
    {
        var r = new Cursor(data, baseOffset);
        var e = r.Read(0) ?? throw new FormatException($"the TLV starts with an end-of-container at offset {baseOffset}");
        if (r.Pos != data.Length)
        {
            throw new FormatException($"{data.Length - r.Pos} bytes follow the TLV structure at offset {baseOffset + r.Pos}");
        }
        return e;
    }

    private sealed class Cursor
    {
        private readonly byte[] _d;
        private readonly long _base;

        public Cursor(byte[] d, long baseOffset)
        {
            _d = d;
            _base = baseOffset;
        }

        public int Pos { get; private set; }

        public TlvElement? Read(int depth)
        {
            long at = _base + Pos;
            if (depth > 4)
            {
                throw new FormatException($"the TLV is nested too deeply at offset {at}");
            }
            byte control = Take();
            int tagForm = control >> 5, type = control & 0x1F;
            if (type == 0x18)
            {
                return null;
            }
            var e = new TlvElement { Offset = at };
            switch (tagForm)
            {
                case 0:
                    break;
                case 1:
                    e.Tag = Take();
                    break;
                default:
                    throw new FormatException($"unsupported TLV tag form {tagForm} at offset {at} (only anonymous and context tags are expected)");
            }
            if (type <= 0x03)
            {
                int width = 1 << type, shift = 64 - 8 * width;
                e.Kind = "int";
                e.Int = (long)(Little(width) << shift) >> shift;
            }
            else if (type >= 0x04 && type <= 0x07)
            {
                e.Kind = "uint";
                e.UInt = Little(1 << (type - 0x04));
            }
            else if ((type >= 0x0C && type <= 0x0F) || (type >= 0x10 && type <= 0x13))
            {
                ulong len = Little(1 << (type & 0x03));
                if (len > (ulong)(_d.Length - Pos))
                {
                    throw new FormatException($"the TLV string at offset {at} is {len} bytes long but only {_d.Length - Pos} remain");
                }
                e.Kind = type < 0x10 ? "utf8" : "bytes";
                e.Bytes = new byte[len];
                Buffer.BlockCopy(_d, Pos, e.Bytes, 0, (int)len);
                Pos += (int)len;
            }
            else if (type == 0x15 || type == 0x16 || type == 0x17)
            {
                e.Kind = type == 0x15 ? "struct" : type == 0x16 ? "array" : "list";
                while (Read(depth + 1) is { } child)
                {
                    e.Items.Add(child);
                }
            }
            else if (type == 0x08 || type == 0x09 || type == 0x0A || type == 0x0B || type == 0x14)
            {
                e.Kind = "other";
                Little(type == 0x0A ? 4 : type == 0x0B ? 8 : 0);
            }
            else
            {
                throw new FormatException($"unknown TLV element type 0x{type:X2} at offset {at}");
            }
            return e;
        }

        private byte Take() => Pos < _d.Length ? _d[Pos++] : throw new FormatException($"the TLV ends in the middle of an element at offset {_base + Pos}");

        private ulong Little(int width)
        {
            ulong v = 0;
            for (int i = 0; i < width; i++)
            {
                v |= (ulong)Take() << (8 * i);
            }
            return v;
        }
    }
}
