using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.Tests.Infrastructure;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.Attestation;

public class DacIssuanceTests
{
    private static readonly DateTime Start = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static DacIssuer TestIssuer(int? lifetime = 365) =>
        new(PaiFff1, Key("Chip-Test-PAI-FFF1-8000-Key.pem"), 0xFFF1, 0x8000,
            CertificateValidity.Resolve(Start, lifetime, false, PaiFff1, ValidityLimit.Reject, "DAC"));

    [Fact]
    public void Issued_dac_follows_the_profile_field_by_field()
    {
        var dac = TestIssuer().Issue("8e7d7030-8814-4104-a9df-99a4c56922e0");
        var c = dac.Certificate;
        var tbs = c.Certificate.CertificateStructure.TbsCertificate;

        Assert.Equal(3, c.Certificate.Version);
        Assert.Equal("1.2.840.10045.4.3.2", c.Certificate.SigAlgOid);
        Assert.Null(c.Certificate.CertificateStructure.SignatureAlgorithm.Parameters);
        // Serial: positive, 20 bytes of DER INTEGER content.
        byte[] serial = tbs.SerialNumber.Value.ToByteArray();
        Assert.Equal(20, serial.Length);
        Assert.True(tbs.SerialNumber.Value.SignValue > 0);
        // Subject: CN, VID, PID as three single-attribute RDNs, all UTF8String.
        var rdns = Asn1Sequence.GetInstance(tbs.Subject.ToAsn1Object()).Cast<Asn1Encodable>().Select(r => Asn1Sequence.GetInstance(Asn1Set.GetInstance(r)[0])).ToList();
        Assert.Equal(3, rdns.Count);
        Assert.Equal(new[] { "2.5.4.3", "1.3.6.1.4.1.37244.2.1", "1.3.6.1.4.1.37244.2.2" }, rdns.Select(r => DerObjectIdentifier.GetInstance(r[0]).Id));
        Assert.All(rdns, r => Assert.IsType<DerUtf8String>(r[1]));
        Assert.Equal(new[] { "8e7d7030-8814-4104-a9df-99a4c56922e0", "FFF1", "8000" }, rdns.Select(r => ((DerUtf8String)r[1]).GetString()));
        // Issuer = the PAI subject byte for byte.
        Assert.Equal(PaiFff1.Certificate.CertificateStructure.Subject.GetDerEncoded(), tbs.Issuer.GetDerEncoded());
        // Validity.
        Assert.Equal(Start, c.NotBefore);
        Assert.Equal(Start.AddDays(365), c.NotAfter);
        // Extensions in chip-cert's order, with their criticality.
        var oids = tbs.Extensions.ExtensionOids.Select(o => o.Id).ToList();
        Assert.Equal(new[] { "2.5.29.19", "2.5.29.15", "2.5.29.14", "2.5.29.35" }, oids);
        Assert.True(tbs.Extensions.GetExtension(X509Extensions.BasicConstraints).IsCritical);
        Assert.False(BasicConstraints.GetInstance(tbs.Extensions.GetExtension(X509Extensions.BasicConstraints).GetParsedValue()).IsCA());
        Assert.True(tbs.Extensions.GetExtension(X509Extensions.KeyUsage).IsCritical);
        Assert.Equal(new[] { true, false, false, false, false, false, false, false, false }, c.Certificate.GetKeyUsage());
        Assert.False(tbs.Extensions.GetExtension(X509Extensions.SubjectKeyIdentifier).IsCritical);
        Assert.Equal(System.Security.Cryptography.SHA1.HashData(dac.Key.PublicKey), c.SubjectKeyId);
        Assert.Equal(PaiFff1.SubjectKeyId, c.AuthorityKeyId);
        // The key: P-256, the certificate holds its public point.
        Assert.True(c.HasP256Key);
        Assert.Equal(dac.Key.PublicKey, c.PublicKey);
    }

    [Fact]
    public void Issued_dacs_validate_with_our_checker()
    {
        var issuer = TestIssuer(null);
        var dac = issuer.Issue("device-1");
        var report = AttestationChain.Check(dac.Certificate, PaiFff1, PaaFff1, new AttestationChainOptions { VendorId = 0xFFF1, ProductId = 0x8000, DacKey = dac.Key });
        Assert.True(report.IsValid, string.Join("\n", report.Failures));
        // No lifetime: the DAC ends with the PAI (9999-12-31 for the test PAI), encoded as GeneralizedTime.
        Assert.Equal(CertificateValidity.NoWellDefinedExpiration, dac.Certificate.NotAfter);
        Assert.True(issuer.IsTestPki);
    }

