using System;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.SecureCert;
using MatterMfg.Tests.Infrastructure;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Utilities;

namespace MatterMfg.Tests.SecureCert;

public class EspSecureCertPartitionTests
{
    private static string Case(string file) => Repo.Vector("factory", "dac_in_secure_cert", file);

    private static byte[] PemToDer(string path) =>
        new PemReader(new StringReader(File.ReadAllText(path))).ReadPemObject().Content;

    private static byte[] DacScalar()
    {
        var pair = (Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair)new PemReader(new StringReader(File.ReadAllText(Case("DAC_key.pem")))).ReadObject();
        return BigIntegers.AsUnsignedByteArray(32, ((ECPrivateKeyParameters)pair.Private).D);
    }

    private static SecureCertContent VectorContent() => new()
    {
        DacCertificateDer = PemToDer(Case("DAC_cert.pem")),
        PaiCertificateDer = PemToDer(Case("Chip-Test-PAI-FFF2-8001-Cert.pem")),
        DacPrivateKey = DacScalar(),
    };

    [Fact]
    public void DacInSecureCertMatchesTheReferenceByteForByte()
    {
        byte[] expected = File.ReadAllBytes(Case("expected-esp_secure_cert.bin"));
        byte[] actual = EspSecureCertPartition.Build(VectorContent());
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    [Fact]
    public void ParseListsTheReferenceEntriesWithOffsets()
    {
        var entries = EspSecureCertPartition.Parse(File.ReadAllBytes(Case("expected-esp_secure_cert.bin")));
        Assert.Equal(new[] { SecureCertTlvType.DevCert, SecureCertTlvType.CaCert, SecureCertTlvType.PrivKey }, entries.Select(e => e.Type));
        // Offsets as esp-secure-cert-tool's parser lists them (expected-secure-cert.txt).
        Assert.Equal(new[] { 0x0000, 0x0210, 0x03F0 }, entries.Select(e => e.Offset));
        Assert.Equal(121, entries[2].Data.Length);
        Assert.Equal(DacScalar(), EspSecureCertPartition.PrivateKeyFromSec1(entries[2].Data));
        Assert.Equal(PemToDer(Case("DAC_cert.pem")), entries[0].Data);
    }

    [Fact]
    public void CommissionableDataUsesTheFirmwareSubtypesAndWidths()
    {
        var c = VectorContent();
        c.Discriminator = 3001;
        c.IterationCount = 10000;
        c.Salt = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        c.Verifier = Enumerable.Range(0, 97).Select(i => (byte)(i * 3)).ToArray();
        c.RotatingDeviceIdUniqueId = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();
        var entries = EspSecureCertPartition.Parse(EspSecureCertPartition.Build(c));
        var matter = entries.Where(e => e.Type == SecureCertTlvType.MatterTlv1).ToDictionary(e => (MatterTlvSubtype)e.Subtype, e => e.Data);
        Assert.Equal(new byte[] { 0xB9, 0x0B }, matter[MatterTlvSubtype.Discriminator]);
        Assert.Equal(new byte[] { 0x10, 0x27, 0, 0 }, matter[MatterTlvSubtype.IterationCount]);
        Assert.Equal(c.Salt, matter[MatterTlvSubtype.Salt]);
        Assert.Equal(c.Verifier, matter[MatterTlvSubtype.Verifier]);
        Assert.Equal(c.RotatingDeviceIdUniqueId, matter[MatterTlvSubtype.RotatingDeviceIdUniqueId]);
        Assert.Equal(32, matter[MatterTlvSubtype.Reserved128].Length);
        Assert.NotEqual(matter[MatterTlvSubtype.Reserved128], matter[MatterTlvSubtype.Reserved129]);
        // Order as the reference: the DAC entries, then Matter subtypes 0,1,2,3,4,128,129.
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 128, 129 }, entries.Skip(3).Select(e => e.Subtype));
    }

    [Fact]
    public void IncompleteCommissionableDataIsNotWritten()
    {
        var c = VectorContent();
        c.Discriminator = 3001;
        c.Salt = new byte[16];
        Assert.Equal(3, EspSecureCertPartition.Parse(EspSecureCertPartition.Build(c)).Count);
    }

    [Fact]
    public void EcdsaPeripheralAddsSecCfgAndFlagsTheKey()
    {
        var c = VectorContent();
        c.DsPeripheral = true;
        c.EfuseKeyId = 2;
        var entries = EspSecureCertPartition.Parse(EspSecureCertPartition.Build(c));
        Assert.Equal(SecureCertTlvType.SecCfg, entries[0].Type);
        Assert.Equal(40, entries[0].Data.Length);
        Assert.Equal(6, entries[0].Data[0]);
        Assert.Equal(0x08, entries.Single(e => e.Type == SecureCertTlvType.PrivKey).Flags);
        var bad = VectorContent();
        bad.DsPeripheral = true;
        Assert.Equal("NumberOutOfRange", Assert.Throws<MfgException>(() => EspSecureCertPartition.Build(bad)).ErrorId);
    }

    [Fact]
    public void EveryBitFlipInAnEntryIsDetected()
    {
        byte[] image = EspSecureCertPartition.Build(VectorContent());
        int end = EspSecureCertPartition.Parse(image).Sum(e => 16 + e.Data.Length + (16 - e.Data.Length % 16) % 16);
        var rng = new Random(7);
        for (int trial = 0; trial < 400; trial++)
        {
            var copy = (byte[])image.Clone();
            int bit = rng.Next(end * 8);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            int byteIndex = bit / 8;
            bool inMagic = EspSecureCertPartition.Parse(image).Any(e => byteIndex >= e.Offset && byteIndex < e.Offset + 4);
            if (inMagic)
            {
                // A broken magic ends the list early: the entry disappears instead of being read.
                Assert.True(EspSecureCertPartition.Parse(copy).Count < 3);
                continue;
            }
            var e = Assert.Throws<MfgException>(() => EspSecureCertPartition.Parse(copy));
            Assert.Equal("SecureCertCorrupt", e.ErrorId);
        }
    }

    [Fact]
    public void DataBeyondThePartitionIsRejected()
    {
        var c = new SecureCertContent { DacCertificateDer = new byte[5000], PaiCertificateDer = new byte[5000] };
        Assert.Equal("SecureCertPartitionFull", Assert.Throws<MfgException>(() => EspSecureCertPartition.Build(c)).ErrorId);
    }
}
