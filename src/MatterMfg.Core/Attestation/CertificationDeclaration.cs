using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MatterMfg.Diagnostics;
using MatterMfg.Tlv;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;

namespace MatterMfg.Attestation;

/// <summary>The content of a certification declaration: the fields of its TLV payload (Matter core spec §6.3.1).</summary>
public class CertificationElements
{
    /// <summary>Tag 0: format version (1).</summary>
    public int FormatVersion { get; set; } = 1;

    /// <summary>Tag 1: the vendor id (not 0).</summary>
    public ushort VendorId { get; set; }

    /// <summary>Tag 2: 1..100 product ids, none 0.</summary>
    public IReadOnlyList<ushort> ProductIds { get; set; } = Array.Empty<ushort>();

    /// <summary>Tag 3: the primary device type id.</summary>
    public uint DeviceTypeId { get; set; }

    /// <summary>Tag 4: exactly 19 characters, e.g. ZIG20141ZB330001-24.</summary>
    public string CertificateId { get; set; } = "";

    /// <summary>Tag 5.</summary>
    public byte SecurityLevel { get; set; }

    /// <summary>Tag 6.</summary>
    public ushort SecurityInformation { get; set; }

    /// <summary>Tag 7: not 0.</summary>
    public ushort VersionNumber { get; set; }

    /// <summary>Tag 8: 0 development and test, 1 provisional, 2 official.</summary>
    public byte CertificationType { get; set; }

    /// <summary>Tag 9: the VID of the DACs when they are not the product's own (with tag 10).</summary>
    public ushort? DacOriginVendorId { get; set; }

    /// <summary>Tag 10.</summary>
    public ushort? DacOriginProductId { get; set; }

    /// <summary>Tag 11: up to 10 PAA subject key ids (20 bytes each) allowed to root the DACs.</summary>
    public IReadOnlyList<byte[]> AuthorizedPaaKeyIds { get; set; } = Array.Empty<byte[]>();

    /// <summary>"DevelopmentAndTest", "Provisional", "Official", or the number.</summary>
    public string CertificationTypeName => CertificationType switch
    {
        0 => "DevelopmentAndTest",
        1 => "Provisional",
        2 => "Official",
        _ => CertificationType.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>True when the CD covers the device <paramref name="vendorId"/>/<paramref name="productId"/>.</summary>
    public bool Covers(ushort vendorId, ushort productId) => VendorId == vendorId && ProductIds.Contains(productId);
}

/// <summary>
/// A certification declaration: a DER CMS SignedData (no certificates, no signed attributes, signer identified by
/// subject key id, ecdsa-with-SHA256 over the TLV content) around the TLV <see cref="CertificationElements"/>, exactly
/// the profile connectedhomeip's <c>CMS_Sign</c>/<c>CMS_Verify</c> and <c>chip-cert gen-cd</c> use.
/// </summary>
public sealed class CertificationDeclaration : CertificationElements
{
    private const int MaxProductIds = 100;
    private const int MaxAuthorizedPaas = 10;
    private const int CertificateIdLength = 19;
    private const int MaxDerLength = 64 * 1024;
    private const int MaxDerDepth = 16;

    private CertificationDeclaration()
    {
    }

    /// <summary>The whole CMS DER, as stored in the NVS <c>cert-dclrn</c> blob.</summary>
    public byte[] Der { get; private set; } = Array.Empty<byte>();

    /// <summary>The signed TLV payload.</summary>
    public byte[] Content { get; private set; } = Array.Empty<byte>();

    /// <summary>The signer's subject key id (20 bytes).</summary>
    public byte[] SignerKeyId { get; private set; } = Array.Empty<byte>();

    /// <summary>The DER ECDSA signature over <see cref="Content"/>.</summary>
    public byte[] Signature { get; private set; } = Array.Empty<byte>();

    /// <summary>Where it was read from, for messages.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Signer key id as hex.</summary>
    public string SignerKeyIdHex => MatterCertificate.Hex(SignerKeyId);

    /// <summary>True when the signer is the public Matter test CD signing key: the CD is test-only.</summary>
    public bool IsTestPki => SignerKeyId.SequenceEqual(MatterTestPki.CdSignerKeyId);

    /// <summary>Reads a CD file (CMS DER).</summary>
    public static CertificationDeclaration Read(string path) => Decode(AttestationCredentials.ReadFile(path, "certification declaration"), path);