    [OpenSslFact]
    public void Issued_dacs_and_pais_validate_with_openssl()
    {
        using var tmp = new TempDir();
        var paiValidity = CertificateValidity.Resolve(Start, 3650, false, PaaNoVid, ValidityLimit.Reject, "PAI");
        var pai = PaiIssuer.Issue(PaaNoVid, Key("Chip-Test-PAA-NoVID-Key.pem"), 0xFFF2, null, "ACME PAI 00", paiValidity);
        var issuer = new DacIssuer(pai.Certificate, pai.Key, 0xFFF2, 0x8001, CertificateValidity.Resolve(Start, 365, false, pai.Certificate, ValidityLimit.Reject, "DAC"));
        var dac = issuer.Issue("3a0a2f4e-55a1-4b8e-9a43-0a8c7b0de001");
        File.WriteAllText(tmp.File("paa.pem"), PaaNoVid.ToPem());
        File.WriteAllText(tmp.File("pai.pem"), pai.Certificate.ToPem());
        File.WriteAllText(tmp.File("dac.pem"), dac.CertificatePem);
        File.WriteAllText(tmp.File("dac-key.pem"), dac.Key.ToPkcs8Pem());
        File.WriteAllBytes(tmp.File("dac-key.der"), dac.Key.ToSec1Der());

        var (code, output) = OpenSsl.Run("verify", "-x509_strict", "-attime", ToUnix(Start.AddDays(1)), "-CAfile", tmp.File("paa.pem"), "-untrusted", tmp.File("pai.pem"), tmp.File("dac.pem"));
        Assert.True(code == 0, output);
        Assert.Contains("dac.pem: OK", output);
        // openssl reads our key encodings and agrees they are the DAC's key.
        var (c1, pub1) = OpenSsl.Run("pkey", "-in", tmp.File("dac-key.pem"), "-pubout");
        var (c2, pub2) = OpenSsl.Run("x509", "-in", tmp.File("dac.pem"), "-noout", "-pubkey");
        var (c3, pub3) = OpenSsl.Run("ec", "-inform", "DER", "-in", tmp.File("dac-key.der"), "-pubout");
        Assert.Equal(0, c1 + c2 + c3);
        Assert.Equal(pub2, pub1);
        Assert.Contains(pub2.Trim(), pub3);
        var (_, text) = OpenSsl.Run("x509", "-in", tmp.File("pai.pem"), "-noout", "-text");
        Assert.Contains("CA:TRUE, pathlen:0", text);
        Assert.Contains("Certificate Sign, CRL Sign", text);
        Assert.Contains("ecdsa-with-SHA256", text);
    }

