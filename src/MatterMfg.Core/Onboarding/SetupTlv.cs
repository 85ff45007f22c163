using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MatterMfg.Diagnostics;
using MatterMfg.Tlv;

namespace MatterMfg.Onboarding;

/// <summary>
/// The optional data after the 11 packed bytes of a QR payload (connectedhomeip
/// <c>generateTLVFromOptionalData</c>): one anonymous TLV structure of context-tagged strings and integers, vendor
/// elements first, then the Matter-defined ones, each in ascending tag order, integers in their minimal width.
/// </summary>
internal static class SetupTlv
{
    public static byte[] Encode(IReadOnlyList<SetupPayloadElement> elements)
    {
        if (elements.Count == 0)
        {
            return Array.Empty<byte>();
        }
        var w = new TlvWriter();
        w.StartStructure();
        foreach (var e in elements.Where(e => e.IsVendorTag).OrderBy(e => e.Tag).Concat(elements.Where(e => !e.IsVendorTag).OrderBy(e => e.Tag)))
        {
            switch (e.Value)
            {
                case string s:
                    w.Utf8(e.Tag, s);
                    break;
                case long v:
                    w.Int(e.Tag, v);
                    break;
                case ulong u:
                    w.UInt(e.Tag, u);
                    break;
            }
        }
        w.End();
        return w.ToArray();
    }

    public static List<SetupPayloadElement> Decode(byte[] data, int offset, string text)
    {
        byte[] tlv = new byte[data.Length - offset];
        Buffer.BlockCopy(data, offset, tlv, 0, tlv.Length);
        TlvElement root;
        try
        {
            root = TlvReader.ReadSingle(tlv);
        }
        catch (FormatException e)
        {
            throw Bad(text, $"the optional data is not valid TLV: {e.Message}.");
        }
        if (root.Kind != "struct" || root.Tag != null)
        {
            throw Bad(text, $"the optional data must be an anonymous TLV structure (0x15), found 0x{tlv[0]:X2}.");
        }
        var result = new List<SetupPayloadElement>();
        foreach (var item in root.Items)
        {
            if (item.Tag is not byte tag)
            {
                throw Bad(text, $"the TLV element at offset {item.Offset} does not have a context tag (control 0x{tlv[item.Offset]:X2}).");
            }
            SetupPayloadElement e;
            switch (item.Kind)
            {
                case "int":
                    e = new SetupPayloadElement(tag, item.Int);
                    break;
                case "uint":
                    e = new SetupPayloadElement(tag, item.UInt);
                    break;
                case "utf8":
                    try
                    {
                        e = new SetupPayloadElement(tag, new UTF8Encoding(false, true).GetString(item.Bytes));
                    }
                    catch (DecoderFallbackException)
                    {
                        throw Bad(text, $"the string of tag 0x{tag:X2} is not valid UTF-8.");
                    }
                    break;
                default:
                    throw Bad(text, $"the TLV element of tag 0x{tag:X2} has type 0x{tlv[item.Offset] & 0x1F:X2}; only strings and integers are defined here.");
            }
            if (result.Any(x => x.Tag == tag))
            {
                throw Bad(text, $"tag 0x{tag:X2} appears twice in the optional data.");
            }
            result.Add(e);
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

    private static MfgException Bad(string text, string reason) =>
        new(ErrorIds.QrCodeOptionalDataInvalid, MfgErrorKind.InvalidArgument, $"QrCode: {reason}", text);

    private static MfgException Invalid(string reason) =>
        new(ErrorIds.OptionalDataInvalid, MfgErrorKind.InvalidArgument, $"OptionalData: {reason}", "OptionalData");
}
