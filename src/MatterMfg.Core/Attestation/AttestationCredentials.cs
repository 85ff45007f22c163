using System;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Diagnostics;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;
using BcPemReader = Org.BouncyCastle.Utilities.IO.Pem.PemReader;

namespace MatterMfg.Attestation;

/// <summary>
/// Reads attestation certificates (PEM or DER) and EC P-256 private keys: PKCS#8, SEC1 ("EC PRIVATE KEY"), a raw
/// 32-byte scalar (DAC_private_key.bin), encrypted PKCS#8 and PKCS#12/PFX, each as PEM or DER where the format has
/// both. Every failure is an <see cref="MfgException"/> naming the file and the reason: wrong format, wrong curve,
/// wrong or missing password, a key that does not belong to its certificate.
/// </summary>
public static class AttestationCredentials
{
    /// <summary>Reads a certificate file (PEM or DER; a PFX gives its certificate).</summary>
    public static MatterCertificate ReadCertificate(string path, char[]? password = null)
    {
        byte[] data = ReadFile(path, "certificate");
        return IsPkcs12(data) ? ReadPkcs12(data, path, password).Certificate : ParseCertificate(data, path);
    }

    /// <summary>Parses a PEM or DER certificate; <paramref name="source"/> names it in messages.</summary>
    public static MatterCertificate ParseCertificate(byte[] data, string source)
    {
        byte[] der = data;
        if (LooksLikePem(data))
        {
            var pem = ReadPemObjects(data, source).FirstOrDefault(p => p.Type == "CERTIFICATE" || p.Type == "X509 CERTIFICATE")
                ?? throw CertificateUnreadable(source, "it is PEM but holds no CERTIFICATE block");
            der = pem.Content;
        }
        X509Certificate cert;
        try
        {
            var structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der));
            cert = new X509Certificate(structure);
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw CertificateUnreadable(source, "it is neither a PEM nor a DER X.509 certificate", e);
        }
        return new MatterCertificate(cert, source);
    }

    /// <summary>Reads a private key file in any of the supported formats.</summary>
    public static P256Key ReadPrivateKey(string path, char[]? password = null) => ParsePrivateKey(ReadFile(path, "private key"), path, password);

    /// <summary>
    /// Parses a private key; <paramref name="password"/> is needed for encrypted PKCS#8, encrypted PEM and PFX. A password
    /// given for a key that is not encrypted is refused (<c>KeyPasswordNotNeeded</c>): it would be ignored, and the user
    /// who gives one believes the key file is protected.
    /// </summary>
    public static P256Key ParsePrivateKey(byte[] data, string source, char[]? password) => ParsePrivateKey(data, source, password, passwordUsedElsewhere: false);

    private static P256Key ParsePrivateKey(byte[] data, string source, char[]? password, bool passwordUsedElsewhere)
    {
        bool encrypted = false;
        P256Key key;
        if (LooksLikePem(data))
        {
            key = ParsePemKey(data, source, password, ref encrypted);
        }
        else if (data.Length == 32)
        {
            key = FromScalar(data, source);
        }
        else if (IsPkcs12(data))
        {
            encrypted = true;
            key = ReadPkcs12(data, source, password).Key;
        }
        else
        {
            key = ParseDerKey(data, source, password, ref encrypted);
        }
        if (password is { Length: > 0 } && !encrypted && !passwordUsedElsewhere)
        {
            throw new MfgException(ErrorIds.KeyPasswordNotNeeded, MfgErrorKind.InvalidArgument,
                $"The private key '{source}' is not encrypted, so the password given for it would be ignored: drop the password, or encrypt the key (openssl pkcs8 -topk8 -v2 aes-256-cbc).", source);
        }
        return key;
    }

    /// <summary>The certificate and key of a PKCS#12 (PFX) file.</summary>
    public static (MatterCertificate Certificate, P256Key Key) ReadPkcs12(string path, char[]? password) =>
        ReadPkcs12(ReadFile(path, "PKCS#12"), path, password);

    /// <summary>
    /// Reads a certificate and its key: from one PFX when <paramref name="certificatePath"/> is one and
    /// <paramref name="keyPath"/> is null, else from the two files; throws <c>KeyCertificateMismatch</c> when they are not a pair.
    /// </summary>
    public static (MatterCertificate Certificate, P256Key Key) ReadPair(string certificatePath, string? keyPath, char[]? password, string role)
    {
        byte[] data = ReadFile(certificatePath, role + " certificate");
        if (keyPath == null && IsPkcs12(data))
        {
            return ReadPkcs12(data, certificatePath, password);
        }
        var cert = IsPkcs12(data) ? ReadPkcs12(data, certificatePath, password).Certificate : ParseCertificate(data, certificatePath);
        if (keyPath == null)
        {
            throw new MfgException(ErrorIds.KeyRequired, MfgErrorKind.InvalidArgument,
                $"The {role} private key is required: '{certificatePath}' holds only a certificate (give the key file, or a PFX with both).", certificatePath);
        }
        // A PFX certificate uses the password itself; the key file beside it may then be plain.
        var key = ParsePrivateKey(ReadFile(keyPath, "private key"), keyPath, password, passwordUsedElsewhere: IsPkcs12(data));
        CheckKeyMatches(cert, key, role, keyPath);
        return (cert, key);
    }

    /// <summary>Throws <c>KeyCertificateMismatch</c> when <paramref name="key"/> is not the private key of <paramref name="certificate"/>.</summary>
    public static void CheckKeyMatches(MatterCertificate certificate, ISigningKey key, string role, string keySource)
    {
        if (!certificate.HasP256Key)
        {
            throw new MfgException(ErrorIds.CertificateCurveNotP256, MfgErrorKind.InvalidData,
                $"The {role} certificate '{certificate.Source}' does not hold an EC P-256 public key ({CurveName(certificate.KeyAlgorithm, certificate.KeyCurve)}); Matter certificates use P-256.", certificate.Source);
        }
        if (!P256Key.SamePoint(key.PublicKey, certificate.PublicKey))
        {
            throw new MfgException(ErrorIds.KeyCertificateMismatch, MfgErrorKind.SecurityError,
                $"{role} certificate and private key do not match: the key '{keySource}' does not belong to the certificate '{certificate.Source}' (their public keys differ).", keySource);
        }
    }

    /// <summary>
    /// A password kept in a file (<c>--pwd-file</c>): its first line, without the line ending (UTF-8). An empty file is
    /// refused rather than read as "no password".
    /// </summary>
    public static char[] ReadPasswordFile(string path)
    {
        byte[] data = ReadFile(path, "password file");
        try
        {
            char[] all = new System.Text.UTF8Encoding(false).GetChars(data);
            int start = all.Length > 0 && all[0] == '\uFEFF' ? 1 : 0;
            int end = start;
            while (end < all.Length && all[end] != '\n' && all[end] != '\r')
            {
                end++;
            }
            var password = new char[end - start];
            Array.Copy(all, start, password, 0, password.Length);
            Array.Clear(all, 0, all.Length);
            if (password.Length == 0)
            {
                throw new MfgException(ErrorIds.KeyPasswordFileEmpty, MfgErrorKind.InvalidData, $"The password file '{path}' is empty: its first line must be the key password.", path);
            }
            return password;
        }
        finally
        {
            Array.Clear(data, 0, data.Length);
        }
    }

    internal static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
        {
            throw MfgException.FileError("The " + what, path, e);
        }
    }

    private static P256Key ParsePemKey(byte[] data, string source, char[]? password, ref bool encrypted)
    {
        var blocks = ReadPemObjects(data, source);
        foreach (var pem in blocks)
        {
            switch (pem.Type)
            {
                case "PRIVATE KEY":
                    return FromPrivateKeyInfo(pem.Content, source);
                case "ENCRYPTED PRIVATE KEY":
                    encrypted = true;
                    return FromEncrypted(pem.Content, source, password);
                case "EC PRIVATE KEY":
                    if (pem.Headers.Cast<Org.BouncyCastle.Utilities.IO.Pem.PemHeader>().Any(h => h.Name == "Proc-Type"))
                    {
                        encrypted = true;
                        return FromLegacyEncryptedPem(data, source, password);
                    }
                    return FromSec1(pem.Content, source);
                case "RSA PRIVATE KEY":
                case "DSA PRIVATE KEY":
                    throw WrongCurve(source, pem.Type.Substring(0, 3) + " key");
            }
        }
        if (blocks.Any(b => b.Type.Contains("CERTIFICATE")))
        {
            throw KeyUnreadable(source, "it holds a certificate, not a private key");
        }
        throw KeyUnreadable(source, "it is PEM but has no PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY block");
    }

    private static P256Key ParseDerKey(byte[] data, string source, char[]? password, ref bool encrypted)
    {
        Asn1Sequence seq;
        try
        {
            seq = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(data));
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw KeyUnreadable(source,
                $"it is not a PEM key, a 32-byte raw scalar, or DER PKCS#8/SEC1/encrypted PKCS#8/PKCS#12 ({data.Length} bytes)", e);
        }
        if (seq.Count >= 2 && seq[0] is DerInteger v && seq[1] is Asn1OctetString && v.HasValue(1))
        {
            return FromSec1(data, source);
        }
        if (seq.Count >= 3 && seq[0] is DerInteger && seq[1] is Asn1Sequence)
        {
            return FromPrivateKeyInfo(data, source);
        }
        if (seq.Count == 2 && seq[0] is Asn1Sequence && seq[1] is Asn1OctetString)
        {
            encrypted = true;
            return FromEncrypted(data, source, password);
        }
        if (seq.Count == 3 && seq[0] is Asn1Sequence && seq[1] is Asn1Sequence && seq[2] is DerBitString)
        {
            throw KeyUnreadable(source, "it holds a certificate, not a private key");
        }
        throw KeyUnreadable(source, "its DER is not PKCS#8, SEC1 ECPrivateKey, encrypted PKCS#8 or PKCS#12");
    }

    private static P256Key FromPrivateKeyInfo(byte[] der, string source)
    {
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw KeyUnreadable(source, "its PKCS#8 structure is malformed", e);
        }
        return FromPrivateKeyInfo(info, source);
    }

    private static P256Key FromPrivateKeyInfo(PrivateKeyInfo info, string source)
    {
        var alg = info.PrivateKeyAlgorithm;
        if (!alg.Algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            throw WrongCurve(source, AlgorithmName(alg.Algorithm) + " key");
        }
        CheckCurve(alg.Parameters, source);
        byte[] inner = info.PrivateKey.GetOctets();
        return FromSec1(inner, source, curveChecked: true);
    }

    private static P256Key FromSec1(byte[] der, string source, bool curveChecked = false)
    {
        ECPrivateKeyStructure ec;
        try
        {
            ec = ECPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw KeyUnreadable(source, "its EC private key (SEC1) structure is malformed", e);
        }
        if (!curveChecked || ec.Parameters != null)
        {
            if (ec.Parameters == null && !curveChecked)
            {
                throw KeyUnreadable(source, "its SEC1 key does not name its curve");
            }
            CheckCurve(ec.Parameters, source);
        }
        var key = FromScalar(P256Key.Pad32(ec.GetKey().ToByteArrayUnsigned()), source);
        var pub = ec.PublicKey;
        if (pub != null && !key.Matches(pub.GetOctets()))
        {
            throw new MfgException(ErrorIds.KeyCorrupt, MfgErrorKind.InvalidData, $"The private key '{source}' is corrupt: its embedded public key does not match its private scalar.", source);
        }
        return key;
    }

    private static P256Key FromEncrypted(byte[] der, string source, char[]? password)
    {
        if (password == null || password.Length == 0)
        {
            throw PasswordRequired(source);
        }
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfoFactory.CreatePrivateKeyInfo(password, EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A wrong password shows up as a padding error or as garbage that does not parse; both mean the same to a user.
            throw PasswordWrong(source, e);
        }
        return FromPrivateKeyInfo(info, source);
    }

    private static P256Key FromLegacyEncryptedPem(byte[] data, string source, char[]? password)
    {
        if (password == null || password.Length == 0)
        {
            throw PasswordRequired(source);
        }
        object read;
        try
        {
            using var reader = new StringReader(Encoding.ASCII.GetString(data));
            read = new Org.BouncyCastle.OpenSsl.PemReader(reader, new Password(password)).ReadObject();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw PasswordWrong(source, e);
        }
        var priv = read switch
        {
            Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair pair => pair.Private,
            Org.BouncyCastle.Crypto.AsymmetricKeyParameter p => p,
            _ => null,
        };
        if (priv is not ECPrivateKeyParameters ec)
        {
            throw WrongCurve(source, "non-EC key");
        }
        return FromPrivateKeyInfo(PrivateKeyInfoFactory.CreatePrivateKeyInfo(ec), source);
    }

    private static (MatterCertificate Certificate, P256Key Key) ReadPkcs12(byte[] data, string source, char[]? password)
    {
        var store = new Pkcs12StoreBuilder().Build();
        try
        {
            store.Load(new MemoryStream(data), password ?? Array.Empty<char>());
        }
        catch (IOException e) when (e.Message.IndexOf("MAC", StringComparison.OrdinalIgnoreCase) >= 0 || e.Message.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            bool none = password == null || password.Length == 0;
            throw none ? PasswordRequired(source, e) : PasswordWrong(source, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw KeyUnreadable(source, $"its PKCS#12 content cannot be read ({e.Message})", e);
        }
        string? alias = store.Aliases.FirstOrDefault(a => store.IsKeyEntry(a))
            ?? throw KeyUnreadable(source, "the PKCS#12 file holds no private key");
        if (store.GetKey(alias).Key is not ECPrivateKeyParameters ec)
        {
            throw WrongCurve(source, "non-EC key");
        }
        var key = FromPrivateKeyInfo(PrivateKeyInfoFactory.CreatePrivateKeyInfo(ec), source);
        var entry = store.GetCertificate(alias) ?? throw CertificateUnreadable(source, "the PKCS#12 file holds no certificate for its key");
        var cert = new MatterCertificate(entry.Certificate, source);
        CheckKeyMatches(cert, key, "PKCS#12", source);
        return (cert, key);
    }

    private static void CheckCurve(Asn1Encodable? parameters, string source)
    {
        var obj = parameters?.ToAsn1Object();
        if (obj is DerObjectIdentifier oid)
        {
            if (!oid.Equals(X9ObjectIdentifiers.Prime256v1))
            {
                throw WrongCurve(source, CurveName(X9ObjectIdentifiers.IdECPublicKey.Id, oid.Id) + " key");
            }
            return;
        }
        if (obj is Asn1Sequence explicitParams)
        {
            var x9 = X9ECParameters.GetInstance(explicitParams);
            if (x9.Curve.Equals(P256Key.Curve.Curve) && x9.G.Equals(P256Key.Curve.G))
            {
                return;
            }
            throw WrongCurve(source, "EC key on a curve given by explicit parameters");
        }
        throw KeyUnreadable(source, "its EC key does not name its curve");
    }

    private static P256Key FromScalar(byte[] scalar, string source)
    {
        try
        {
            return P256Key.FromScalar(scalar);
        }
        catch (ArgumentException e)
        {
            throw KeyUnreadable(source, e.Message, e);
        }
    }

    internal static string CurveName(string algorithm, string? curve)
    {
        if (algorithm != X9ObjectIdentifiers.IdECPublicKey.Id)
        {
            return AlgorithmName(new DerObjectIdentifier(algorithm));
        }
        if (curve == null)
        {
            return "EC, explicit curve parameters";
        }
        string? name = ECNamedCurveTable.GetName(new DerObjectIdentifier(curve));
        return name != null ? $"EC {name}" : $"EC curve {curve}";
    }

    private static string AlgorithmName(DerObjectIdentifier oid) =>
        oid.Equals(PkcsObjectIdentifiers.RsaEncryption) ? "RSA"
        : oid.Equals(X9ObjectIdentifiers.IdDsa) ? "DSA"
        : oid.Id == "1.3.101.112" ? "Ed25519"
        : oid.Id;

    private static bool IsPkcs12(byte[] data)
    {
        if (data.Length < 4 || data[0] != 0x30 || LooksLikePem(data))
        {
            return false;
        }
        try
        {
            var seq = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(data));
            return seq.Count >= 2 && seq[0] is DerInteger v && v.HasValue(3) && seq[1] is Asn1Sequence;
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            return false;
        }
    }

    private static bool LooksLikePem(byte[] data)
    {
        int n = Math.Min(data.Length, 4096);
        return Encoding.ASCII.GetString(data, 0, n).IndexOf("-----BEGIN ", StringComparison.Ordinal) >= 0;
    }

    private static System.Collections.Generic.List<Org.BouncyCastle.Utilities.IO.Pem.PemObject> ReadPemObjects(byte[] data, string source)
    {
        var list = new System.Collections.Generic.List<Org.BouncyCastle.Utilities.IO.Pem.PemObject>();
        try
        {
            using var reader = new BcPemReader(new StringReader(Encoding.ASCII.GetString(data)));
            while (reader.ReadPemObject() is { } o)
            {
                list.Add(o);
            }
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw PemDamaged(source, e);
        }
        return list;
    }

    private static bool IsParseFailure(Exception e) =>
        e is IOException || e is ArgumentException || e is InvalidCastException || e is FormatException || e is InvalidOperationException
        || e is Asn1Exception || e is Org.BouncyCastle.Security.Certificates.CertificateException;

    /// <summary>The one wording of <see cref="ErrorIds.KeyFormatInvalid"/>: <c>The private key '&lt;source&gt;' cannot be read: &lt;what is wrong&gt;.</c></summary>
    private static MfgException KeyUnreadable(string source, string reason, Exception? inner = null) =>
        new(ErrorIds.KeyFormatInvalid, MfgErrorKind.InvalidData, $"The private key '{source}' cannot be read: {reason}.", source, inner);

    /// <summary>The one wording of <see cref="ErrorIds.CertificateFormatInvalid"/>: <c>The certificate '&lt;source&gt;' cannot be read: &lt;what is wrong&gt;.</c></summary>
    private static MfgException CertificateUnreadable(string source, string reason, Exception? inner = null) =>
        new(ErrorIds.CertificateFormatInvalid, MfgErrorKind.InvalidData, $"The certificate '{source}' cannot be read: {reason}.", source, inner);

    /// <summary>The one wording of <see cref="ErrorIds.PemInvalid"/>.</summary>
    private static MfgException PemDamaged(string source, Exception inner) =>
        new(ErrorIds.PemInvalid, MfgErrorKind.InvalidData, $"Cannot read '{source}': its PEM armour is damaged.", source, inner);

    /// <summary>The one wording of <see cref="ErrorIds.KeyPasswordRequired"/>.</summary>
    private static MfgException PasswordRequired(string source, Exception? inner = null) =>
        new(ErrorIds.KeyPasswordRequired, MfgErrorKind.InvalidArgument, $"The private key '{source}' is encrypted: give its password.", source, inner);

    /// <summary>The one wording of <see cref="ErrorIds.KeyPasswordWrong"/>.</summary>
    private static MfgException PasswordWrong(string source, Exception inner) =>
        new(ErrorIds.KeyPasswordWrong, MfgErrorKind.SecurityError, $"Cannot decrypt the private key '{source}': the password is wrong (or the file is damaged).", source, inner);

    /// <summary>The one wording of <see cref="ErrorIds.KeyCurveNotP256"/>; <paramref name="found"/> says what the key is instead.</summary>
    internal static MfgException WrongCurve(string source, string found) =>
        new(ErrorIds.KeyCurveNotP256, MfgErrorKind.InvalidData, $"The private key '{source}' is not an EC P-256 key (it is: {found}); Matter attestation keys are EC P-256 (prime256v1/secp256r1).", source);

    private sealed class Password : Org.BouncyCastle.OpenSsl.IPasswordFinder
    {
        private readonly char[] _password;

        public Password(char[] password) => _password = password;

        public char[] GetPassword() => (char[])_password.Clone();
    }
}
