using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MatterMfg.Attestation;

/// <summary>
/// The part of Matter TLV (Matter core spec appendix A) a certification declaration uses: an anonymous structure of
/// context-tagged unsigned integers (minimal width), UTF-8 and byte strings, and arrays of anonymous elements.
/// </summary>
internal sealed class CdTlvWriter
{
    private const byte ContextTag = 0x20;
    private readonly MemoryStream _out = new();

    public void StartStructure() => _out.WriteByte(0x15);

    public void StartArray(byte tag)
    {
        _out.WriteByte(ContextTag | 0x16);
        _out.WriteByte(tag);
    }

    public void End() => _out.WriteByte(0x18);

    public void UInt(byte? tag, ulong value)
    {
        int width = value <= 0xFF ? 1 : value <= 0xFFFF ? 2 : value <= 0xFFFFFFFF ? 4 : 8;
        byte type = (byte)(0x04 + (width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : 3));
        Control(tag, type);
        for (int i = 0; i < width; i++)
        {
            _out.WriteByte((byte)(value >> (8 * i)));
        }
    }

    public void Utf8(byte tag, string value) => Bytes(tag, 0x0C, Encoding.UTF8.GetBytes(value));

    public void ByteString(byte? tag, byte[] value) => Bytes(tag, 0x10, value);

    public byte[] ToArray() => _out.ToArray();

    private void Bytes(byte? tag, byte type, byte[] value)
    {
        // 1-byte length: every CD string is far below 256 bytes (certificate id 19, key ids 20).
        Control(tag, type);
        _out.WriteByte(checked((byte)value.Length));
        _out.Write(value, 0, value.Length);
    }

    private void Control(byte? tag, byte type)
    {
        _out.WriteByte((byte)((tag != null ? ContextTag : 0) | type));
        if (tag != null)
        {
            _out.WriteByte(tag.Value);
        }
    }
}

/// <summary>One TLV element: its context tag (null when anonymous), kind and value.</summary>
internal sealed class CdTlvElement
{
    public byte? Tag { get; set; }

    /// <summary>"uint", "utf8", "bytes", "array", "struct" or "other".</summary>
    public string Kind { get; set; } = "";

    public ulong UInt { get; set; }

    public byte[] Bytes { get; set; } = Array.Empty<byte>();

    public List<CdTlvElement> Items { get; } = new();
}

internal static class CdTlvReader
{
    /// <summary>Parses exactly one element spanning all of <paramref name="data"/>; throws FormatException on anything malformed.</summary>
    public static CdTlvElement ReadSingle(byte[] data)
    {
        int pos = 0;
        var e = Read(data, ref pos, 0) ?? throw new FormatException("the TLV starts with an end-of-container");
        if (pos != data.Length)
        {
            throw new FormatException($"{data.Length - pos} bytes follow the TLV structure");
        }
        return e;
    }

    private static CdTlvElement? Read(byte[] d, ref int pos, int depth)
    {
        if (depth > 4)
        {
            throw new FormatException("the TLV is nested too deeply");
        }
        byte control = Take(d, ref pos);
        int tagForm = control >> 5, type = control & 0x1F;
        if (type == 0x18)
        {
            return null;
        }
        var e = new CdTlvElement();
        switch (tagForm)
        {
            case 0:
                break;
            case 1:
                e.Tag = Take(d, ref pos);
                break;
            default:
                throw new FormatException($"unsupported TLV tag form {tagForm} (a CD uses context tags only)");
        }
        if (type >= 0x04 && type <= 0x07)
        {
            int width = 1 << (type - 0x04);
            e.Kind = "uint";
            e.UInt = Little(d, ref pos, width);
        }
        else if ((type >= 0x0C && type <= 0x0F) || (type >= 0x10 && type <= 0x13))
        {
            int width = 1 << ((type & 0x03));
            ulong len = Little(d, ref pos, width);
            if (len > (ulong)(d.Length - pos))
            {
                throw new FormatException("a TLV string runs past the end");
            }
            e.Kind = type < 0x10 ? "utf8" : "bytes";
            e.Bytes = new byte[len];
            Buffer.BlockCopy(d, pos, e.Bytes, 0, (int)len);
            pos += (int)len;
        }
        else if (type == 0x15 || type == 0x16 || type == 0x17)
        {
            e.Kind = type == 0x16 ? "array" : "struct";
            while (Read(d, ref pos, depth + 1) is { } child)
            {
                e.Items.Add(child);
            }
        }
        else if (type <= 0x03 || type == 0x08 || type == 0x09 || type == 0x0A || type == 0x0B || type == 0x14)
        {
            e.Kind = "other";
            int width = type <= 0x03 ? 1 << type : type == 0x0A ? 4 : type == 0x0B ? 8 : 0;
            Little(d, ref pos, width);
        }
        else
        {
            throw new FormatException($"unknown TLV element type 0x{type:X2}");
        }
        return e;
    }

    private static byte Take(byte[] d, ref int pos) => pos < d.Length ? d[pos++] : throw new FormatException("the TLV ends in the middle of an element");

    private static ulong Little(byte[] d, ref int pos, int width)
    {
        ulong v = 0;
        for (int i = 0; i < width; i++)
        {
            v |= (ulong)Take(d, ref pos) << (8 * i);
        }
        return v;
    }
}
