using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Security.Cryptography;
using MatterMfg.Checksums;
using MatterMfg.Diagnostics;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;

namespace MatterMfg.SecureCert;

/// <summary>
/// The esp_secure_cert partition in its TLV format (esp_secure_cert_mgr / esp-secure-cert-tool 2.3.6), as
/// esp-matter-mfg-tool writes it for <c>--dac-in-secure-cert</c> and friends. Layout of an entry (little-endian):
/// magic 0xBA5EBA11 (4), flags (1), reserved (3), type (1), subtype (1), length (2), data, zero padding to a multiple
/// of 16, CRC32 of all of that (4). Entries are packed from offset 0; after the last comes the end marker FF FF 00 00;
/// the rest of the 8 KiB is 0xFF.
/// </summary>
public static class EspSecureCertPartition
{
    public const int Size = 0x2000;
    public const uint Magic = 0xBA5EBA11;
    private const int HeaderLength = 12;
    private const byte EcdsaPeripheralFlag = 0x08;

    /// <summary>
    /// Builds the partition with the entries the reference writes, in its order: SEC_CFG (only with the ECDSA
    /// peripheral), DEV_CERT, CA_CERT, PRIV_KEY, then the Matter commissionable data (only when discriminator,
    /// iteration count, salt, verifier and rotating-device-id UID are all given, as with all three *-in-secure-cert
    /// options).
    /// </summary>
    public static byte[] Build(SecureCertContent c)
    {
        if (c == null)
        {
            throw new ArgumentNullException(nameof(c));
        }
        var image = new byte[Size];
        image.AsSpan().Fill(0xFF);
        int offset = 0;
        if (c.DsPeripheral)
        {
            Text.NumberText.Check(c.EfuseKeyId, "EfuseKeyId", 0, 5); // the ECDSA peripheral's key blocks
            var cfg = new byte[40];
            cfg[0] = (byte)(c.EfuseKeyId + 4);
            offset = Append(image, offset, SecureCertTlvType.SecCfg, 0, 0, cfg);
        }
        if (c.DacCertificateDer != null)
        {
            offset = Append(image, offset, SecureCertTlvType.DevCert, 0, 0, c.DacCertificateDer);
        }
        if (c.PaiCertificateDer != null)
        {
            offset = Append(image, offset, SecureCertTlvType.CaCert, 0, 0, c.PaiCertificateDer);
        }
        if (c.DacPrivateKey != null)
        {
            offset = Append(image, offset, SecureCertTlvType.PrivKey, 0, c.DsPeripheral ? EcdsaPeripheralFlag : (byte)0, Sec1Der(c.DacPrivateKey));
        }
        if (c.Discriminator is ushort disc && c.IterationCount is uint iterations && c.Salt != null && c.Verifier != null
            && c.RotatingDeviceIdUniqueId != null)
        {
            var d = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(d, disc);
            var it = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(it, iterations);
            offset = AppendMatter(image, offset, MatterTlvSubtype.Discriminator, d);
            offset = AppendMatter(image, offset, MatterTlvSubtype.Verifier, c.Verifier);
            offset = AppendMatter(image, offset, MatterTlvSubtype.Salt, c.Salt);
            offset = AppendMatter(image, offset, MatterTlvSubtype.IterationCount, it);
            offset = AppendMatter(image, offset, MatterTlvSubtype.RotatingDeviceIdUniqueId, c.RotatingDeviceIdUniqueId);
            offset = AppendMatter(image, offset, MatterTlvSubtype.Reserved128, c.Reserved128 ?? RandomBytes(32));
            offset = AppendMatter(image, offset, MatterTlvSubtype.Reserved129, c.Reserved129 ?? RandomBytes(32));
        }
        if (offset + 4 > Size)
        {
            throw Overflow(offset + 4);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(offset), 0xFFFF);
        return image;
    }