    [Fact]
    public void Pai_from_a_paa_follows_the_pai_profile()
    {
        var validity = CertificateValidity.Resolve(Start, null, false, PaaFff1, ValidityLimit.Reject, "PAI");
        var pai = PaiIssuer.Issue(PaaFff1, Key("Chip-Test-PAA-FFF1-Key.pem"), 0xFFF1, 0x8005, "ESP32 PAI 00", validity);
        var checks = AttestationChain.Profile(pai.Certificate, AttestationRole.Pai, Start.AddDays(1));
        Assert.All(checks, c => Assert.True(c.Passed, c.ToString()));
        Assert.Equal((ushort)0x8005, pai.Certificate.Subject.ProductId);
        Assert.Equal("ESP32 PAI 00", pai.Certificate.Subject.CommonName);
        Assert.True(pai.Certificate.IsSignedBy(PaaFff1.PublicKey));
        Assert.Equal(new[] { true, false, false, false, false, true, true, false, false }, pai.Certificate.Certificate.GetKeyUsage());
        // Field by field as chip-cert writes a PAI: serial, subject RDN types, issuer bytes, extension order and criticality.
        var tbs = pai.Certificate.Certificate.CertificateStructure.TbsCertificate;
        Assert.Equal(20, tbs.SerialNumber.Value.ToByteArray().Length);
        var rdns = Asn1Sequence.GetInstance(tbs.Subject.ToAsn1Object()).Cast<Asn1Encodable>().Select(r => Asn1Sequence.GetInstance(Asn1Set.GetInstance(r)[0])).ToList();
        Assert.Equal(new[] { "2.5.4.3", "1.3.6.1.4.1.37244.2.1", "1.3.6.1.4.1.37244.2.2" }, rdns.Select(r => DerObjectIdentifier.GetInstance(r[0]).Id));
        Assert.Equal(new[] { "ESP32 PAI 00", "FFF1", "8005" }, rdns.Select(r => Assert.IsType<DerUtf8String>(r[1]).GetString()));
        Assert.Equal(PaaFff1.Certificate.CertificateStructure.Subject.GetDerEncoded(), tbs.Issuer.GetDerEncoded());
        Assert.Equal(new[] { "2.5.29.19", "2.5.29.15", "2.5.29.14", "2.5.29.35" }, tbs.Extensions.ExtensionOids.Select(o => o.Id));
        var bc = tbs.Extensions.GetExtension(X509Extensions.BasicConstraints);
        Assert.True(bc.IsCritical);
        Assert.True(BasicConstraints.GetInstance(bc.GetParsedValue()).IsCA());
        Assert.Equal(0, BasicConstraints.GetInstance(bc.GetParsedValue()).PathLenConstraint.IntValue);
        Assert.True(tbs.Extensions.GetExtension(X509Extensions.KeyUsage).IsCritical);
        Assert.Equal(PaaFff1.SubjectKeyId, pai.Certificate.AuthorityKeyId);
        Assert.Equal(System.Security.Cryptography.SHA1.HashData(pai.Key.PublicKey), pai.Certificate.SubjectKeyId);
        Assert.Equal(Start, pai.Certificate.NotBefore);
        Assert.Equal(PaaFff1.NotAfter, pai.Certificate.NotAfter);
    }

    [Fact]
    public void Pai_vendor_and_product_ids_must_match_the_device()
    {
        var v = CertificateValidity.Resolve(Start, 1, false, PaiFff1, ValidityLimit.Reject, "DAC");
        var key = Key("Chip-Test-PAI-FFF1-8000-Key.pem");
        Assert.Equal("PaiVendorIdMismatch", Assert.Throws<MfgException>(() => new DacIssuer(PaiFff1, key, 0xFFF2, 0x8000, v)).ErrorId);
        var e = Assert.Throws<MfgException>(() => new DacIssuer(PaiFff1, key, 0xFFF1, 0x8001, v));
        Assert.Equal("PaiProductIdMismatch", e.ErrorId);
        Assert.Contains("8000", e.Message);
        Assert.Contains("8001", e.Message);
        // A PAI without PID issues for any PID of its vendor.
        var noPid = PaiIssuer.Issue(PaaNoVid, Key("Chip-Test-PAA-NoVID-Key.pem"), 0xFFF2, null, "No PID PAI",
            CertificateValidity.Resolve(Start, 30, false, PaaNoVid, ValidityLimit.Reject, "PAI"));
        var vNoPid = CertificateValidity.Resolve(Start, 1, false, noPid.Certificate, ValidityLimit.Reject, "DAC");
        Assert.Equal((ushort)0x8123, new DacIssuer(noPid.Certificate, noPid.Key, 0xFFF2, 0x8123, vNoPid).Issue("d").Certificate.Subject.ProductId);
        Assert.Equal("PaiVendorIdMismatch", Assert.Throws<MfgException>(() => new DacIssuer(noPid.Certificate, noPid.Key, 0xFFF1, 0x8123, vNoPid)).ErrorId);
    }

    [Fact]
    public void Wrong_key_or_a_paa_used_as_pai_is_refused()
    {
        var v = CertificateValidity.Resolve(Start, 1, false, PaiFff1, ValidityLimit.Reject, "DAC");
        Assert.Equal("KeyCertificateMismatch", Assert.Throws<MfgException>(() => new DacIssuer(PaiFff1, Key("Chip-Test-PAA-FFF1-Key.pem"), 0xFFF1, 0x8000, v)).ErrorId);
        var vPaa = CertificateValidity.Resolve(Start, 1, false, PaaFff1, ValidityLimit.Reject, "DAC");
        var e = Assert.Throws<MfgException>(() => new DacIssuer(PaaFff1, Key("Chip-Test-PAA-FFF1-Key.pem"), 0xFFF1, 0x8000, vPaa));
        Assert.Equal("PaiInvalid", e.ErrorId);
        Assert.Contains("pathlen 0", e.Message);
    }

