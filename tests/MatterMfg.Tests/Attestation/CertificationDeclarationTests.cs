using System;
using System.IO;
using System.Linq;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.Attestation;

public class CertificationDeclarationTests
{
    private static MatterCertificate Signer => Cert("Chip-Test-CD-Signing-Cert.pem");

    private static CertificationDeclaration Read(string name) => CertificationDeclaration.Read(VectorFile(name));

    [Fact]
    public void Cd_fff2_8001_decodes_to_the_documented_fields()
    {
        var cd = Read("Chip-Test-CD-FFF2-8001.der");
        Assert.Equal(1, cd.FormatVersion);
        Assert.Equal((ushort)0xFFF2, cd.VendorId);
        Assert.Equal(new ushort[] { 0x8001 }, cd.ProductIds);
        Assert.Equal(0x1234u, cd.DeviceTypeId);
        Assert.Equal("ZIG20141ZB330001-24", cd.CertificateId);
        Assert.Equal(0, cd.SecurityLevel);
        Assert.Equal(0, cd.SecurityInformation);
        Assert.Equal(0x9876, cd.VersionNumber);
        Assert.Equal(0, cd.CertificationType);
        Assert.Equal("DevelopmentAndTest", cd.CertificationTypeName);
        Assert.Null(cd.DacOriginVendorId);
        Assert.Empty(cd.AuthorizedPaaKeyIds);
        Assert.Equal("62FA823359ACFAA9963E1CFA140ADDF504F37160", cd.SignerKeyIdHex);
        Assert.Equal("152400012501F2FF360205018018250334122C04135A494732303134315A423333303030312D32342405002406002507769824080018", Convert.ToHexString(cd.Content));
        Assert.True(cd.VerifySignature(Signer, out string why), why);
        Assert.True(cd.IsTestPki);
        Assert.True(cd.Covers(0xFFF2, 0x8001));
        Assert.False(cd.Covers(0xFFF2, 0x8002));
        Assert.False(cd.Covers(0xFFF1, 0x8001));
    }

    [Fact]
    public void Cd_for_all_examples_decodes_to_100_product_ids()
    {
        var cd = Read("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der");
        Assert.Equal((ushort)0xFFF1, cd.VendorId);
        Assert.Equal(Enumerable.Range(0x8000, 100).Select(i => (ushort)i), cd.ProductIds);
        Assert.Equal(0x16u, cd.DeviceTypeId);
        Assert.Equal("ZIG20142ZB330003-24", cd.CertificateId);
        Assert.Equal(0x2694, cd.VersionNumber);
        Assert.True(cd.VerifySignature(Signer, out string why), why);
        Assert.Equal(File.ReadAllBytes(VectorFile("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der")), MatterTestPki.CertificationDeclarationDer);
    }

    [Fact]
    public void Our_encoding_of_the_documented_fields_is_the_upstream_payload()
    {
        var upstream = Read("Chip-Test-CD-FFF2-8001.der");
        Assert.Equal(upstream.Content, CertificationDeclaration.EncodeContent(upstream));
        var all = Read("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der");
        Assert.Equal(all.Content, CertificationDeclaration.EncodeContent(all));
    }

    [Fact]
    public void Generated_cd_has_the_upstream_envelope_and_verifies()
    {
        var upstream = Read("Chip-Test-CD-FFF2-8001.der");
        var cd = CertificationDeclaration.Create(upstream, Signer, Key("Chip-Test-CD-Signing-Key.pem"));
        Assert.Equal(upstream.Content, cd.Content);
        Assert.True(cd.VerifySignature(Signer, out string why), why);
        // The CMS structure is upstream's byte for byte apart from the signature (ECDSA is randomized, its DER is 70..72
        // bytes, so only the lengths around it may differ): version, digest set and content at 20..109, the signer
        // info's version, key id and algorithms at 113..163 (offsets from the asn1parse dump in the vectors README).
        Assert.Equal(upstream.Der.AsSpan(20, 89).ToArray(), cd.Der.AsSpan(20, 89).ToArray());
        Assert.Equal(upstream.Der.AsSpan(113, 50).ToArray(), cd.Der.AsSpan(113, 50).ToArray());
    }

    [OpenSslFact]
    public void Openssl_verifies_a_generated_cd()
    {
        using var tmp = new Tests.Infrastructure.TempDir();
        var cd = CertificationDeclaration.Create(new CertificationElements
        {
            VendorId = 0xFFF1, ProductIds = new ushort[] { 0x8000, 0x8001 }, DeviceTypeId = 0x0016, CertificateId = "ZIG20141ZB330001-24", VersionNumber = 9876,
        }, Signer, Key("Chip-Test-CD-Signing-Key.pem"));
        File.WriteAllBytes(tmp.File("cd.der"), cd.Der);
        File.WriteAllText(tmp.File("signer.pem"), Signer.ToPem());
        var (code, output) = OpenSsl.Run("cms", "-verify", "-inform", "DER", "-in", tmp.File("cd.der"), "-certfile", tmp.File("signer.pem"), "-noverify", "-binary", "-out", tmp.File("content.bin"));
        Assert.True(code == 0, output);
        Assert.Equal(cd.Content, File.ReadAllBytes(tmp.File("content.bin")));
    }

