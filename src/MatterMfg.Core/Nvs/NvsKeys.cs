using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using MatterMfg.Checksums;
using MatterMfg.Diagnostics;

namespace MatterMfg.Nvs;

/// <summary>
/// The NVS encryption keys: the AES-256-XTS data key ("eky") and tweak key ("tky"), and the 4096-byte NVS keys
/// partition that holds them (mfg_tool-reference §7): eky ‖ tky ‖ CRC-32 of those 64 bytes (LE) ‖ 0xFF padding.
/// </summary>
public sealed class NvsKeys
{
    public const int PartitionSize = 4096;
    public const int KeyLength = 64;

    // HMAC key-protection scheme seeds: each 4-byte element repeated 8 times (ESP-IDF nvs_sec_provider, the generator's --key_protect_hmac).
    private static readonly byte[] DataKeySeedElement = { 0x5A, 0x5A, 0xBE, 0xAE };
    private static readonly byte[] TweakKeySeedElement = { 0xA5, 0xA5, 0xDE, 0xCE };

    private readonly byte[] _key;

    private NvsKeys(byte[] key64)
    {
        _key = key64;
    }

    /// <summary>Bytes 0..31: the XTS data key.</summary>
    public ReadOnlySpan<byte> DataKey => _key.AsSpan(0, 32);

    /// <summary>Bytes 32..63: the XTS tweak key.</summary>
    public ReadOnlySpan<byte> TweakKey => _key.AsSpan(32, 32);

    /// <summary>Fresh keys from the operating system's CSPRNG.</summary>
    public static NvsKeys Generate()
    {
        var key = new byte[KeyLength];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(key);
        }
        return new NvsKeys(key);
    }

    /// <summary>Keys given as 64 bytes: the data key, then the tweak key.</summary>
    public static NvsKeys FromBytes(ReadOnlySpan<byte> key64)
    {
        if (key64.Length != KeyLength)
        {
            throw new MfgException(ErrorIds.NvsKeyLength, MfgErrorKind.InvalidArgument,
                $"An NVS encryption key is {KeyLength} bytes (32-byte data key + 32-byte tweak key); {key64.Length} were given.");
        }
        return new NvsKeys(key64.ToArray());
    }

    /// <summary>
    /// Keys derived from an HMAC key as ESP-IDF's HMAC-based key protection derives them on the chip:
    /// eky = HMAC-SHA256(hmacKey, 5A5ABEAE×8), tky = HMAC-SHA256(hmacKey, A5A5DECE×8).
    /// </summary>
    public static NvsKeys FromHmacKey(ReadOnlySpan<byte> hmacKey)
    {
        if (hmacKey.Length != 32)
        {
            throw new MfgException(ErrorIds.NvsHmacKeyLength, MfgErrorKind.InvalidArgument,
                $"The HMAC key for NVS key derivation is an eFuse key of 32 bytes; {hmacKey.Length} were given.");
        }
        var key = new byte[KeyLength];
        using (var hmac = new HMACSHA256(hmacKey.ToArray()))
        {
            hmac.ComputeHash(Seed(DataKeySeedElement)).CopyTo(key, 0);
            hmac.ComputeHash(Seed(TweakKeySeedElement)).CopyTo(key, 32);
        }
        return new NvsKeys(key);
    }

    /// <summary>Reads a keys partition, checking its CRC (ESP-IDF refuses a keys partition whose CRC does not match).</summary>
    public static NvsKeys FromPartition(ReadOnlySpan<byte> partition, string? sourceName = null)
    {
        string name = sourceName ?? "NVS keys partition";
        if (partition.Length < KeyLength + 4)
        {
            throw new MfgException(ErrorIds.NvsKeyPartitionInvalid, MfgErrorKind.InvalidData,
                $"{name}: {partition.Length} bytes is too short for an NVS keys partition (64 key bytes and a CRC).", sourceName);
        }
        if (NvsLayout.AllFF(partition.Slice(0, KeyLength + 4)))
        {
            throw new MfgException(ErrorIds.NvsKeyPartitionEmpty, MfgErrorKind.InvalidData,
                $"{name}: the keys partition is erased (all 0xFF); it holds no keys.", sourceName);
        }
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(partition.Slice(KeyLength));
        uint crc = EspCrc32.Compute(partition.Slice(0, KeyLength));
        if (stored != crc)
        {
            throw new MfgException(ErrorIds.NvsKeyPartitionCrcMismatch, MfgErrorKind.InvalidData,
                $"{name}: the keys partition CRC is 0x{stored:X8} but its 64 key bytes hash to 0x{crc:X8}.", sourceName);
        }
        return new NvsKeys(partition.Slice(0, KeyLength).ToArray());
    }

    /// <summary>The 4096-byte keys partition (the file flashed to the <c>nvs_keys</c> partition, with flash encryption).</summary>
    public byte[] ToPartition()
    {
        var p = new byte[PartitionSize];
        p.AsSpan().Fill(0xFF);
        _key.CopyTo(p, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(KeyLength), EspCrc32.Compute(_key));
        return p;
    }

    internal byte[] DataKeyArray() => _key.AsSpan(0, 32).ToArray();

    internal byte[] TweakKeyArray() => _key.AsSpan(32, 32).ToArray();

    private static byte[] Seed(byte[] element)
    {
        var seed = new byte[element.Length * 8];
        for (int i = 0; i < 8; i++)
        {
            element.CopyTo(seed, i * element.Length);
        }
        return seed;
    }
}
