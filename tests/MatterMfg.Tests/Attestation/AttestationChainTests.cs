using System;
using System.Linq;
using MatterMfg.Attestation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.Attestation;

public class AttestationChainTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Upstream_test_dacs_validate_against_their_pai_and_paa(int n)
    {
        var dac = Dac(n);
        var report = AttestationChain.Check(dac, PaiFff1, PaaFff1, new AttestationChainOptions
        {
            VendorId = 0xFFF1, ProductId = 0x8000, DacKey = Key($"Chip-Test-DAC-FFF1-8000-000{n}-Key.pem"),
        });
        Assert.True(report.IsValid, string.Join("\n", report.Failures));
        Assert.True(report.IsTestPki);
        // Every profile and link rule was evaluated, not just a few.
        foreach (string rule in new[] { "DacBasicConstraints", "DacKeyUsage", "DacSignature", "PaiSignature", "PaaSelfSigned", "DacVendorIdMatchesPai", "DacProductIdMatchesPai", "PaiVendorIdMatchesPaa", "DacKeyMatches", "PaaValidity" })
        {
            Assert.Contains(report.Checks, c => c.Rule == rule && c.Passed);
        }
    }

    [Fact]
    public void Pai_fff2_chains_to_the_paa_without_vid()
    {
        var checks = AttestationChain.Profile(PaiFff2, AttestationRole.Pai, DateTime.UtcNow);
        Assert.All(checks, c => Assert.True(c.Passed, c.ToString()));
        var paaChecks = AttestationChain.Profile(PaaNoVid, AttestationRole.Paa, DateTime.UtcNow);
        Assert.All(paaChecks, c => Assert.True(c.Passed, c.ToString()));
        Assert.Contains(paaChecks, c => c.Rule == "PaaVendorId" && c.Message.Contains("no vendor id"));
    }

    [Fact]
    public void Wrong_vendor_and_product_ids_are_each_reported()
    {
        var report = AttestationChain.Check(Dac(0), PaiFff1, PaaFff1, new AttestationChainOptions { VendorId = 0xFFF2, ProductId = 0x8001 });
        Assert.Equal(new[] { "DacVendorIdExpected", "DacProductIdExpected" }, report.Failures.Select(f => f.Rule));
        Assert.Contains("FFF1", report.Failures.First().Message);
        Assert.Contains("FFF2", report.Failures.First().Message);
    }

    [Fact]
    public void A_dac_of_another_pai_fails_issuer_key_id_and_signature()
    {
        var report = AttestationChain.Check(Dac(0), PaiFff2, PaaNoVid);
        var failed = report.Failures.Select(f => f.Rule).ToList();
        Assert.Contains("DacIssuer", failed);
        Assert.Contains("DacAuthorityKeyIdMatches", failed);
        Assert.Contains("DacSignature", failed);
        Assert.Contains("DacVendorIdMatchesPai", failed);
        Assert.Contains("DacProductIdMatchesPai", failed);
    }

    [Fact]
    public void A_dac_with_ca_true_is_reported()
    {
        var dac = Forge(b => b.Ca = true);
        var report = AttestationChain.Check(dac, PaiFff1, PaaFff1);
        Assert.Equal(new[] { "DacBasicConstraints" }, report.Failures.Select(f => f.Rule));
        Assert.Contains("CA:TRUE", report.Failures.Single().Message);
    }

    [Fact]
    public void An_expired_dac_is_reported_at_the_check_time()
    {
        var dac = Forge(b => b.NotAfter = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var report = AttestationChain.Check(dac, PaiFff1, PaaFff1, new AttestationChainOptions { At = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc) });
        Assert.Equal(new[] { "DacValidity" }, report.Failures.Select(f => f.Rule));
        Assert.Contains("expired on 2024-01-01", report.Failures.Single().Message);
        // Valid when checked inside its window.
        Assert.True(AttestationChain.Check(dac, PaiFff1, PaaFff1, new AttestationChainOptions { At = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc) }).IsValid);
    }

    [Fact]
    public void A_dac_starting_before_its_pai_is_reported()
    {
        var dac = Forge(b => b.NotBefore = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var report = AttestationChain.Check(dac, PaiFff1, PaaFff1, new AttestationChainOptions { At = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        Assert.Equal(new[] { "DacIssuedWithinPai" }, report.Failures.Select(f => f.Rule));
    }

    [Fact]
    public void A_wrong_signature_is_reported()
    {
        var dac = Forge(b => b.SignWith = TestKeys.Other);
        var report = AttestationChain.Check(dac, PaiFff1, PaaFff1);
        Assert.Equal(new[] { "DacSignature" }, report.Failures.Select(f => f.Rule));
    }

    [Fact]
    public void A_tampered_dac_fails_its_signature()
    {
        byte[] der = Dac(1).Der;
        int at = IndexOf(der, System.Text.Encoding.ASCII.GetBytes("Matter Test DAC 0001"));
        der[at + 19] = (byte)'9';
        var report = AttestationChain.Check(AttestationCredentials.ParseCertificate(der, "tampered"), PaiFff1, PaaFff1);
        Assert.Equal(new[] { "DacSignature" }, report.Failures.Select(f => f.Rule));
    }

    [Fact]
    public void A_dac_on_another_curve_is_reported()
    {
        var dac = Forge(b => b.P384 = true);
        var report = AttestationChain.Check(dac, PaiFff1, PaaFff1);
        var failure = Assert.Single(report.Failures);
        Assert.Equal("DacPublicKey", failure.Rule);
        Assert.Contains("secp384r1", failure.Message);
    }

    [Fact]
    public void A_mismatched_dac_key_is_reported()
    {
        var report = AttestationChain.Check(Dac(0), PaiFff1, PaaFff1, new AttestationChainOptions { DacKey = Key("Chip-Test-DAC-FFF1-8000-0001-Key.pem") });
        Assert.Equal(new[] { "DacKeyMatches" }, report.Failures.Select(f => f.Rule));
    }

    [Fact]
    public void Profile_breaks_are_reported_per_rule()
    {
        var dac = Forge(b =>
        {
            b.KeyUsage = KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment;
            b.Vid = "fff1";
            b.Pid = null;
            b.Ski = false;
        });
        var failed = AttestationChain.Check(dac, PaiFff1, PaaFff1).Failures.Select(f => f.Rule).ToList();
        Assert.Contains("DacKeyUsage", failed);
        Assert.Contains("DacVendorId", failed);
        Assert.Contains("DacProductId", failed);
        Assert.Contains("DacSubjectKeyId", failed);
    }

    [Fact]
    public void A_pai_used_as_a_dac_breaks_the_dac_profile()
    {
        var report = AttestationChain.Check(PaiFff1, PaaFff1, null);
        var failed = report.Failures.Select(f => f.Rule).ToList();
        Assert.Contains("DacBasicConstraints", failed);
        Assert.Contains("DacKeyUsage", failed);
        Assert.Contains("PaiBasicConstraints", failed);
        Assert.DoesNotContain("DacProductId", failed);
    }

    private static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= hay.Length; i++)
        {
            if (hay.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        throw new InvalidOperationException("not found");
    }

    /// <summary>A DAC under the test PAI with one deliberate deviation from the profile.</summary>
    internal static MatterCertificate Forge(Action<ForgeOptions> change)
    {
        var o = new ForgeOptions();
        change(o);
        var gen = new X509V3CertificateGenerator();
        gen.SetSerialNumber(BigInteger.ValueOf(0x1234567));
        gen.SetIssuerDN(PaiFff1.Certificate.SubjectDN);
        gen.SetNotBefore(o.NotBefore);
        gen.SetNotAfter(o.NotAfter);
        var rdns = new Asn1EncodableVector { new DerSet(new DerSequence(X509Name.CN, new DerUtf8String("forged DAC"))) };
        if (o.Vid != null)
        {
            rdns.Add(new DerSet(new DerSequence(MatterCertificate.VendorIdOid, new DerUtf8String(o.Vid))));
        }
        if (o.Pid != null)
        {
            rdns.Add(new DerSet(new DerSequence(MatterCertificate.ProductIdOid, new DerUtf8String(o.Pid))));
        }
        gen.SetSubjectDN(X509Name.GetInstance(new DerSequence(rdns)));
        var keyGen = new ECKeyPairGenerator();
        keyGen.Init(new ECKeyGenerationParameters(o.P384 ? SecObjectIdentifiersP384 : X9ObjectIdentifiers.Prime256v1, new SecureRandom()));
        var pair = keyGen.GenerateKeyPair();
        gen.SetPublicKey(pair.Public);
        gen.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(o.Ca));
        gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(o.KeyUsage));
        byte[] point = ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false);
        if (o.Ski)
        {
            gen.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(System.Security.Cryptography.SHA1.HashData(point)));
        }
        gen.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(PaiFff1.SubjectKeyId));
        var signer = o.SignWith ?? TestKeys.PaiFff1Bc;
        var cert = gen.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", signer));
        return AttestationCredentials.ParseCertificate(cert.GetEncoded(), "forged DAC");
    }

    private static readonly DerObjectIdentifier SecObjectIdentifiersP384 = Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP384r1;

    internal sealed class ForgeOptions
    {
        public bool Ca { get; set; }
        public int KeyUsage { get; set; } = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature;
        public string? Vid { get; set; } = "FFF1";
        public string? Pid { get; set; } = "8000";
        public bool Ski { get; set; } = true;
        public bool P384 { get; set; }
        public DateTime NotBefore { get; set; } = new(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        public DateTime NotAfter { get; set; } = new(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        public ECPrivateKeyParameters? SignWith { get; set; }
    }
}

/// <summary>BouncyCastle key objects for forging test certificates.</summary>
internal static class TestKeys
{
    public static ECPrivateKeyParameters PaiFff1Bc => Bc(Key("Chip-Test-PAI-FFF1-8000-Key.pem"));

    public static ECPrivateKeyParameters Other => Bc(P256Key.Generate());

    public static ECPrivateKeyParameters Bc(P256Key key)
    {
        return new ECPrivateKeyParameters("EC", new BigInteger(1, key.ExportScalar()), X9ObjectIdentifiers.Prime256v1);
    }
}