    /// <summary>
    /// Decodes a CD strictly. Anything that is not one (empty, truncated, not DER, another CMS profile, a malformed TLV
    /// payload) throws <see cref="ErrorIds.CertificationDeclarationMalformed"/> naming <paramref name="source"/> and what is
    /// wrong; no other exception escapes. The signature is not checked here (see <see cref="CertificationDeclarationTrust"/>).
    /// </summary>
    public static CertificationDeclaration Decode(byte[] der, string source)
    {
        if (der.Length == 0)
        {
            throw Malformed(source, "the file is empty", null);
        }
        if (der.Length > MaxDerLength)
        {
            throw Malformed(source, $"it is {der.Length} bytes, far larger than any CD (a Matter CD is under 1 KB)", null);
        }
        if (CheckDerShape(der) is string shape)
        {
            throw Malformed(source, shape, null);
        }
        var cd = new CertificationDeclaration { Der = (byte[])der.Clone(), Source = source };
        try
        {
            DecodeEnvelope(cd, der);
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw Malformed(source, e is FormatException ? e.Message : "it is not a well-formed DER CMS SignedData (" + e.Message.TrimEnd('.') + ")", e);
        }
        try
        {
            DecodeContent(cd, TlvReader.ReadSingle(cd.Content));
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw Malformed(source, "its TLV payload is malformed: " + e.Message.TrimEnd('.'), e);
        }
        return cd;
    }

    /// <summary>
    /// A damaged file can make the ASN.1 and TLV parsers fail in many ways (BouncyCastle's IOException, cast and argument
    /// errors, a null for a missing element, an index past the end): all of them mean "not a CD".
    /// </summary>
    private static bool IsParseFailure(Exception e) =>
        e is not MfgException && e is not OutOfMemoryException && e is not System.Threading.ThreadAbortException;

    /// <summary>
    /// Walks the DER tag-length-value structure without recursion before BouncyCastle sees it: a truncated element, an
    /// indefinite (BER) length or a nesting deeper than any CD gets a precise reason, and a hostile file cannot exhaust
    /// the parser's stack. Null when the shape is sound.
    /// </summary>
    private static string? CheckDerShape(byte[] d)
    {
        if (d[0] != 0x30)
        {
            string start = Encoding.ASCII.GetString(d, 0, Math.Min(d.Length, 11));
            return start.StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? "it is PEM text; a CD is a binary DER file (CMS SignedData)"
                : $"it is not DER: a CD starts with a SEQUENCE (0x30), this file with 0x{d[0]:X2}";
        }
        var ends = new Stack<int>();
        ends.Push(d.Length);
        int pos = 0;
        while (pos < d.Length)
        {
            while (pos == ends.Peek() && ends.Count > 1)
            {
                ends.Pop();
            }
            if (pos >= d.Length)
            {
                break;
            }
            int start = pos, end = ends.Peek();
            byte tag = d[pos++];
            if ((tag & 0x1F) == 0x1F)
            {
                return $"the element at offset {start} uses a high tag number, which a CD never does";
            }
            if (pos >= end)
            {
                return $"it is truncated: the element at offset {start} has no length";
            }
            int lengthByte = d[pos++];
            long length;
            if (lengthByte < 0x80)
            {
                length = lengthByte;
            }
            else if (lengthByte == 0x80)
            {
                return $"the element at offset {start} has an indefinite length (BER), which DER does not allow";
            }
            else
            {
                int n = lengthByte & 0x7F;
                if (n > 4 || pos + n > end)
                {
                    return $"it is truncated or damaged: the length of the element at offset {start} is cut off or absurd";
                }
                length = 0;
                for (int i = 0; i < n; i++)
                {
                    length = (length << 8) | d[pos++];
                }
            }
            if (pos + length > end)
            {
                return $"it is truncated: the element at offset {start} needs {length} bytes of content, but only {end - pos} follow";
            }
            if ((tag & 0x20) != 0)
            {
                if (ends.Count > MaxDerDepth)
                {
                    return $"it is nested more than {MaxDerDepth} levels deep, which no CD is";
                }
                ends.Push((int)(pos + length));
            }
            else
            {
                pos += (int)length;
            }
        }
        return null;
    }

