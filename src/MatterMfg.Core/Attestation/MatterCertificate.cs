using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.X509;

namespace MatterMfg.Attestation;

/// <summary>
/// One certificate of a Matter attestation chain (PAA, PAI, DAC or a CD signer) with the fields the Matter rules look
/// at, read once: the Matter VID/PID subject attributes, the key identifiers, basic constraints and key usage.
/// Immutable, so safe to share between threads.
/// </summary>
public sealed class MatterCertificate
{
    /// <summary>Matter vendor id attribute (1.3.6.1.4.1.37244.2.1).</summary>
    public static readonly DerObjectIdentifier VendorIdOid = new("1.3.6.1.4.1.37244.2.1");

    /// <summary>Matter product id attribute (1.3.6.1.4.1.37244.2.2).</summary>
    public static readonly DerObjectIdentifier ProductIdOid = new("1.3.6.1.4.1.37244.2.2");

    internal static readonly DerObjectIdentifier EcdsaWithSha256 = X9ObjectIdentifiers.ECDsaWithSha256;

    internal MatterCertificate(X509Certificate certificate, string source)
    {
        Certificate = certificate;
        Source = source;
        Der = certificate.GetEncoded();
        Subject = AttributesOf(certificate.CertificateStructure.Subject);
        Issuer = AttributesOf(certificate.CertificateStructure.Issuer);
        SubjectKeyId = OctetsOf(certificate, X509Extensions.SubjectKeyIdentifier, o => SubjectKeyIdentifier.GetInstance(o).GetKeyIdentifier());
        AuthorityKeyId = OctetsOf(certificate, X509Extensions.AuthorityKeyIdentifier, o => AuthorityKeyIdentifier.GetInstance(o).KeyIdentifier?.GetOctets());
        var spki = certificate.CertificateStructure.SubjectPublicKeyInfo;
        KeyAlgorithm = spki.Algorithm.Algorithm.Id;
        KeyCurve = spki.Algorithm.Parameters is DerObjectIdentifier curve ? curve.Id : null;
        PublicKey = spki.PublicKey.GetOctets();
    }

    /// <summary>Where it was read from (a path, "built-in test PAI", …), for messages.</summary>
    public string Source { get; }

    public X509Certificate Certificate { get; }

    public byte[] Der { get; }

    /// <summary>The subject's CN, VID and PID attributes as found (see <see cref="DnAttributes"/>).</summary>
    public DnAttributes Subject { get; }

    public DnAttributes Issuer { get; }

    /// <summary>Subject key identifier; null when the extension is missing.</summary>
    public byte[]? SubjectKeyId { get; }

    /// <summary>Authority key identifier's keyIdentifier; null when missing.</summary>
    public byte[]? AuthorityKeyId { get; }

    /// <summary>The public key algorithm OID (id-ecPublicKey for Matter).</summary>
    public string KeyAlgorithm { get; }

    /// <summary>The named curve OID of an EC key (prime256v1 for Matter); null for explicit parameters or other keys.</summary>
    public string? KeyCurve { get; }

    /// <summary>The subjectPublicKey bits: the 65-byte uncompressed point for a P-256 key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>True for an EC key on P-256 with an uncompressed 65-byte point.</summary>
    public bool HasP256Key =>
        KeyAlgorithm == X9ObjectIdentifiers.IdECPublicKey.Id && KeyCurve == X9ObjectIdentifiers.Prime256v1.Id && PublicKey.Length == 65 && PublicKey[0] == 4;

    public DateTime NotBefore => Certificate.NotBefore.ToUniversalTime();

    public DateTime NotAfter => Certificate.NotAfter.ToUniversalTime();

    /// <summary>Serial number as upper-case hex.</summary>
    public string SerialNumber => Certificate.SerialNumber.ToString(16).ToUpperInvariant();

