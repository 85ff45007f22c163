using System;
using System.Security.Cryptography;
using System.Threading;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;
using BcECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace MatterMfg.Attestation;

/// <summary>
/// An EC P-256 key pair as Matter uses it: the 32-byte big-endian private scalar and the 65-byte uncompressed public
/// point (04 ‖ X ‖ Y). Signing is thread-safe: each thread signs with its own platform key object (OpenSSL or CNG,
/// several times faster than the managed code), and BouncyCastle is used where the platform cannot (an old .NET
/// Framework without exportable ephemeral keys).
/// </summary>
public sealed class P256Key : ISigningKey, IDisposable
{
    // The custom curve has BouncyCastle's P-256-specific field arithmetic: about ten times faster than the generic curve
    // ECNamedCurveTable gives.
    internal static readonly X9ECParameters Curve = Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByOid(X9ObjectIdentifiers.Prime256v1);
    internal static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H, Curve.GetSeed());

    private static readonly Lazy<bool> PlatformWorks = new(ProbePlatform);

    // One generator object per thread, given a new key each time: cheaper than a new object per key.
    private static readonly ThreadLocal<ECDsa> Generators = new(() => ECDsa.Create());
    private readonly byte[] _d;
    private readonly bool _platform;
    private ThreadLocal<ECDsa>? _signers;

    private P256Key(byte[] d, byte[] publicPoint, bool platform)
    {
        _d = d;
        PublicKey = publicPoint;
        _platform = platform;
    }

    /// <summary>65 bytes 04 ‖ X ‖ Y.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The 32-byte big-endian private scalar (a copy: it is a secret, callers decide where it goes).</summary>
    public byte[] ExportScalar() => (byte[])_d.Clone();

    /// <summary>A fresh key from the platform's CSPRNG.</summary>
    public static P256Key Generate()
    {
        if (PlatformWorks.Value)
        {
            var ec = Generators.Value!;
            ec.GenerateKey(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(true);
            return new P256Key(Pad32(p.D!), Point(p.Q.X!, p.Q.Y!), true);
        }
        var n = Domain.N;
        BigInteger d;
        do
        {
            d = new BigInteger(256, Random);
        }
        while (d.SignValue == 0 || d.CompareTo(n) >= 0);
        return FromScalar(Pad32(d.ToByteArrayUnsigned()));
    }

    /// <summary>The key of a 32-byte private scalar (as in DAC_private_key.bin).</summary>
    public static P256Key FromScalar(byte[] scalar)
    {
        if (scalar.Length != 32)
        {
            throw new ArgumentException("A P-256 private scalar is 32 bytes.", nameof(scalar));
        }
        var d = new BigInteger(1, scalar);
        if (d.SignValue == 0 || d.CompareTo(Domain.N) >= 0)
        {
            throw new ArgumentException("The scalar is not a valid P-256 private key (0 or not below the group order).", nameof(scalar));
        }
        BcECPoint q = new FixedPointCombMultiplier().Multiply(Domain.G, d).Normalize();
        return new P256Key((byte[])scalar.Clone(), q.GetEncoded(false), PlatformWorks.Value);
    }

    /// <summary>ECDSA with SHA-256 over <paramref name="data"/>; the signature DER-encoded (Ecdsa-Sig-Value), as X.509 and CMS carry it.</summary>
    public byte[] Sign(byte[] data)
    {
        if (_platform)
        {
            // Created on first use: most keys (the DACs') are never used to sign here.
            var signers = LazyInitializer.EnsureInitialized(ref _signers, () => new ThreadLocal<ECDsa>(() => ECDsa.Create(Parameters()), trackAllValues: true))!;
            return DerFromRaw(signers.Value!.SignData(data, HashAlgorithmName.SHA256));
        }
        var signer = new ECDsaSigner();
        signer.Init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(1, _d), Domain), Random));
        BigInteger[] sig = signer.GenerateSignature(DigestUtilities.CalculateDigest("SHA-256", data));
        return DerSignature(sig[0], sig[1]);
    }

    /// <summary>Verifies a DER ECDSA-SHA256 signature against a 65-byte public point. False for malformed input.</summary>
    public static bool Verify(byte[] publicPoint, byte[] data, byte[] derSignature)
    {
        try
        {
            var seq = Asn1Sequence.GetInstance(derSignature);
            if (seq.Count != 2)
            {
                return false;
            }
            var q = Domain.Curve.DecodePoint(publicPoint);
            var verifier = new ECDsaSigner();
            verifier.Init(false, new ECPublicKeyParameters(q, Domain));
            return verifier.VerifySignature(DigestUtilities.CalculateDigest("SHA-256", data),
                DerInteger.GetInstance(seq[0]).PositiveValue, DerInteger.GetInstance(seq[1]).PositiveValue);
        }
        catch (Exception e) when (e is ArgumentException || e is InvalidCastException || e is FormatException || e is InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>SEC1 ECPrivateKey DER with the curve and the public key (121 bytes; DAC_key.der, the secure-cert PRIV_KEY).</summary>
    public byte[] ToSec1Der() =>
        new ECPrivateKeyStructure(256, new BigInteger(1, _d), new DerBitString(PublicKey), X9ObjectIdentifiers.Prime256v1).GetDerEncoded();

    /// <summary>PKCS#8 PrivateKeyInfo DER, shaped as OpenSSL writes it (the inner ECPrivateKey without the curve, which the outer algorithm names).</summary>
    public byte[] ToPkcs8Der()
    {
        var inner = new ECPrivateKeyStructure(256, new BigInteger(1, _d), new DerBitString(PublicKey), null);
        return new PrivateKeyInfo(AlgorithmId, inner).GetDerEncoded();
    }

    /// <summary>PKCS#8 PEM ("BEGIN PRIVATE KEY"), as the reference writes DAC_key.pem.</summary>
    public string ToPkcs8Pem() => PemText.Encode("PRIVATE KEY", ToPkcs8Der());

    /// <summary>The SubjectPublicKeyInfo of this key (id-ecPublicKey, prime256v1).</summary>
    internal SubjectPublicKeyInfo PublicKeyInfo => new(AlgorithmId, PublicKey);

    internal static AlgorithmIdentifier AlgorithmId { get; } = new(X9ObjectIdentifiers.IdECPublicKey, X9ObjectIdentifiers.Prime256v1);

    internal static readonly SecureRandom Random = new();

    /// <summary>True when both keys are the same key pair.</summary>
    public bool Matches(byte[] publicPoint) => CryptographicEquals(PublicKey, publicPoint);

    /// <summary>True when two 65-byte public points are the same (constant time).</summary>
    internal static bool SamePoint(byte[] a, byte[] b) => CryptographicEquals(a, b);

    public void Dispose()
    {
        if (_signers != null)
        {
            foreach (var s in _signers.Values)
            {
                s.Dispose();
            }
            _signers.Dispose();
        }
        Array.Clear(_d, 0, _d.Length);
    }

    private ECParameters Parameters() => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = _d,
        Q = new ECPoint { X = Sub(PublicKey, 1, 32), Y = Sub(PublicKey, 33, 32) },
    };

    /// <summary>Whether the platform can generate, export and sign with P-256 keys (not all .NET Framework builds can).</summary>
    private static bool ProbePlatform()
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.GenerateKey(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(true);
            using var imported = ECDsa.Create(p);
            byte[] msg = { 1, 2, 3 };
            return p.D is { Length: > 0 } && imported.VerifyData(msg, imported.SignData(msg, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is CryptographicException || e is PlatformNotSupportedException || e is NotSupportedException || e is TypeLoadException || e is MissingMethodException)
        {
            return false;
        }
    }

    private static byte[] DerSignature(BigInteger r, BigInteger s) => new DerSequence(new DerInteger(r), new DerInteger(s)).GetDerEncoded();

    /// <summary>A raw P-256 signature r ‖ s (64 bytes, as the platform's ECDsa and PKCS#11's CKM_ECDSA give it) as DER Ecdsa-Sig-Value.</summary>
    internal static byte[] DerFromRaw(byte[] rs)
    {
        if (rs.Length != 64)
        {
            throw new ArgumentException($"A raw P-256 ECDSA signature is 64 bytes (got {rs.Length}).", nameof(rs));
        }
        return DerSignature(new BigInteger(1, rs, 0, 32), new BigInteger(1, rs, 32, 32));
    }

    internal static byte[] Pad32(byte[] v)
    {
        if (v.Length == 32)
        {
            return v;
        }
        var r = new byte[32];
        Buffer.BlockCopy(v, Math.Max(0, v.Length - 32), r, Math.Max(0, 32 - v.Length), Math.Min(32, v.Length));
        return r;
    }

    private static byte[] Point(byte[] x, byte[] y)
    {
        var p = new byte[65];
        p[0] = 0x04;
        Buffer.BlockCopy(Pad32(x), 0, p, 1, 32);
        Buffer.BlockCopy(Pad32(y), 0, p, 33, 32);
        return p;
    }

    private static byte[] Sub(byte[] a, int offset, int count)
    {
        var r = new byte[count];
        Buffer.BlockCopy(a, offset, r, 0, count);
        return r;
    }

    private static bool CryptographicEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }
}
