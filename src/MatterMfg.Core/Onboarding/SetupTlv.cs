using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.Onboarding;

/// <summary>
/// The optional data after the 11 packed bytes of a QR payload (connectedhomeip
/// <c>generateTLVFromOptionalData</c>): one anonymous TLV structure of context-tagged strings and integers, vendor
/// elements first, then the Matter-defined ones, each in ascending tag order, integers in their minimal width.
/// </summary>
internal static class SetupTlv
{
    private const byte StructureStart = 0x15;
    private const byte EndOfContainer = 0x18;
    private const byte ContextTag = 0x20;
    private const byte SignedInt = 0x00;
    private const byte UnsignedInt = 0x04;
    private const byte Utf8String = 0x0C;

    public static byte[] Encode(IReadOnlyList<SetupPayloadElement> elements)
    {
        if (elements.Count == 0)
        {
            return Array.Empty<byte>();
        }
        var ms = new MemoryStream();
        ms.WriteByte(StructureStart);
        foreach (var e in elements.Where(e => e.IsVendorTag).OrderBy(e => e.Tag).Concat(elements.Where(e => !e.IsVendorTag).OrderBy(e => e.Tag)))
        {
            switch (e.Value)
            {
                case string s:
                    byte[] text = Encoding.UTF8.GetBytes(s);
                    int lenBytes = text.Length <= byte.MaxValue ? 1 : 2;
                    WriteHead(ms, (byte)(Utf8String + (lenBytes - 1)), e.Tag);
                    WriteLittleEndian(ms, (ulong)text.Length, lenBytes);
                    ms.Write(text, 0, text.Length);
                    break;
                case long v:
                    int sw = v >= sbyte.MinValue && v <= sbyte.MaxValue ? 1 : v >= short.MinValue && v <= short.MaxValue ? 2 : v >= int.MinValue && v <= int.MaxValue ? 4 : 8;
                    WriteHead(ms, (byte)(SignedInt + WidthCode(sw)), e.Tag);
                    WriteLittleEndian(ms, (ulong)v, sw);
                    break;
                case ulong u:
                    int uw = u <= byte.MaxValue ? 1 : u <= ushort.MaxValue ? 2 : u <= uint.MaxValue ? 4 : 8;
                    WriteHead(ms, (byte)(UnsignedInt + WidthCode(uw)), e.Tag);
                    WriteLittleEndian(ms, u, uw);
                    break;
            }
        }
        ms.WriteByte(EndOfContainer);
        return ms.ToArray();
    }

    public static List<SetupPayloadElement> Decode(byte[] data, int offset, string text)
    {
        var result = new List<SetupPayloadElement>();
        int p = offset;
        byte Next(string what)
        {
            if (p >= data.Length)
            {
                throw Bad(text, $"the optional data ends inside {what} (offset {p - offset}).");
            }
            return data[p++];
        }
        if (Next("the structure") != StructureStart)
        {
            throw Bad(text, $"the optional data must be an anonymous TLV structure (0x15), found 0x{data[offset]:X2}.");
        }
        while (true)
        {
            int at = p - offset;
            byte control = Next("an element");
            if (control == EndOfContainer)
            {
                break;
            }
            if ((control & 0xE0) != ContextTag)
            {
                throw Bad(text, $"the TLV element at offset {at} does not have a context tag (control 0x{control:X2}).");
            }
            byte tag = Next("a tag");
            int type = control & 0x1F;
            ulong ReadLittleEndian(int width)
            {
                ulong v = 0;
                for (int i = 0; i < width; i++)
                {
                    v |= (ulong)Next("an integer") << (8 * i);
                }
                return v;
            }
            int width = 1 << (type & 3);
            SetupPayloadElement e;
            if (type <= 0x03)
            {
                ulong raw = ReadLittleEndian(width);
                int shift = 64 - 8 * width;
                e = new SetupPayloadElement(tag, (long)(raw << shift) >> shift);
            }
            else if (type <= 0x07)
            {
                e = new SetupPayloadElement(tag, ReadLittleEndian(width));
            }
            else if (type >= Utf8String && type <= Utf8String + 3)
            {
                ulong len = ReadLittleEndian(width);
                if (len > (ulong)(data.Length - p))
                {
                    throw Bad(text, $"the string of tag 0x{tag:X2} is {len} bytes long but only {data.Length - p} remain.");
                }
                try
                {
                    e = new SetupPayloadElement(tag, new UTF8Encoding(false, true).GetString(data, p, (int)len));
                }
                catch (DecoderFallbackException)
                {
                    throw Bad(text, $"the string of tag 0x{tag:X2} is not valid UTF-8.");
                }
                p += (int)len;
            }
            else
            {
                throw Bad(text, $"the TLV element of tag 0x{tag:X2} has type 0x{type:X2}; only strings and integers are defined here.");
            }
            if (result.Any(x => x.Tag == tag))
            {
                throw Bad(text, $"tag 0x{tag:X2} appears twice in the optional data.");
            }
            result.Add(e);
        }
        if (p != data.Length)
        {
            throw Bad(text, $"{data.Length - p} byte(s) follow the end of the optional data structure.");
        }
        return result;
    }