    [Fact]
    public void Validity_is_clamped_or_rejected_against_the_issuer()
    {
        using var shortPai = ShortPai();
        var pai = shortPai.Certificate;
        // Default: ends with the PAI.
        var d = CertificateValidity.Resolve(Start, null, false, pai, ValidityLimit.Reject, "DAC");
        Assert.Equal(pai.NotAfter, d.NotAfter);
        Assert.False(d.Clamped);
        // 100 years (the reference's default) past a 10-year PAI: clamped, or rejected with both windows named.
        var c = CertificateValidity.Resolve(Start, 36500, false, pai, ValidityLimit.Clamp, "DAC");
        Assert.True(c.Clamped);
        Assert.Equal(pai.NotAfter, c.NotAfter);
        var e = Assert.Throws<MfgException>(() => CertificateValidity.Resolve(Start, 36500, false, pai, ValidityLimit.Reject, "DAC"));
        Assert.Equal("ValidityOutsideIssuer", e.ErrorId);
        Assert.Contains("2125-", e.Message);
        Assert.Contains(AttestationChain.Iso(pai.NotAfter), e.Message);
        // No well-defined expiration past the PAI end behaves the same.
        Assert.True(CertificateValidity.Resolve(Start, null, true, pai, ValidityLimit.Clamp, "DAC").Clamped);
        // A start outside the PAI is always an error.
        Assert.Equal("ValidityOutsideIssuer", Assert.Throws<MfgException>(() => CertificateValidity.Resolve(Start.AddYears(-10), 1, false, pai, ValidityLimit.Clamp, "DAC")).ErrorId);
        // No expiration under the 9999 test PAI.
        Assert.Equal(CertificateValidity.NoWellDefinedExpiration, CertificateValidity.Resolve(Start, null, true, PaiFff1, ValidityLimit.Reject, "DAC").NotAfter);
    }

    [Fact]
    public void Issue_is_thread_safe_and_every_dac_is_distinct()
    {
        var issuer = TestIssuer();
        var dacs = new IssuedDac[64];
        Parallel.For(0, dacs.Length, i => dacs[i] = issuer.Issue("dev-" + i));
        Assert.Equal(dacs.Length, dacs.Select(d => d.Certificate.SerialNumber).Distinct().Count());
        Assert.Equal(dacs.Length, dacs.Select(d => Convert.ToHexString(d.Key.PublicKey)).Distinct().Count());
        Assert.All(dacs, d => Assert.True(d.Certificate.IsSignedBy(PaiFff1.PublicKey)));
    }

    [Fact]
    public void Key_encodings_round_trip()
    {
        var key = TestIssuer().Issue("x").Key;
        Assert.Equal(121, key.ToSec1Der().Length);
        foreach (var encoded in new[] { key.ToSec1Der(), key.ToPkcs8Der(), System.Text.Encoding.ASCII.GetBytes(key.ToPkcs8Pem()), key.ExportScalar() })
        {
            Assert.Equal(key.PublicKey, AttestationCredentials.ParsePrivateKey(encoded, "k", null).PublicKey);
        }
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", key.ToPkcs8Pem());
    }

    private static IssuedCertificateScope ShortPai()
    {
        var v = CertificateValidity.Resolve(Start.AddDays(-1), 3650, false, PaaFff1, ValidityLimit.Reject, "PAI");
        return new IssuedCertificateScope(PaiIssuer.Issue(PaaFff1, Key("Chip-Test-PAA-FFF1-Key.pem"), 0xFFF1, 0x8000, "Short PAI", v));
    }

    private static string ToUnix(DateTime t) => new DateTimeOffset(t).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class IssuedCertificateScope : IDisposable
    {
        public IssuedCertificateScope(IssuedCertificate c) => Issued = c;

        public IssuedCertificate Issued { get; }

        public MatterCertificate Certificate => Issued.Certificate;

        public void Dispose() => Issued.Key.Dispose();
    }
}