    /// <summary>SHA-256 of the DER, upper-case hex (the fingerprint a manifest records).</summary>
    public string Sha256Fingerprint
    {
        get
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            return Hex(sha.ComputeHash(Der));
        }
    }

    /// <summary>A .NET certificate object for the PowerShell surface.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 ToX509Certificate2() => new(Der);

    public string ToPem() => PemText.Encode("CERTIFICATE", Der);

    /// <summary>True when the ECDSA-SHA256 signature verifies under <paramref name="issuerPublicKey"/>.</summary>
    public bool IsSignedBy(byte[] issuerPublicKey) =>
        Certificate.SigAlgOid == EcdsaWithSha256.Id
        && P256Key.Verify(issuerPublicKey, Certificate.GetTbsCertificate(), Certificate.GetSignature());

    internal static string Hex(byte[] b) => BitConverter.ToString(b).Replace("-", "");

    private static byte[]? OctetsOf(X509Certificate c, DerObjectIdentifier oid, Func<Asn1Object, byte[]?> read)
    {
        var ext = c.GetExtensionValue(oid);
        if (ext == null)
        {
            return null;
        }
        try
        {
            return read(Asn1Object.FromByteArray(ext.GetOctets()));
        }
        catch (Exception e) when (e is ArgumentException || e is System.IO.IOException || e is InvalidCastException)
        {
            return null;
        }
    }

    private static DnAttributes AttributesOf(X509Name name)
    {
        var a = new DnAttributes();
        foreach (var rdn in Asn1Sequence.GetInstance(name.ToAsn1Object()))
        {
            foreach (var atv in Asn1Set.GetInstance(rdn))
            {
                var pair = Asn1Sequence.GetInstance(atv);
                var oid = DerObjectIdentifier.GetInstance(pair[0]);
                var value = pair[1];
                string? text = value is IAsn1String s ? s.GetString() : null;
                if (oid.Equals(X509Name.CN))
                {
                    a.CommonName ??= text;
                }
                else if (oid.Equals(VendorIdOid))
                {
                    a.VendorIdTexts.Add((text, value is DerUtf8String));
                }
                else if (oid.Equals(ProductIdOid))
                {
                    a.ProductIdTexts.Add((text, value is DerUtf8String));
                }
            }
        }
        return a;
    }
}

/// <summary>The Matter-relevant attributes of a subject or issuer name.</summary>
public sealed class DnAttributes
{
    public string? CommonName { get; internal set; }

    /// <summary>Every VID attribute value, with whether it was a UTF8String (the profile allows one).</summary>
    internal List<(string? Text, bool Utf8)> VendorIdTexts { get; } = new();

    internal List<(string? Text, bool Utf8)> ProductIdTexts { get; } = new();

    /// <summary>The VID when exactly one well-formed attribute is present.</summary>
    public ushort? VendorId => Parse(VendorIdTexts);

    public ushort? ProductId => Parse(ProductIdTexts);

    public bool HasVendorId => VendorIdTexts.Count > 0;

    public bool HasProductId => ProductIdTexts.Count > 0;

    /// <summary>Why the VID attributes break the profile (null when they do not): more than one, not 4 upper-case hex digits, not UTF8String.</summary>
    public string? VendorIdProblem => Problem(VendorIdTexts, "vendor id");

    public string? ProductIdProblem => Problem(ProductIdTexts, "product id");

    /// <summary>The Matter encoding of a VID or PID attribute: exactly four upper-case hex digits.</summary>
    public static string Format(ushort value) => value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

    private static ushort? Parse(List<(string? Text, bool Utf8)> values) =>
        values.Count == 1 && IsUpperHex4(values[0].Text) ? Convert.ToUInt16(values[0].Text, 16) : null;

    private static string? Problem(List<(string? Text, bool Utf8)> values, string what)
    {
        if (values.Count > 1)
        {
            return $"{values.Count} Matter {what} attributes (at most one is allowed)";
        }
        if (values.Count == 1 && !IsUpperHex4(values[0].Text))
        {
            return $"Matter {what} attribute '{values[0].Text}' is not exactly 4 upper-case hex digits";
        }
        if (values.Count == 1 && !values[0].Utf8)
        {
            return $"Matter {what} attribute '{values[0].Text}' is not a UTF8String";
        }
        return null;
    }

    private static bool IsUpperHex4(string? s) => s is { Length: 4 } && s.All(c => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
}
