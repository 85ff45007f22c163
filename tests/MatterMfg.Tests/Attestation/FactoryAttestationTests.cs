using System;
using System.IO;
using System.Linq;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Tests.Factory;
using MatterMfg.Tests.Infrastructure;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.Attestation;

public class FactoryAttestationTests
{
    private static FactoryOptions Options(AttestationMode mode, int vid = 0xFFF2, int pid = 0x8001) => new()
    {
        Attestation = mode, VendorId = vid, ProductId = pid, WorkingDirectory = FactoryVectors.Folder("minimal_fixed"),
    };

    private static string ParsedBlob(string caseName, string key) =>
        FactoryVectors.Expected(caseName, "expected.parsed.txt").Split('\n').Select(l => l.Split('\t')).Single(f => f.Length == 4 && f[1] == key)[3].Trim();

    /// <summary>The vectors whose NVS holds the DAC (dac_in_secure_cert has it in the secure cert: tested below).</summary>
    public static System.Collections.Generic.IEnumerable<object[]> NvsDacCases =>
        FactoryVectors.Cases.Where(c => c != "dac_in_secure_cert").Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(NvsDacCases))]
    public void External_dac_of_every_factory_vector_gives_the_reference_bytes(string caseName)
    {
        var o = Options(AttestationMode.Pai);
        o.WorkingDirectory = FactoryVectors.Folder(caseName);
        o.CertificatePath = "Chip-Test-PAI-FFF2-8001-Cert.pem";
        o.DacCertificatePath = "DAC_cert.pem";
        o.DacKeyPath = "DAC_key.pem";
        var source = FactoryAttestation.Open(o);
        var ext = source.External!;
        Assert.Equal(ParsedBlob(caseName, "dac-cert"), Convert.ToHexStringLower(ext.DacCertificateDer));
        Assert.Equal(ParsedBlob(caseName, "dac-key"), Convert.ToHexStringLower(ext.DacPrivateKey));
        Assert.Equal(ParsedBlob(caseName, "dac-pub-key"), Convert.ToHexStringLower(ext.DacPublicKey));
        Assert.Equal(ParsedBlob(caseName, "pai-cert"), Convert.ToHexStringLower(source.PaiCertificateDer));
        Assert.Equal("8e7d7030-8814-4104-a9df-99a4c56922e0", ext.CommonName);
        Assert.Null(ext.DacCertificatePem);
        Assert.Null(ext.DacKeyPkcs8Pem);
        // Without -k no DAC can be issued, and saying so is an error, not a crash.
        Assert.Equal("PaiKeyMissing", Assert.Throws<MfgException>(() => source.Issue("x")).ErrorId);
    }

    [Fact]
    public void External_dac_key_is_written_as_the_reference_sec1_der()
    {
        var o = Options(AttestationMode.Pai);
        o.WorkingDirectory = FactoryVectors.Folder("dac_in_secure_cert");
        o.CertificatePath = "Chip-Test-PAI-FFF2-8001-Cert.pem";
        o.DacCertificatePath = "DAC_cert.pem";
        o.DacKeyPath = "DAC_key.pem";
        var sec1 = FactoryAttestation.Open(o).External!.DacKeySec1Der;
        string listing = FactoryVectors.Expected("dac_in_secure_cert", "expected-secure-cert.txt");
        string line = listing.Split('\n').Single(l => l.Contains("Binary key data:"));
        Assert.Equal(line.Substring(line.IndexOf(':') + 1).Trim(), Convert.ToHexStringLower(sec1));
    }

    [Fact]
    public void Pai_mode_issues_dacs_that_chain_and_carry_every_output_form()
    {
        var o = Options(AttestationMode.Pai);
        o.CertificatePath = VectorFile("Chip-Test-PAI-FFF2-8001-Cert.pem");
        o.KeyPath = VectorFile("Chip-Test-PAI-FFF2-8001-Key.pem");
        o.LifetimeDays = 365;
        var source = FactoryAttestation.OpenChecked(o);
        Assert.Null(source.External);
        Assert.Null(source.GeneratedPaiPem);
        Assert.False(source.IsTestPki);
        var c = source.Issue("5b1f2c1e-0000-4000-8000-000000000001");
        var dac = AttestationCredentials.ParseCertificate(c.DacCertificateDer, "dac");
        Assert.Equal(c.DacCertificatePem, dac.ToPem());
        Assert.Equal("5b1f2c1e-0000-4000-8000-000000000001", dac.Subject.CommonName);
        Assert.Equal(c.CommonName, dac.Subject.CommonName);
        Assert.Equal(32, c.DacPrivateKey.Length);
        Assert.Equal(dac.PublicKey, c.DacPublicKey);
        Assert.Equal(c.DacPublicKey, AttestationCredentials.ParsePrivateKey(c.DacKeySec1Der, "sec1", null).PublicKey);
        Assert.Equal(c.DacPublicKey, AttestationCredentials.ParsePrivateKey(System.Text.Encoding.ASCII.GetBytes(c.DacKeyPkcs8Pem!), "pem", null).PublicKey);
        Assert.Equal(c.DacPublicKey, P256Key.FromScalar(c.DacPrivateKey).PublicKey);
        Assert.Equal(TimeSpan.FromDays(365), dac.NotAfter - dac.NotBefore);
        var report = AttestationChain.Check(dac, PaiFff2, PaaNoVid, new AttestationChainOptions { VendorId = 0xFFF2, ProductId = 0x8001 });
        Assert.True(report.IsValid, string.Join("\n", report.Failures));
    }

    [Fact]
    public void Paa_mode_makes_a_pai_once_and_issues_under_it()
    {
        var o = Options(AttestationMode.Paa);
        o.CertificatePath = VectorFile("Chip-Test-PAA-NoVID-Cert.pem");
        o.KeyPath = VectorFile("Chip-Test-PAA-NoVID-Key.pem");
        o.CnPrefix = "ACME";
        var source = FactoryAttestation.OpenChecked(o);
        var pai = AttestationCredentials.ParseCertificate(System.Text.Encoding.ASCII.GetBytes(source.GeneratedPaiPem!), "pai");
        Assert.Equal(source.PaiCertificateDer, pai.Der);
        Assert.Equal("ACME PAI 00", pai.Subject.CommonName);
        Assert.Equal((ushort)0xFFF2, pai.Subject.VendorId);
        Assert.Equal((ushort)0x8001, pai.Subject.ProductId);
        Assert.Equal(pai.PublicKey, AttestationCredentials.ParsePrivateKey(System.Text.Encoding.ASCII.GetBytes(source.GeneratedPaiKeyPem!), "key", null).PublicKey);
        Assert.Equal(PaaNoVid.NotAfter, pai.NotAfter);
        var dac = AttestationCredentials.ParseCertificate(source.Issue("d1").DacCertificateDer, "dac");
        Assert.True(AttestationChain.Check(dac, pai, PaaNoVid, new AttestationChainOptions { VendorId = 0xFFF2, ProductId = 0x8001 }).IsValid);
        // With a lifetime, the PAI and its DACs get the same window (one clock read for both).
        o.LifetimeDays = 30;
        var timed = FactoryAttestation.OpenChecked(o);
        var timedDac = AttestationCredentials.ParseCertificate(timed.Issue("d2").DacCertificateDer, "dac");
        Assert.Equal(timed.Pai.NotBefore, timedDac.NotBefore);
        Assert.Equal(timed.Pai.NotAfter, timedDac.NotAfter);
        Assert.Equal(TimeSpan.FromDays(30), timedDac.NotAfter - timedDac.NotBefore);
        o.LifetimeDays = null;
        // An empty prefix gives the reference's random test name.
        o.CnPrefix = "";
        Assert.Matches("^MATTER TEST PAI [1-9][0-9]$", FactoryAttestation.OpenChecked(o).Pai.Subject.CommonName);
    }

    [Fact]
    public void Test_pki_uses_the_built_in_pai_and_cd()
    {
        var source = FactoryAttestation.OpenChecked(Options(AttestationMode.TestPki, 0xFFF1, 0x8000));
        Assert.True(source.IsTestPki);
        Assert.Equal(File.ReadAllBytes(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.der")), source.PaiCertificateDer);
        Assert.Equal(File.ReadAllBytes(VectorFile("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der")), source.DefaultCertificationDeclaration);
        Assert.Null(source.GeneratedPaiPem);
        var dac = AttestationCredentials.ParseCertificate(source.Issue("t1").DacCertificateDer, "dac");
        Assert.True(AttestationChain.Check(dac, PaiFff1, PaaFff1).IsValid);
    }

    [Fact]
    public void Test_pki_for_other_test_products_makes_a_pai_and_a_cd_under_the_test_roots()
    {
        var inCd = FactoryAttestation.OpenChecked(Options(AttestationMode.TestPki, 0xFFF1, 0x8001));
        Assert.Equal((ushort)0x8001, inCd.Pai.Subject.ProductId);
        Assert.NotNull(inCd.GeneratedPaiPem);
        Assert.True(inCd.IsTestPki);
        Assert.Equal(MatterTestPki.CertificationDeclarationDer, inCd.DefaultCertificationDeclaration);
        var dac = AttestationCredentials.ParseCertificate(inCd.Issue("t2").DacCertificateDer, "dac");
        Assert.True(AttestationChain.Check(dac, inCd.Pai, PaaFff1).IsValid);

        var outside = FactoryAttestation.OpenChecked(Options(AttestationMode.TestPki, 0xFFF1, 0x9000));
        var cd = CertificationDeclaration.Decode(outside.DefaultCertificationDeclaration!, "cd");
        Assert.True(cd.Covers(0xFFF1, 0x9000));
        Assert.True(cd.VerifySignature(Cert("Chip-Test-CD-Signing-Cert.pem"), out _));
        Assert.True(cd.IsTestPki);

        Assert.Equal("TestPkiVendorId", Assert.Throws<MfgException>(() => FactoryAttestation.Open(Options(AttestationMode.TestPki, 0xFFF2, 0x8000))).ErrorId);
    }

    [Fact]
    public void Every_input_problem_is_refused_before_any_device_with_its_own_id()
    {
        string Id(Action<FactoryOptions> set, AttestationMode mode = AttestationMode.Pai, int vid = 0xFFF2, int pid = 0x8001)
        {
            var o = Options(mode, vid, pid);
            o.CertificatePath = VectorFile("Chip-Test-PAI-FFF2-8001-Cert.pem");
            o.KeyPath = VectorFile("Chip-Test-PAI-FFF2-8001-Key.pem");
            set(o);
            return Assert.Throws<MfgException>(() => FactoryAttestation.Open(o)).ErrorId;
        }
        Assert.Equal("PaiVendorIdMismatch", Id(_ => { }, vid: 0xFFF1));
        Assert.Equal("PaiProductIdMismatch", Id(_ => { }, pid: 0x8002));
        Assert.Equal("KeyCertificateMismatch", Id(o => o.KeyPath = VectorFile("Chip-Test-PAA-NoVID-Key.pem")));
        Assert.Equal("PaiInvalid", Id(o => { o.CertificatePath = VectorFile("Chip-Test-PAA-NoVID-Cert.pem"); o.KeyPath = VectorFile("Chip-Test-PAA-NoVID-Key.pem"); }));
        Assert.Equal("ValidityOutsideIssuer", Id(o => o.ValidFrom = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("InputFileNotFound", Id(o => o.KeyPath = "missing-key.pem"));
        Assert.Equal("KeyCurveNotP256", Id(o => o.KeyPath = Tests.Infrastructure.Repo.Vector("attestation-formats", "p384-key.pem")));
        // PAA mode: a PAI cannot stand in for a PAA.
        Assert.Equal("PaaInvalid", Id(_ => { }, AttestationMode.Paa));
        // External DACs: of another PAI, not a DAC at all.
        Assert.Equal("ExternalDacChainInvalid", Id(o => { o.KeyPath = null; o.DacCertificatePath = VectorFile("Chip-Test-DAC-FFF1-8000-0000-Cert.pem"); o.DacKeyPath = VectorFile("Chip-Test-DAC-FFF1-8000-0000-Key.pem"); }));
        Assert.Equal("ExternalDacInvalid", Id(o => { o.KeyPath = null; o.DacCertificatePath = VectorFile("Chip-Test-PAA-NoVID-Cert.pem"); o.DacKeyPath = VectorFile("Chip-Test-PAA-NoVID-Key.pem"); }));
        Assert.Equal("KeyCertificateMismatch", Id(o => { o.KeyPath = null; o.DacCertificatePath = "DAC_cert.pem"; o.DacKeyPath = VectorFile("Chip-Test-DAC-FFF1-8000-0000-Key.pem"); }));
    }

    [Fact]
    public void An_external_dac_is_checked_in_the_reference_s_order_each_failure_led_by_its_sentence()
    {
        var o = Options(AttestationMode.Pai, 0xFFF2, 0x8001);
        o.WorkingDirectory = FactoryVectors.Folder("minimal_fixed");
        o.CertificatePath = "Chip-Test-PAI-FFF2-8001-Cert.pem";
        MfgException Refusal(string dac, string key)
        {
            o.DacCertificatePath = dac;
            o.DacKeyPath = key;
            return Assert.Throws<MfgException>(() => FactoryAttestation.Open(o));
        }
        // Not a DAC (the PAA), with a key that is not its own either: the profile comes first.
        var e = Refusal(VectorFile("Chip-Test-PAA-NoVID-Cert.pem"), VectorFile("Chip-Test-DAC-FFF1-8000-0000-Key.pem"));
        Assert.Equal(ErrorIds.ExternalDacInvalid, e.ErrorId);
        Assert.StartsWith("DAC certificate is not valid: ", e.Message);
        Assert.Contains("[DacBasicConstraints]", e.Message);
        // A DAC of another PAI with the wrong key: the key comes before the chain.
        e = Refusal(VectorFile("Chip-Test-DAC-FFF1-8000-0000-Cert.pem"), "DAC_key.pem");
        Assert.Equal(ErrorIds.KeyCertificateMismatch, e.ErrorId);
        Assert.StartsWith("DAC certificate and private key do not match: ", e.Message);
        // The same DAC with its key: the chain to the FFF2 PAI fails, naming each link rule and no other kind.
        e = Refusal(VectorFile("Chip-Test-DAC-FFF1-8000-0000-Cert.pem"), VectorFile("Chip-Test-DAC-FFF1-8000-0000-Key.pem"));
        Assert.Equal(ErrorIds.ExternalDacChainInvalid, e.ErrorId);
        Assert.StartsWith("DAC certificate chain is not valid: ", e.Message);
        Assert.Contains("[DacSignature]", e.Message);
        Assert.Contains("[DacIssuer]", e.Message);
        Assert.DoesNotContain("[DacProductIdExpected]", e.Message);
    }

    [Fact]
    public void An_external_dac_of_the_pai_for_another_product_is_refused_naming_the_rule()
    {
        // A PAI without a PID issues for any product of its vendor: a DAC for 0x8001 chains, but this run is 0x8002.
        using var tmp = new TempDir();
        var paaKey = AttestationCredentials.ReadPrivateKey(VectorFile("Chip-Test-PAA-NoVID-Key.pem"));
        var paa = AttestationCredentials.ReadCertificate(VectorFile("Chip-Test-PAA-NoVID-Cert.pem"));
        var pai = PaiIssuer.Issue(paa, paaKey, 0xFFF2, null, "No PID PAI", CertificateValidity.Resolve(null, 30, false, paa, ValidityLimit.Reject, "PAI"));
        var dac = new DacIssuer(pai.Certificate, pai.Key, 0xFFF2, 0x8001, CertificateValidity.Resolve(null, 1, false, pai.Certificate, ValidityLimit.Reject, "DAC")).Issue("d");
        File.WriteAllText(tmp.File("pai.pem"), pai.Certificate.ToPem());
        File.WriteAllText(tmp.File("dac.pem"), dac.CertificatePem);
        File.WriteAllText(tmp.File("dac-key.pem"), dac.Key.ToPkcs8Pem());
        var o = Options(AttestationMode.Pai, 0xFFF2, 0x8002);
        o.WorkingDirectory = tmp.Path;
        o.CertificatePath = "pai.pem";
        o.DacCertificatePath = "dac.pem";
        o.DacKeyPath = "dac-key.pem";
        var e = Assert.Throws<MfgException>(() => FactoryAttestation.Open(o));
        Assert.Equal(ErrorIds.ExternalDacNotForRun, e.ErrorId);
        Assert.StartsWith("DAC certificate is not valid: ", e.Message);
        Assert.Contains("[DacProductIdExpected]", e.Message);
        Assert.Contains("FFF2/8002", e.Message);
        o.ProductId = 0x8001;
        Assert.NotNull(FactoryAttestation.Open(o).External);
    }
}