    [Fact]
    public void Optional_fields_round_trip()
    {
        var paa = PaaFff1.SubjectKeyId!;
        var cd = CertificationDeclaration.Create(new CertificationElements
        {
            VendorId = 0xFFF1, ProductIds = new ushort[] { 0x8000 }, DeviceTypeId = 0x010D, CertificateId = "CSA22001MAT40001-24", SecurityLevel = 1, SecurityInformation = 0x1234,
            VersionNumber = 1, CertificationType = 2, DacOriginVendorId = 0xFFF2, DacOriginProductId = 0x8001, AuthorizedPaaKeyIds = new[] { paa },
        }, Signer, Key("Chip-Test-CD-Signing-Key.pem"));
        var back = CertificationDeclaration.Decode(cd.Der, "cd");
        Assert.Equal((ushort)0xFFF2, back.DacOriginVendorId);
        Assert.Equal((ushort)0x8001, back.DacOriginProductId);
        Assert.Equal(paa, Assert.Single(back.AuthorizedPaaKeyIds));
        Assert.Equal("Official", back.CertificationTypeName);
        Assert.Equal(0x1234, back.SecurityInformation);
        Assert.Equal(0x010Du, back.DeviceTypeId);
    }

    [Fact]
    public void A_tampered_cd_or_another_signer_fails_verification()
    {
        byte[] der = File.ReadAllBytes(VectorFile("Chip-Test-CD-FFF2-8001.der"));
        der[53 + 2 + 16] ^= 0x01; // inside the certificate_id string of the payload
        var tampered = CertificationDeclaration.Decode(der, "tampered");
        Assert.False(tampered.VerifySignature(Signer, out string why));
        Assert.Contains("does not verify", why);
        Assert.False(Read("Chip-Test-CD-FFF2-8001.der").VerifySignature(PaiFff1, out why));
        Assert.Contains("key id", why);
    }

    [Fact]
    public void Cd_checks_in_the_chain_report_coverage_and_signature()
    {
        var cd = Read("Chip-Test-CD-FFF2-8001.der");
        var report = AttestationChain.Check(Dac(0), PaiFff1, PaaFff1, new AttestationChainOptions { CertificationDeclaration = cd, CdSigner = Signer });
        Assert.Equal(new[] { "CdVendorId", "CdProductId" }, report.Failures.Select(f => f.Rule));
        Assert.Contains(report.Checks, c => c.Rule == "CdSignature" && c.Passed);
        var good = AttestationChain.Check(Dac(0), PaiFff1, PaaFff1, new AttestationChainOptions
        {
            CertificationDeclaration = Read("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der"), CdSigner = Signer, VendorId = 0xFFF1, ProductId = 0x8000,
        });
        Assert.True(good.IsValid, string.Join("\n", good.Failures));
        // An authorized PAA list that leaves the PAA out.
        var restricted = CertificationDeclaration.Create(new CertificationElements
        {
            VendorId = 0xFFF1, ProductIds = new ushort[] { 0x8000 }, DeviceTypeId = 0x16, CertificateId = "ZIG20141ZB330001-24", VersionNumber = 1,
            AuthorizedPaaKeyIds = new[] { PaaNoVid.SubjectKeyId! },
        }, Signer, Key("Chip-Test-CD-Signing-Key.pem"));
        var r = AttestationChain.Check(Dac(0), PaiFff1, PaaFff1, new AttestationChainOptions { CertificationDeclaration = restricted, CdSigner = Signer });
        Assert.Equal(new[] { "CdAuthorizedPaa" }, r.Failures.Select(f => f.Rule));
    }

    [Theory]
    [InlineData("CdVendorIdInvalid")]
    [InlineData("CdProductIdCount")]
    [InlineData("CdCertificateIdLength")]
    [InlineData("CdVersionNumberInvalid")]
    [InlineData("CdCertificationTypeInvalid")]
    [InlineData("CdDacOriginIncomplete")]
    public void Gen_cd_rules_are_enforced(string id)
    {
        var e = new CertificationElements { VendorId = 0xFFF1, ProductIds = new ushort[] { 0x8000 }, DeviceTypeId = 0x16, CertificateId = "ZIG20141ZB330001-24", VersionNumber = 1 };
        switch (id)
        {
            case "CdVendorIdInvalid": e.VendorId = 0; break;
            case "CdProductIdCount": e.ProductIds = Enumerable.Range(1, 101).Select(i => (ushort)i).ToArray(); break;
            case "CdCertificateIdLength": e.CertificateId = "ZIG20141ZB330001"; break;
            case "CdVersionNumberInvalid": e.VersionNumber = 0; break;
            case "CdCertificationTypeInvalid": e.CertificationType = 3; break;
            case "CdDacOriginIncomplete": e.DacOriginVendorId = 0xFFF2; break;
        }
        Assert.Equal(id, Assert.Throws<MfgException>(() => CertificationDeclaration.Create(e, Signer, Key("Chip-Test-CD-Signing-Key.pem"))).ErrorId);
    }

    [Fact]
    public void Malformed_cds_are_refused_with_the_reason()
    {
        var cert = Assert.Throws<MfgException>(() => CertificationDeclaration.Read(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.der")));
        Assert.Equal("CertificationDeclarationMalformed", cert.ErrorId);
        byte[] der = File.ReadAllBytes(VectorFile("Chip-Test-CD-FFF2-8001.der"));
        der[53 + 2 + 1] = 0x25; // format_version becomes a 2-byte uint: the TLV no longer parses as the declared length
        var tlv = Assert.Throws<MfgException>(() => CertificationDeclaration.Decode(der, "bad.der"));
        Assert.Equal("CertificationDeclarationMalformed", tlv.ErrorId);
        Assert.Contains("TLV payload", tlv.Message);
        Assert.Contains("bad.der", tlv.Message);
    }
}
