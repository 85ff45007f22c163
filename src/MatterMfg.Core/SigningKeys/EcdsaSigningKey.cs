using System;
using System.Security.Cryptography;
using System.Threading;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;

namespace MatterMfg.SigningKeys;

/// <summary>
/// A signing key behind the platform's <see cref="ECDsa"/>: the adapter the Windows certificate store's keys (CNG, also
/// non-exportable, TPM- or HSM-backed ones) sign through. Only the public point is ever exported. Each thread signs
/// with its own <see cref="ECDsa"/> from <c>open</c> (a CNG key object is not documented as safe for concurrent use).
/// </summary>
public sealed class EcdsaSigningKey : ISigningKey, IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly ThreadLocal<ECDsa> _signers;

    /// <summary>
    /// <paramref name="open"/> returns a new <see cref="ECDsa"/> over the same key each time it is called (for example
    /// <c>() =&gt; certificate.GetECDsaPrivateKey()</c>); <paramref name="source"/> names the key in messages.
    /// </summary>
    public EcdsaSigningKey(Func<ECDsa> open, string source)
    {
        Source = source;
        _signers = new ThreadLocal<ECDsa>(open, trackAllValues: true);
        ECParameters p;
        try
        {
            p = _signers.Value!.ExportParameters(false);
        }
        catch (CryptographicException e)
        {
            _signers.Dispose();
            throw CertificateStoreKey.Unavailable(source, $"its public key cannot be read: {e.Message.TrimEnd('.')}", e);
        }
        if (!IsP256(p.Curve) || p.Q.X is not { Length: 32 } || p.Q.Y is not { Length: 32 })
        {
            Dispose();
            throw AttestationCredentials.WrongCurve(source, $"EC {p.Curve.Oid?.FriendlyName ?? p.Curve.Oid?.Value ?? "explicit curve"}");
        }
        var point = new byte[65];
        point[0] = 0x04;
        Buffer.BlockCopy(p.Q.X, 0, point, 1, 32);
        Buffer.BlockCopy(p.Q.Y, 0, point, 33, 32);
        PublicKey = point;
    }

    public byte[] PublicKey { get; }

    public string Source { get; }

    public byte[] Sign(byte[] data) => P256Key.DerFromRaw(_signers.Value!.SignData(data, HashAlgorithmName.SHA256));

    public void Dispose()
    {
        foreach (var s in _signers.Values)
        {
            s.Dispose();
        }
        _signers.Dispose();
    }

    public override string ToString() => Source;

    private static bool IsP256(ECCurve curve)
    {
        if (!curve.IsNamed || curve.Oid == null)
        {
            return false;
        }
        // CNG names the curve "ECDSA_P256"/"nistP256" and may leave the OID value empty; OpenSSL gives the OID.
        return curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1";
    }
}