    private static MfgException Malformed(string source, string reason, Exception? inner) =>
        new(ErrorIds.CertificationDeclarationMalformed, MfgErrorKind.InvalidData, $"The certification declaration '{source}' is malformed: {reason}.", source, inner);

    /// <summary>True when the signature verifies under <paramref name="signer"/> (see <see cref="CertificationDeclarationTrust"/>); else <paramref name="why"/> says what failed.</summary>
    public bool VerifySignature(MatterCertificate signer, out string why) =>
        CertificationDeclarationTrust.TryVerify(this, CdSigningKey.FromCertificate(signer), out why) != null;

    /// <summary>
    /// Encodes and signs a CD (what <c>chip-cert gen-cd</c> does); the rules chip-cert enforces are checked first.
    /// <paramref name="signer"/> gives the signer key id; <paramref name="signerKey"/> must be its key.
    /// </summary>
    public static CertificationDeclaration Create(CertificationElements e, MatterCertificate signer, P256Key signerKey)
    {
        Validate(e);
        AttestationCredentials.CheckKeyMatches(signer, signerKey, "CD signing", "the CD signing key");
        byte[] skid = signer.SubjectKeyId ?? throw new MfgException(ErrorIds.CdSignerWithoutKeyId, MfgErrorKind.InvalidData,
            $"The CD signing certificate '{signer.Source}' has no subject key identifier, which a CD names its signer by.", signer.Source);
        byte[] content = EncodeContent(e);
        byte[] signature = signerKey.Sign(content);
        var sha256 = new DerSequence(NistObjectIdentifiers.IdSha256);
        var signerInfo = new DerSequence(
            DerInteger.ValueOf(3),
            new DerTaggedObject(false, 0, new DerOctetString(skid)),
            sha256,
            new DerSequence(MatterCertificate.EcdsaWithSha256),
            new DerOctetString(signature));
        var signedData = new DerSequence(
            DerInteger.ValueOf(3),
            new DerSet(sha256),
            new DerSequence(PkcsObjectIdentifiers.Data, new DerTaggedObject(true, 0, new DerOctetString(content))),
            new DerSet(signerInfo));
        byte[] der = new DerSequence(PkcsObjectIdentifiers.SignedData, new DerTaggedObject(true, 0, signedData)).GetDerEncoded();
        return Decode(der, "new certification declaration");
    }

    /// <summary>The TLV payload of <paramref name="e"/> (minimal integer widths, tags in order).</summary>
    public static byte[] EncodeContent(CertificationElements e)
    {
        var w = new TlvWriter();
        w.StartStructure();
        w.UInt(0, (ulong)e.FormatVersion);
        w.UInt(1, e.VendorId);
        w.StartArray(2);
        foreach (ushort pid in e.ProductIds)
        {
            w.UInt(null, pid);
        }
        w.End();
        w.UInt(3, e.DeviceTypeId);
        w.Utf8(4, e.CertificateId);
        w.UInt(5, e.SecurityLevel);
        w.UInt(6, e.SecurityInformation);
        w.UInt(7, e.VersionNumber);
        w.UInt(8, e.CertificationType);
        if (e.DacOriginVendorId is ushort ovid && e.DacOriginProductId is ushort opid)
        {
            w.UInt(9, ovid);
            w.UInt(10, opid);
        }
        if (e.AuthorizedPaaKeyIds.Count > 0)
        {
            w.StartArray(11);
            foreach (byte[] k in e.AuthorizedPaaKeyIds)
            {
                w.ByteString(null, k);
            }
            w.End();
        }
        w.End();
        return w.ToArray();
    }