    /// <summary>The type and range rules of the Matter-defined tags (connectedhomeip <c>SetupPayload.cpp</c>).</summary>
    public static void Validate(IReadOnlyList<SetupPayloadElement> elements)
    {
        foreach (var group in elements.GroupBy(e => e.Tag).Where(g => g.Count() > 1))
        {
            throw Invalid($"tag 0x{group.Key:X2} is given more than once.");
        }
        foreach (var e in elements.Where(e => !e.IsVendorTag))
        {
            string? problem = e.Tag switch
            {
                SetupPayloadElement.SerialNumberTag => e.Value is string || e.Value is ulong u0 && u0 <= uint.MaxValue ? null : "the serial number (tag 0x00) is a string or an unsigned 32-bit integer",
                SetupPayloadElement.PbkdfIterationsTag => e.Value is ulong u1 && u1 >= 1000 && u1 <= 100000 ? null : "the PBKDF iterations (tag 0x01) are an unsigned integer 1000..100000",
                SetupPayloadElement.PbkdfSaltTag => e.Value is string ? null : "the PBKDF salt (tag 0x02) is a string",
                SetupPayloadElement.NumberOfDevicesTag => e.Value is ulong u3 && u3 >= 1 && u3 <= 255 ? null : "the number of devices (tag 0x03) is an unsigned integer 1..255",
                SetupPayloadElement.CommissioningTimeoutTag => e.Value is ulong ? null : "the commissioning timeout (tag 0x04) is an unsigned integer",
                _ => $"tag 0x{e.Tag:X2} is not a Matter-defined optional data tag (0x00..0x04; vendor tags are 0x80..0xFF)",
            };
            if (problem != null)
            {
                throw Invalid($"{problem}, got {e.Value.GetType().Name} {e.Value}.");
            }
        }
    }

    private static void WriteHead(Stream s, byte type, byte tag)
    {
        s.WriteByte((byte)(ContextTag | type));
        s.WriteByte(tag);
    }

    private static void WriteLittleEndian(Stream s, ulong v, int width)
    {
        for (int i = 0; i < width; i++)
        {
            s.WriteByte((byte)(v >> (8 * i)));
        }
    }

    private static int WidthCode(int width) => width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : 3;

    private static MfgException Bad(string text, string reason) =>
        new(ErrorIds.QrCodeOptionalDataInvalid, MfgErrorKind.InvalidArgument, $"QrCode: {reason}", text);

    private static MfgException Invalid(string reason) =>
        new(ErrorIds.OptionalDataInvalid, MfgErrorKind.InvalidArgument, $"OptionalData: {reason}", "OptionalData");
}