    /// <summary>Reads the entries of a partition, checking each magic, length and CRC.</summary>
    public static IReadOnlyList<SecureCertTlv> Parse(byte[] partition)
    {
        var list = new List<SecureCertTlv>();
        int offset = 0;
        while (offset + 4 <= partition.Length)
        {
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(partition.AsSpan(offset));
            if (magic != Magic)
            {
                break; // end marker (FF FF 00 00) or erased flash
            }
            if (offset + HeaderLength > partition.Length)
            {
                throw Corrupt(offset, "the entry header runs past the end of the partition");
            }
            int length = BinaryPrimitives.ReadUInt16LittleEndian(partition.AsSpan(offset + 10));
            int total = EntryLength(length);
            if (offset + total > partition.Length)
            {
                throw Corrupt(offset, $"the entry's length {length} runs past the end of the partition");
            }
            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(partition.AsSpan(offset + total - 4));
            uint actual = EspCrc32.Compute(partition.AsSpan(offset, total - 4));
            if (stored != actual)
            {
                throw Corrupt(offset, $"CRC mismatch (stored 0x{stored:X8}, computed 0x{actual:X8})");
            }
            list.Add(new SecureCertTlv(offset, (SecureCertTlvType)partition[offset + 8], partition[offset + 9], partition[offset + 4],
                partition.AsSpan(offset + HeaderLength, length).ToArray()));
            offset += total;
        }
        return list;
    }

    /// <summary>The raw 32-byte scalar of a SEC1 DER private key as stored in PRIV_KEY.</summary>
    public static byte[] PrivateKeyFromSec1(byte[] der)
    {
        var s = ECPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
        return BigIntegers.AsUnsignedByteArray(32, s.GetKey());
    }

    private static int EntryLength(int dataLength) => HeaderLength + dataLength + Padding(dataLength) + 4;

    private static int Padding(int length) => (16 - length % 16) % 16;

    private static int AppendMatter(byte[] image, int offset, MatterTlvSubtype subtype, byte[] data) =>
        Append(image, offset, SecureCertTlvType.MatterTlv1, (byte)subtype, 0, data);

    private static int Append(byte[] image, int offset, SecureCertTlvType type, byte subtype, byte flags, byte[] data)
    {
        if (data.Length > ushort.MaxValue)
        {
            throw Overflow(offset + data.Length);
        }
        int total = EntryLength(data.Length);
        if (offset + total > Size)
        {
            throw Overflow(offset + total);
        }
        var span = image.AsSpan(offset, total);
        span.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        span[4] = flags;
        span[8] = (byte)type;
        span[9] = subtype;
        BinaryPrimitives.WriteUInt16LittleEndian(span.Slice(10), (ushort)data.Length);
        data.CopyTo(span.Slice(HeaderLength));
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(total - 4), EspCrc32.Compute(span.Slice(0, total - 4)));
        return offset + total;
    }

    /// <summary>SEC1 ECPrivateKey DER with the named curve and the public key, as OpenSSL's "traditional" format (121 bytes for P-256).</summary>
    private static byte[] Sec1Der(byte[] scalar)
    {
        if (scalar.Length != 32)
        {
            throw new MfgException(ErrorIds.SecureCertPrivateKeyInvalid, MfgErrorKind.InvalidArgument,
                $"The DAC private key must be a 32-byte P-256 scalar, not {scalar.Length} bytes.", "DacPrivateKey");
        }
        X9ECParameters curve = ECNamedCurveTable.GetByOid(SecObjectIdentifiers.SecP256r1);
        var d = new BigInteger(1, scalar);
        byte[] publicKey = curve.G.Multiply(d).Normalize().GetEncoded(false);
        var structure = new ECPrivateKeyStructure(256, d, new DerBitString(publicKey), new X962Parameters(SecObjectIdentifiers.SecP256r1));
        return structure.GetDerEncoded();
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(b);
        return b;
    }

    private static MfgException Overflow(int needed) =>
        new(ErrorIds.SecureCertPartitionFull, MfgErrorKind.InvalidOperation,
            $"The secure-cert data needs {needed} bytes, more than the {Size}-byte esp_secure_cert partition.", "esp_secure_cert");

    private static MfgException Corrupt(int offset, string what) =>
        new(ErrorIds.SecureCertCorrupt, MfgErrorKind.InvalidData, $"esp_secure_cert entry at 0x{offset:X4}: {what}.", offset);
}