    private static void Validate(CertificationElements e)
    {
        void Check(bool ok, string errorId, string field, string message)
        {
            if (!ok)
            {
                throw new MfgException(errorId, MfgErrorKind.InvalidArgument, message, field);
            }
        }
        Check(e.FormatVersion >= 0 && e.FormatVersion <= 0xFF, ErrorIds.CdFormatVersionInvalid, "FormatVersion", $"The CD format version {e.FormatVersion} is not 0..255 (Matter uses 1).");
        Check(e.VendorId != 0, ErrorIds.CdVendorIdInvalid, "VendorId", "The CD vendor id must not be 0.");
        Check(e.ProductIds.Count >= 1 && e.ProductIds.Count <= MaxProductIds, ErrorIds.CdProductIdCount, "ProductId", $"A CD lists 1..{MaxProductIds} product ids (got {e.ProductIds.Count}).");
        Check(!e.ProductIds.Contains((ushort)0), ErrorIds.CdProductIdInvalid, "ProductId", "The CD product ids must not be 0.");
        Check(e.CertificateId.Length == CertificateIdLength, ErrorIds.CdCertificateIdLength, "CertificateId",
            $"The CD certificate id '{e.CertificateId}' is {e.CertificateId.Length} characters; it must be exactly {CertificateIdLength} (e.g. ZIG20141ZB330001-24).");
        Check(e.VersionNumber != 0, ErrorIds.CdVersionNumberInvalid, "VersionNumber", "The CD version number must not be 0.");
        Check(e.CertificationType <= 2, ErrorIds.CdCertificationTypeInvalid, "CertificationType", $"The CD certification type {e.CertificationType} is not 0 (development and test), 1 (provisional) or 2 (official).");
        Check((e.DacOriginVendorId == null) == (e.DacOriginProductId == null), ErrorIds.CdDacOriginIncomplete, "DacOriginVendorId", "The CD DAC origin vendor id and product id go together: give both or neither.");
        Check(e.AuthorizedPaaKeyIds.Count <= MaxAuthorizedPaas, ErrorIds.CdAuthorizedPaaCount, "AuthorizedPaaKeyId", $"A CD lists at most {MaxAuthorizedPaas} authorized PAAs (got {e.AuthorizedPaaKeyIds.Count}).");
        if (e.AuthorizedPaaKeyIds.FirstOrDefault(k => k.Length != 20) is { } wrong)
        {
            throw AuthorizedPaaKeyIdInvalid(Text.HexText.Lower(wrong), $"is {wrong.Length} bytes");
        }
    }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.CdAuthorizedPaaInvalid"/>: <c>The authorized PAA key id '&lt;given&gt;' &lt;what is
    /// wrong&gt;; each is a 20-byte subject key id (40 hex digits).</c>
    /// </summary>
    public static MfgException AuthorizedPaaKeyIdInvalid(string given, string what) =>
        new(ErrorIds.CdAuthorizedPaaInvalid, MfgErrorKind.InvalidArgument,
            $"The authorized PAA key id '{given}' {what}; each is a 20-byte subject key id (40 hex digits).", "AuthorizedPaaKeyId");

    private static void DecodeEnvelope(CertificationDeclaration cd, byte[] der)
    {
        var contentInfo = Asn1Object.FromByteArray(der) as Asn1Sequence ?? throw new FormatException("it is not a DER SEQUENCE (a CMS ContentInfo)");
        Require(contentInfo.Count == 2 && PkcsObjectIdentifiers.SignedData.Equals(contentInfo[0]), "it is not a CMS SignedData ContentInfo");
        var explicitTag = Asn1TaggedObject.GetInstance(contentInfo[1]);
        Require(explicitTag.TagNo == 0, "the SignedData is not under [0]");
        var sd = Asn1Sequence.GetInstance(explicitTag.GetExplicitBaseObject());
        Require(sd.Count >= 4, "the SignedData is incomplete");
        Require(DerInteger.GetInstance(sd[0]).HasValue(3), "the SignedData version is not 3");
        var digests = Asn1Set.GetInstance(sd[1]);
        Require(digests.Count == 1 && IsSha256(digests[0]), "the digest algorithm is not SHA-256");
        var encap = Asn1Sequence.GetInstance(sd[2]);
        Require(encap.Count == 2 && PkcsObjectIdentifiers.Data.Equals(encap[0]), "the encapsulated content is not id-data");
        cd.Content = Asn1OctetString.GetInstance(Asn1TaggedObject.GetInstance(encap[1]).GetExplicitBaseObject()).GetOctets();
        // Certificates [0] and CRLs [1] are not part of the Matter profile; skip them if a tool added some.
        var signerInfos = Asn1Set.GetInstance(sd[sd.Count - 1]);
        Require(signerInfos.Count == 1, $"it has {signerInfos.Count} signer infos, not 1");
        var si = Org.BouncyCastle.Asn1.Cms.SignerInfo.GetInstance(signerInfos[0]);
        Require(si.Version.HasValue(3), "the signer info version is not 3");
        Require(si.SignerID.IsTagged, "the signer is not identified by subject key id");
        cd.SignerKeyId = Asn1OctetString.GetInstance(si.SignerID.ID).GetOctets();
        Require(IsSha256(si.DigestAlgorithm), "the signer digest algorithm is not SHA-256");
        Require(si.SignatureAlgorithm.Algorithm.Equals(MatterCertificate.EcdsaWithSha256), "the signature algorithm is not ecdsa-with-SHA256");
        Require(si.SignedAttrs == null, "it has signed attributes, which the Matter profile does not use");
        cd.Signature = si.Signature.GetOctets();
    }

