using System;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace MatterMfg.Ota;

/// <summary>
/// The payload digest of a Matter OTA image (header tag 8), numbered as the Matter spec and ota_image_tool.py number
/// them (the IANA Named Information hash algorithm registry). The sha256_N forms are SHA-256 cut to its first N bits.
/// </summary>
public enum OtaDigestAlgorithm
{
    /// <summary>SHA-256 (the default).</summary>
    Sha256 = 1,
    /// <summary>SHA-256 truncated to 128 bits.</summary>
    Sha256_128 = 2,
    /// <summary>SHA-256 truncated to 120 bits.</summary>
    Sha256_120 = 3,
    /// <summary>SHA-256 truncated to 96 bits.</summary>
    Sha256_96 = 4,
    /// <summary>SHA-256 truncated to 64 bits.</summary>
    Sha256_64 = 5,
    /// <summary>SHA-256 truncated to 32 bits.</summary>
    Sha256_32 = 6,
    /// <summary>SHA-384.</summary>
    Sha384 = 7,
    /// <summary>SHA-512.</summary>
    Sha512 = 8,
    /// <summary>SHA3-224.</summary>
    Sha3_224 = 9,
    /// <summary>SHA3-256.</summary>
    Sha3_256 = 10,
    /// <summary>SHA3-384.</summary>
    Sha3_384 = 11,
    /// <summary>SHA3-512.</summary>
    Sha3_512 = 12,
}

/// <summary>Names, sizes and hashers of <see cref="OtaDigestAlgorithm"/>.</summary>
public static class OtaDigests
{
    /// <summary>Every algorithm, in id order.</summary>
    public static OtaDigestAlgorithm[] All { get; } = Enum.GetValues(typeof(OtaDigestAlgorithm)).Cast<OtaDigestAlgorithm>().ToArray();

    /// <summary>The name ota_image_tool.py's -da takes: sha256, sha256_128, …, sha3_512.</summary>
    public static string Name(OtaDigestAlgorithm algorithm) => algorithm.ToString().ToLowerInvariant();

    /// <summary>True for an id the header defines (1..12).</summary>
    public static bool IsDefined(ulong id) => id >= 1 && id <= 12;

    /// <summary>
    /// Parses an algorithm name (sha256, SHA3_256; case-insensitive) or its id (1..12, decimal or 0x hex, as a CSV
    /// column may hold it).
    /// </summary>
    public static OtaDigestAlgorithm Parse(string text)
    {
        string t = (text ?? "").Trim();
        foreach (var a in All)
        {
            if (string.Equals(Name(a), t, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }
        if (Text.NumberText.TryParse(t, out long id) && id >= 1 && IsDefined((ulong)id))
        {
            return (OtaDigestAlgorithm)id;
        }
        throw Unknown(text, text);
    }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.OtaDigestAlgorithmUnknown"/>: <c>DigestAlgorithm: '&lt;given&gt;' is not a Matter
    /// OTA digest algorithm; use one of sha256, … (or its id 1..12).</c>
    /// </summary>
    public static MfgException Unknown(string? given, object? target) =>
        new(ErrorIds.OtaDigestAlgorithmUnknown, MfgErrorKind.InvalidArgument,
            $"DigestAlgorithm: '{given}' is not a Matter OTA digest algorithm; use one of {string.Join(", ", All.Select(Name))} (or its id 1..12).", target);

    /// <summary>The digest length in bytes.</summary>
    public static int Length(OtaDigestAlgorithm algorithm) => algorithm switch
    {
        OtaDigestAlgorithm.Sha256 => 32,
        OtaDigestAlgorithm.Sha256_128 => 16,
        OtaDigestAlgorithm.Sha256_120 => 15,
        OtaDigestAlgorithm.Sha256_96 => 12,
        OtaDigestAlgorithm.Sha256_64 => 8,
        OtaDigestAlgorithm.Sha256_32 => 4,
        OtaDigestAlgorithm.Sha384 => 48,
        OtaDigestAlgorithm.Sha512 => 64,
        OtaDigestAlgorithm.Sha3_224 => 28,
        OtaDigestAlgorithm.Sha3_256 => 32,
        OtaDigestAlgorithm.Sha3_384 => 48,
        OtaDigestAlgorithm.Sha3_512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an OTA digest algorithm"),
    };

    internal static OtaHasher CreateHasher(OtaDigestAlgorithm algorithm) => new(algorithm);
}

/// <summary>
/// An incremental digest for streaming a payload: SHA-2 from the platform (hardware-accelerated where it can be),
/// SHA-3 from BouncyCastle (.NET Framework and netstandard2.0 have none).
/// </summary>
internal sealed class OtaHasher : IDisposable
{
    private readonly IncrementalHash? _platform;
    private readonly IDigest? _sha3;
    private readonly int _length;

    public OtaHasher(OtaDigestAlgorithm algorithm)
    {
        _length = OtaDigests.Length(algorithm);
        switch (algorithm)
        {
            case OtaDigestAlgorithm.Sha384:
                _platform = IncrementalHash.CreateHash(HashAlgorithmName.SHA384);
                break;
            case OtaDigestAlgorithm.Sha512:
                _platform = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
                break;
            case OtaDigestAlgorithm.Sha3_224:
            case OtaDigestAlgorithm.Sha3_256:
            case OtaDigestAlgorithm.Sha3_384:
            case OtaDigestAlgorithm.Sha3_512:
                _sha3 = new Sha3Digest(_length * 8);
                break;
            default:
                _platform = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                break;
        }
    }

    public void Update(byte[] buffer, int offset, int count)
    {
        if (_platform != null)
        {
            _platform.AppendData(buffer, offset, count);
        }
        else
        {
            _sha3!.BlockUpdate(buffer, offset, count);
        }
    }

    /// <summary>The digest, cut to the algorithm's length (the sha256_N forms keep SHA-256's first N bits).</summary>
    public byte[] Finish()
    {
        byte[] full;
        if (_platform != null)
        {
            full = _platform.GetHashAndReset();
        }
        else
        {
            full = new byte[_sha3!.GetDigestSize()];
            _sha3.DoFinal(full, 0);
        }
        if (full.Length == _length)
        {
            return full;
        }
        byte[] cut = new byte[_length];
        Buffer.BlockCopy(full, 0, cut, 0, _length);
        return cut;
    }

    public void Dispose() => _platform?.Dispose();
}
