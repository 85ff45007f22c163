using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Ota;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Ota;

/// <summary>Images byte-identical to the format's rules (vectors/ota, written by make_vectors.py), and hand-checked header bytes.</summary>
public class OtaVectorTests
{
    [Fact]
    public void The_vectors_cover_every_digest_optional_fields_two_payloads_and_wide_fields()
    {
        Assert.Equal(OtaDigests.All.Select(OtaDigests.Name).OrderBy(n => n), OtaVectors.Cases.Select(c => c.Digest).Distinct().OrderBy(n => n));
        Assert.Contains(OtaVectors.Cases, c => c.MinVersion != null && c.MaxVersion != null && c.ReleaseNotes != null);
        Assert.Contains(OtaVectors.Cases, c => c.Payloads.Count == 2);
        Assert.Contains(OtaVectors.Cases, c => c.Payloads.Sum(p => p.Length) > 0xFFFF && c.ReleaseNotes!.Length == 256);
    }

    [Theory]
    [MemberData(nameof(OtaVectors.Names), MemberType = typeof(OtaVectors))]
    public void Create_writes_the_vector_byte_for_byte(string name)
    {
        var c = OtaVectors.Case(name);
        using var tmp = new TempDir();
        string outFile = Path.Combine(tmp.Path, name + ".ota");
        var info = OtaImageFile.Create(c.PayloadFiles(tmp.Path), outFile, c.Fields);
        byte[] written = File.ReadAllBytes(outFile);
        if (c.Ota != null)
        {
            Assert.Equal(File.ReadAllBytes(OtaVectors.File(c.Ota)), written);
        }
        Assert.Equal(c.HeaderHex, Convert.ToHexStringLower(written, 0, c.HeaderHex.Length / 2));
        Assert.Equal(c.OtaChecksum, Convert.ToBase64String(SHA256.HashData(written)));
        Assert.Equal(c.OtaChecksum, info.OtaChecksum);
        Assert.Equal((ulong)c.OtaSize, info.OtaFileSize);
        Assert.Equal(c.PayloadDigestHex, info.PayloadDigest);
        Assert.True(info.DigestValid);
        Assert.Equal(outFile, info.Path);
    }

    [Theory]
    [MemberData(nameof(OtaVectors.Names), MemberType = typeof(OtaVectors))]
    public void Inspect_decodes_every_vector_field(string name)
    {
        var c = OtaVectors.Case(name);
        using var tmp = new TempDir();
        string path = c.Ota != null ? OtaVectors.File(c.Ota) : Path.Combine(tmp.Path, "x.ota");
        if (c.Ota == null)
        {
            OtaImageFile.Create(c.PayloadFiles(tmp.Path), path, c.Fields);
        }
        var info = OtaImageFile.Inspect(path);
        Assert.Equal((c.VendorId, c.ProductId, c.Version, c.VersionStr), (info.VendorId, info.ProductId, info.SoftwareVersion, info.SoftwareVersionString));
        Assert.Equal((c.MinVersion, c.MaxVersion, c.ReleaseNotes), (info.MinApplicableVersion, info.MaxApplicableVersion, info.ReleaseNotesUrl));
        Assert.Equal(c.Digest, OtaDigests.Name(info.DigestAlgorithm));
        Assert.Equal(c.PayloadDigestHex, info.PayloadDigest);
        Assert.Equal(c.PayloadDigestHex, info.ComputedDigest);
        Assert.True(info.DigestValid);
        Assert.Equal((ulong)c.Payloads.Sum(p => p.Length), info.PayloadSize);
        Assert.Equal(c.HeaderHex.Length / 2, info.PayloadOffset);
        Assert.Equal(c.OtaChecksum, info.OtaChecksum);
        Assert.Equal(1, info.OtaChecksumType);
    }

    [Fact]
    public void The_minimal_header_is_the_bytes_worked_out_by_hand()
    {
        // Fixed header: magic 1BEEF11E, total 16 + 61 + 1000 = 1077 (0x435), TLV size 61 (0x3D), little-endian.
        // TLV: 15 | 25 00 F1FF (VID uint16) | 25 01 0080 (PID) | 24 02 01 (version uint8) | 2C 03 03 "1.0" |
        //      25 04 E803 (payload 1000) | 24 08 01 (sha256) | 30 09 20 <32-byte digest> | 18
        using var tmp = new TempDir();
        string payload = Path.Combine(tmp.Path, "fw.bin");
        File.WriteAllBytes(payload, new byte[1000]);
        string outFile = Path.Combine(tmp.Path, "fw.ota");
        OtaImageFile.Create(new[] { payload }, outFile, new OtaHeaderFields { VendorId = 0xFFF1, ProductId = 0x8000, SoftwareVersion = 1, SoftwareVersionString = "1.0" });
        byte[] ota = File.ReadAllBytes(outFile);
        string expected = "1EF1EE1B" + "3504000000000000" + "3D000000"
            + "15" + "2500F1FF" + "25010080" + "240201" + "2C0303312E30" + "2504E803" + "240801"
            + "300920" + Convert.ToHexString(SHA256.HashData(new byte[1000])) + "18";
        Assert.Equal(expected, Convert.ToHexString(ota, 0, 77));
        Assert.Equal(1077, ota.Length);
        Assert.All(ota.Skip(77), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_256_byte_url_takes_a_two_byte_length_and_a_large_payload_a_four_byte_size()
    {
        var c = OtaVectors.Case("large_payload_long_url");
        string header = c.HeaderHex;
        Assert.Contains("2d070001" + Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes("https://aaaa")), header, StringComparison.Ordinal);
        Assert.Contains("260470110100", header, StringComparison.Ordinal); // 70000 = 0x00011170 as uint32
        Assert.Contains("2602ffffffff", header, StringComparison.Ordinal);
    }
}