    private static bool IsSha256(Asn1Encodable alg) => Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier.GetInstance(alg).Algorithm.Equals(NistObjectIdentifiers.IdSha256);

    private static void DecodeContent(CertificationDeclaration cd, TlvElement root)
    {
        if (root.Kind != "struct" || root.Tag != null)
        {
            throw new FormatException("it is not an anonymous TLV structure");
        }
        var byTag = new Dictionary<byte, TlvElement>();
        int last = -1;
        foreach (var e in root.Items)
        {
            if (e.Tag is not byte tag)
            {
                throw new FormatException("an element has no context tag");
            }
            if (tag <= last)
            {
                throw new FormatException($"element {tag} is out of order or repeated");
            }
            last = tag;
            byTag[tag] = e;
        }
        TlvElement Get(byte tag, string name, string kind) =>
            byTag.TryGetValue(tag, out var e) ? (e.Kind == kind ? e : throw new FormatException($"{name} (tag {tag}) is a {e.Kind}, not a {kind}")) : throw new FormatException($"{name} (tag {tag}) is missing");
        ulong UInt(byte tag, string name, ulong max)
        {
            ulong v = Get(tag, name, "uint").UInt;
            return v <= max ? v : throw new FormatException($"{name} {v} does not fit its type");
        }
        cd.FormatVersion = (int)UInt(0, "format_version", 0xFF);
        cd.VendorId = (ushort)UInt(1, "vendor_id", 0xFFFF);
        var pids = Get(2, "product_id_array", "array").Items;
        if (pids.Count < 1 || pids.Count > MaxProductIds || pids.Any(p => p.Kind != "uint" || p.UInt > 0xFFFF))
        {
            throw new FormatException($"product_id_array must hold 1..{MaxProductIds} uint16 values");
        }
        cd.ProductIds = pids.Select(p => (ushort)p.UInt).ToList();
        cd.DeviceTypeId = (uint)UInt(3, "device_type_id", 0xFFFFFFFF);
        cd.CertificateId = Encoding.UTF8.GetString(Get(4, "certificate_id", "utf8").Bytes);
        if (cd.CertificateId.Length != CertificateIdLength)
        {
            throw new FormatException($"certificate_id '{cd.CertificateId}' is not {CertificateIdLength} characters");
        }
        cd.SecurityLevel = (byte)UInt(5, "security_level", 0xFF);
        cd.SecurityInformation = (ushort)UInt(6, "security_information", 0xFFFF);
        cd.VersionNumber = (ushort)UInt(7, "version_number", 0xFFFF);
        cd.CertificationType = (byte)UInt(8, "certification_type", 0xFF);
        if (byTag.ContainsKey(9) != byTag.ContainsKey(10))
        {
            throw new FormatException("dac_origin_vendor_id and dac_origin_product_id must appear together");
        }
        if (byTag.ContainsKey(9))
        {
            cd.DacOriginVendorId = (ushort)UInt(9, "dac_origin_vendor_id", 0xFFFF);
            cd.DacOriginProductId = (ushort)UInt(10, "dac_origin_product_id", 0xFFFF);
        }
        if (byTag.ContainsKey(11))
        {
            var paas = Get(11, "authorized_paa_list", "array").Items;
            if (paas.Count > MaxAuthorizedPaas || paas.Any(p => p.Kind != "bytes" || p.Bytes.Length != 20))
            {
                throw new FormatException($"authorized_paa_list must hold up to {MaxAuthorizedPaas} 20-byte key ids");
            }
            cd.AuthorizedPaaKeyIds = paas.Select(p => p.Bytes).ToList();
        }
        if (byTag.Keys.Any(t => t > 11))
        {
            throw new FormatException($"unknown element tag {byTag.Keys.First(t => t > 11)}");
        }
    }

    private static void Require(bool ok, string reason)
    {
        if (!ok)
        {
            throw new FormatException(reason);
        }
    }
}
