using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace MatterMfg.Attestation;

/// <summary>A certificate just issued and its new key pair.</summary>
public sealed class IssuedCertificate
{
    internal IssuedCertificate(MatterCertificate certificate, P256Key key)
    {
        Certificate = certificate;
        Key = key;
    }

    public MatterCertificate Certificate { get; }

    public P256Key Key { get; }
}

/// <summary>
/// Builds certificates in the Matter attestation profile the way chip-cert and esp-matter-mfg-tool do: X.509 v3, a
/// random positive 20-byte serial, ecdsa-with-SHA256, subject CN + VID (+ PID) as separate UTF8String RDNs, the issuer
/// name copied byte for byte from the issuer's subject, extensions basicConstraints, keyUsage (both critical), SKID
/// (SHA-1 of the public point), AKID (the issuer's SKID), in that order.
/// </summary>
internal static class MatterCertificateBuilder
{
    private const int DigitalSignature = KeyUsage.DigitalSignature;
    private const int CaUsage = KeyUsage.DigitalSignature | KeyUsage.KeyCertSign | KeyUsage.CrlSign;

    private static readonly AlgorithmIdentifier SignatureAlgorithm = new(MatterCertificate.EcdsaWithSha256);

    /// <summary>A DAC (CA:FALSE, digitalSignature) for <paramref name="subjectPublicKey"/>; returns its DER.</summary>
    internal static byte[] Dac(string commonName, ushort vendorId, ushort productId, MatterCertificate issuer, ISigningKey issuerKey, byte[] subjectPublicKey, CertificateValidity validity) =>
        Build(Name(commonName, vendorId, productId), issuer, issuerKey, subjectPublicKey, validity, new BasicConstraints(false), DigitalSignature);

    /// <summary>A PAI (CA:TRUE pathlen 0, digitalSignature + keyCertSign + cRLSign); returns its DER.</summary>
    internal static byte[] Pai(string commonName, ushort vendorId, ushort? productId, MatterCertificate issuer, ISigningKey issuerKey, byte[] subjectPublicKey, CertificateValidity validity) =>
        Build(Name(commonName, vendorId, productId), issuer, issuerKey, subjectPublicKey, validity, new BasicConstraints(0), CaUsage);

    internal static X509Name Name(string commonName, ushort? vendorId, ushort? productId)
    {
        var rdns = new Asn1EncodableVector { Rdn(X509Name.CN, commonName) };
        if (vendorId is ushort v)
        {
            rdns.Add(Rdn(MatterCertificate.VendorIdOid, DnAttributes.Format(v)));
        }
        if (productId is ushort p)
        {
            rdns.Add(Rdn(MatterCertificate.ProductIdOid, DnAttributes.Format(p)));
        }
        return X509Name.GetInstance(new DerSequence(rdns));
    }

    /// <summary>20 random bytes, top bit clear and second bit set: positive, always 20 bytes of DER INTEGER content.</summary>
    internal static DerInteger RandomSerial()
    {
        var b = new byte[20];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(b);
        }
        b[0] = (byte)((b[0] & 0x3F) | 0x40);
        return new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, b));
    }

    internal static byte[] KeyId(byte[] publicPoint)
    {
        using var sha1 = SHA1.Create();
        return sha1.ComputeHash(publicPoint);
    }

    private static byte[] Build(X509Name subject, MatterCertificate issuer, ISigningKey issuerKey, byte[] subjectPublicKey, CertificateValidity validity, BasicConstraints bc, int keyUsage)
    {
        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(RandomSerial());
        tbs.SetSignature(SignatureAlgorithm);
        tbs.SetIssuer(issuer.Certificate.CertificateStructure.Subject);
        tbs.SetStartDate(new Time(validity.NotBefore));
        tbs.SetEndDate(new Time(validity.NotAfter));
        tbs.SetSubject(subject);
        tbs.SetSubjectPublicKeyInfo(new SubjectPublicKeyInfo(P256Key.AlgorithmId, subjectPublicKey));
        var ext = new X509ExtensionsGenerator();
        ext.AddExtension(X509Extensions.BasicConstraints, true, bc);
        ext.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        ext.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyId(subjectPublicKey)));
        ext.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuer.SubjectKeyId ?? KeyId(issuer.PublicKey)));
        tbs.SetExtensions(ext.Generate());
        var structure = tbs.GenerateTbsCertificate();
        byte[] signature = issuerKey.Sign(structure.GetDerEncoded());
        return new DerSequence(structure, SignatureAlgorithm, new DerBitString(signature)).GetDerEncoded();
    }

    private static DerSet Rdn(DerObjectIdentifier oid, string value) => new(new DerSequence(oid, new DerUtf8String(value)));
}
