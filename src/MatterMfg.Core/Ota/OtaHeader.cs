using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using MatterMfg.Diagnostics;
using MatterMfg.Tlv;

namespace MatterMfg.Ota;

/// <summary>
/// A Matter OTA image header (Matter core spec 11.21.2, connectedhomeip ota_image_tool.py): the fixed part
/// <c>&lt;IQI</c> (magic 0x1BEEF11E, total file size, header TLV size, little-endian) and the header TLV, an anonymous
/// structure of context tags 0..9 in ascending order. The payload follows it.
/// </summary>
public sealed class OtaHeader
{
    /// <summary>The first four bytes of every image (little-endian).</summary>
    public const uint Magic = 0x1BEEF11E;

    /// <summary>Magic (4) + total size (8) + header TLV size (4).</summary>
    public const int FixedSize = 16;

    // Header TLV tags (Matter core spec table "OTA image header").
    internal const byte TagVendorId = 0, TagProductId = 1, TagVersion = 2, TagVersionString = 3, TagPayloadSize = 4,
        TagMinVersion = 5, TagMaxVersion = 6, TagReleaseNotesUrl = 7, TagDigestType = 8, TagDigest = 9;

    public OtaHeader(OtaHeaderFields fields, ulong payloadSize, byte[] digest)
    {
        Fields = fields;
        PayloadSize = payloadSize;
        Digest = digest;
    }

    /// <summary>Vendor, product, versions, URL and digest algorithm.</summary>
    public OtaHeaderFields Fields { get; }

    /// <summary>Tag 4: payload size in bytes.</summary>
    public ulong PayloadSize { get; }

    /// <summary>Tag 9: the payload digest.</summary>
    public byte[] Digest { get; }

    /// <summary>The header TLV: tags 0..9 in ascending order, integers in their smallest width (as chip's TLVWriter sorts a dict).</summary>
    internal byte[] EncodeTlv()
    {
        var f = Fields;
        var w = new TlvWriter();
        w.StartStructure();
        w.UInt(TagVendorId, f.VendorId);
        w.UInt(TagProductId, f.ProductId);
        w.UInt(TagVersion, f.SoftwareVersion);
        w.Utf8(TagVersionString, f.SoftwareVersionString);
        w.UInt(TagPayloadSize, PayloadSize);
        if (f.MinApplicableVersion is uint min)
        {
            w.UInt(TagMinVersion, min);
        }
        if (f.MaxApplicableVersion is uint max)
        {
            w.UInt(TagMaxVersion, max);
        }
        if (f.ReleaseNotesUrl != null)
        {
            w.Utf8(TagReleaseNotesUrl, f.ReleaseNotesUrl);
        }
        w.UInt(TagDigestType, (ulong)f.DigestAlgorithm);
        w.ByteString(TagDigest, Digest);
        w.End();
        return w.ToArray();
    }

    /// <summary>The fixed header and the header TLV, ready to be followed by the payload.</summary>
    internal byte[] Encode()
    {
        byte[] tlv = EncodeTlv();
        byte[] all = new byte[FixedSize + tlv.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(all.AsSpan(0), Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(all.AsSpan(4), (ulong)all.Length + PayloadSize);
        BinaryPrimitives.WriteUInt32LittleEndian(all.AsSpan(12), (uint)tlv.Length);
        Buffer.BlockCopy(tlv, 0, all, FixedSize, tlv.Length);
        return all;
    }

    /// <summary>
    /// Decodes the header TLV read from <paramref name="source"/> at file offset <paramref name="fileOffset"/>. Tags must
    /// be ascending (a device's parser reads them in order); unknown tags after 9 are skipped, as devices skip them.
    /// Errors are <see cref="ErrorIds.OtaHeaderInvalid"/> naming the file offset.
    /// </summary>
    internal static OtaHeader DecodeTlv(byte[] tlv, long fileOffset, string source)
    {
        TlvElement root;
        try
        {
            root = TlvReader.ReadSingle(tlv, fileOffset);
        }
        catch (FormatException e)
        {
            throw Bad(source, $"the header TLV is malformed: {e.Message}.");
        }
        if (root.Kind != "struct" || root.Tag != null)
        {
            throw Bad(source, $"the header TLV at offset {fileOffset} is not an anonymous structure.");
        }
        var byTag = new Dictionary<byte, TlvElement>();
        int last = -1;
        foreach (var e in root.Items)
        {
            if (e.Tag is not byte tag)
            {
                throw Bad(source, $"the header element at offset {e.Offset} has no context tag.");
            }
            if (tag <= last)
            {
                throw Bad(source, $"header tag {tag} at offset {e.Offset} is out of order or repeated (tags must ascend).");
            }
            last = tag;
            byTag[tag] = e;
        }
        TlvElement? Get(byte tag, string name, string kind, bool required)
        {
            if (!byTag.TryGetValue(tag, out var e))
            {
                return required ? throw Bad(source, $"the header has no {name} (tag {tag}).") : null;
            }
            return e.Kind == kind ? e : throw Bad(source, $"the {name} (tag {tag}) at offset {e.Offset} is a TLV {e.Kind}, not a {kind}.");
        }
        ulong UInt(byte tag, string name, ulong max)
        {
            var e = Get(tag, name, "uint", true)!;
            return e.UInt <= max ? e.UInt : throw Bad(source, $"the {name} (tag {tag}) at offset {e.Offset} is {e.UInt}, above its maximum {max}.");
        }
        uint? OptionalUInt32(byte tag, string name)
        {
            var e = Get(tag, name, "uint", false);
            return e == null ? null : e.UInt <= uint.MaxValue ? (uint)e.UInt : throw Bad(source, $"the {name} (tag {tag}) at offset {e.Offset} is {e.UInt}, above its maximum {uint.MaxValue}.");
        }
        string? Text(byte tag, string name, bool required)
        {
            var e = Get(tag, name, "utf8", required);
            if (e == null)
            {
                return null;
            }
            try
            {
                return new UTF8Encoding(false, true).GetString(e.Bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Bad(source, $"the {name} (tag {tag}) at offset {e.Offset} is not valid UTF-8.");
            }
        }
        var fields = new OtaHeaderFields
        {
            VendorId = (ushort)UInt(TagVendorId, "vendor id", ushort.MaxValue),
            ProductId = (ushort)UInt(TagProductId, "product id", ushort.MaxValue),
            SoftwareVersion = (uint)UInt(TagVersion, "software version", uint.MaxValue),
            SoftwareVersionString = Text(TagVersionString, "software version string", true)!,
            MinApplicableVersion = OptionalUInt32(TagMinVersion, "min applicable version"),
            MaxApplicableVersion = OptionalUInt32(TagMaxVersion, "max applicable version"),
            ReleaseNotesUrl = Text(TagReleaseNotesUrl, "release notes URL", false),
        };
        ulong payloadSize = UInt(TagPayloadSize, "payload size", ulong.MaxValue);
        var typeElement = Get(TagDigestType, "digest type", "uint", true)!;
        if (!OtaDigests.IsDefined(typeElement.UInt))
        {
            throw Bad(source, $"the digest type (tag 8) at offset {typeElement.Offset} is {typeElement.UInt}, not a Matter OTA digest algorithm (1..12).");
        }
        fields.DigestAlgorithm = (OtaDigestAlgorithm)typeElement.UInt;
        var digest = Get(TagDigest, "digest", "bytes", true)!;
        int expected = OtaDigests.Length(fields.DigestAlgorithm);
        if (digest.Bytes.Length != expected)
        {
            throw Bad(source, $"the digest (tag 9) at offset {digest.Offset} is {digest.Bytes.Length} bytes; {OtaDigests.Name(fields.DigestAlgorithm)} gives {expected}.");
        }
        return new OtaHeader(fields, payloadSize, digest.Bytes);
    }

    /// <summary>The one wording of <see cref="ErrorIds.OtaHeaderInvalid"/>: <c>'&lt;source&gt;': &lt;reason&gt;</c> (the reason is a sentence).</summary>
    internal static MfgException Bad(string source, string reason) =>
        new(ErrorIds.OtaHeaderInvalid, MfgErrorKind.InvalidData, $"'{source}': {reason}", source);
}
