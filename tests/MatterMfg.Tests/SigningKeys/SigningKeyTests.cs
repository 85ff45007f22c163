using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security;
using MatterMfg.Attestation;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Tests.Infrastructure;
using Org.BouncyCastle.Asn1.X509;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.SigningKeys;

/// <summary>The signing-key abstraction under DAC/PAI issuance, and protected (password) key files in the factory.</summary>
public class SigningKeyTests
{
    private const string Password = "s3cret";

    // The cmdlet tests below run the real engine; other classes in this collection swap the static engine hook.

    private static string Format(string name) => Repo.Vector("attestation-formats", name);

    [Fact]
    public void A_dac_signed_by_another_key_kind_is_the_same_certificate_signed_over_its_tbs()
    {
        var pai = AttestationCredentials.ReadCertificate(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem"));
        var key = new RecordingKey(MatterTestPki.PaiKey());
        var validity = CertificateValidity.Resolve(null, 365, false, pai, ValidityLimit.Reject, "DAC");
        var viaInterface = new DacIssuer(pai, key, 0xFFF1, 0x8000, validity).Issue("dev-1");
        var viaSoftware = new DacIssuer(pai, MatterTestPki.PaiKey(), 0xFFF1, 0x8000, validity).Issue("dev-1");

        // The key was asked to sign exactly the TBS that the certificate carries, and the signature verifies under the PAI.
        var cert = X509CertificateStructure.GetInstance(viaInterface.CertificateDer);
        Assert.Equal(cert.TbsCertificate.GetDerEncoded(), Assert.Single(key.Signed));
        Assert.True(viaInterface.Certificate.IsSignedBy(pai.PublicKey));
        // Everything but the serial, the subject key (fresh per DAC) and the signature is the same as the software key's DAC.
        var soft = X509CertificateStructure.GetInstance(viaSoftware.CertificateDer);
        Assert.Equal(soft.Issuer, cert.Issuer);
        Assert.Equal(soft.Subject, cert.Subject);
        Assert.Equal(soft.StartDate.ToDateTime(), cert.StartDate.ToDateTime());
        Assert.Equal(soft.EndDate.ToDateTime(), cert.EndDate.ToDateTime());
        Assert.Equal(soft.SignatureAlgorithm, cert.SignatureAlgorithm);
        Assert.Equal(soft.TbsCertificate.Extensions.GetExtensionOids(), cert.TbsCertificate.Extensions.GetExtensionOids());
    }

    [Fact]
    public void A_key_that_is_not_the_pai_key_is_refused_before_any_dac()
    {
        var pai = AttestationCredentials.ReadCertificate(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem"));
        var other = new RecordingKey(P256Key.Generate());
        var validity = CertificateValidity.Resolve(null, 365, false, pai, ValidityLimit.Reject, "DAC");
        var e = Assert.Throws<MfgException>(() => new DacIssuer(pai, other, 0xFFF1, 0x8000, validity, "pkcs11:object=x"));
        Assert.Equal("KeyCertificateMismatch", e.ErrorId);
        Assert.Contains("pkcs11:object=x", e.Message);
        Assert.Empty(other.Signed);
    }

    [Fact]
    public void A_pai_issued_under_another_key_kind_chains_to_the_paa()
    {
        var paa = MatterTestPki.Paa;
        var key = new RecordingKey(MatterTestPki.PaaKey());
        var validity = CertificateValidity.Resolve(null, 365, false, paa, ValidityLimit.Reject, "PAI");
        var issued = PaiIssuer.Issue(paa, key, 0xFFF1, 0x8000, "PAI", validity);
        Assert.Single(key.Signed);
        Assert.True(issued.Certificate.IsSignedBy(paa.PublicKey));
    }

    private static FactoryOptions PaiOptions(TempDir d, string keyFile) => new()
    {
        VendorId = 0xFFF1, ProductId = 0x8000, WorkingDirectory = d.Path, OutputDirectory = "out", Attestation = AttestationMode.Pai,
        CertificatePath = VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem"), KeyPath = Format(keyFile), LifetimeDays = 365,
    };

    [Theory]
    [InlineData("pai-key-pkcs8-encrypted.pem")]
    [InlineData("pai-key-pkcs8-encrypted.der")]
    [InlineData("pai-key-sec1-encrypted.pem")]
    public void The_factory_opens_an_encrypted_pai_key_with_the_password_or_the_password_file(string keyFile)
    {
        using var d = new TempDir();
        var o = PaiOptions(d, keyFile);
        o.KeyPassword = Password.ToCharArray();
        var pai = AttestationCredentials.ReadCertificate(o.CertificatePath!);
        var dac = FactoryAttestation.OpenChecked(o).Issue("dev-1");
        Assert.True(AttestationCredentials.ParseCertificate(dac.DacCertificateDer, "dac").IsSignedBy(pai.PublicKey));

        File.WriteAllText(d.File("pw.txt"), Password + "\n");
        var fromFile = PaiOptions(d, keyFile);
        fromFile.KeyPasswordFile = "pw.txt";
        Assert.True(AttestationCredentials.ParseCertificate(FactoryAttestation.OpenChecked(fromFile).Issue("dev-2").DacCertificateDer, "dac").IsSignedBy(pai.PublicKey));
    }

    [Fact]
    public void The_factory_opens_a_pfx_given_as_the_pai_certificate_with_its_password()
    {
        using var d = new TempDir();
        var o = PaiOptions(d, "pai-key-pkcs8.pem");
        o.CertificatePath = Format("pai.pfx");
        o.KeyPath = Format("pai.pfx");
        o.KeyPassword = Password.ToCharArray();
        var source = FactoryAttestation.OpenChecked(o);
        Assert.True(AttestationCredentials.ParseCertificate(source.Issue("dev-1").DacCertificateDer, "dac").IsSignedBy(source.Pai.PublicKey));
    }

    [Fact]
    public void A_missing_wrong_or_empty_password_is_a_clear_error_without_the_password()
    {
        using var d = new TempDir();
        var none = Assert.Throws<MfgException>(() => FactoryAttestation.OpenChecked(PaiOptions(d, "pai-key-pkcs8-encrypted.pem")));
        Assert.Equal("KeyPasswordRequired", none.ErrorId);
        Assert.Contains("pai-key-pkcs8-encrypted.pem", none.Message);

        var wrong = PaiOptions(d, "pai-key-pkcs8-encrypted.pem");
        wrong.KeyPassword = "hunter2-wrong".ToCharArray();
        var e = Assert.Throws<MfgException>(() => FactoryAttestation.OpenChecked(wrong));
        Assert.Equal("KeyPasswordWrong", e.ErrorId);
        Assert.DoesNotContain("hunter2", e.Message);

        File.WriteAllText(d.File("empty.txt"), "\n");
        var empty = PaiOptions(d, "pai-key-pkcs8-encrypted.pem");
        empty.KeyPasswordFile = "empty.txt";
        Assert.Equal(ErrorIds.KeyPasswordFileEmpty, Assert.Throws<MfgException>(() => FactoryAttestation.OpenChecked(empty)).ErrorId);

        var missing = PaiOptions(d, "pai-key-pkcs8-encrypted.pem");
        missing.KeyPasswordFile = "nope.txt";
        var m = Assert.Throws<MfgException>(() => FactoryAttestation.OpenChecked(missing));
        Assert.Equal("InputFileNotFound", m.ErrorId);
        Assert.Contains("nope.txt", m.Message);
    }

    [Fact]
    public void The_password_file_is_its_first_line_without_bom_or_line_ending()
    {
        using var d = new TempDir();
        File.WriteAllBytes(d.File("pw.txt"), new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("pässword\r\nsecond line\r\n")).ToArray());
        Assert.Equal("pässword", new string(AttestationCredentials.ReadPasswordFile(d.File("pw.txt"))));
    }

    [Fact]
    public void The_cli_takes_pwd_and_pwd_file()
    {
        var a = MfgToolCommandLine.Parse(new[] { "-v", "1", "-p", "2", "--pai", "-c", "c.pem", "-k", "k.pem", "--pwd", "s3cret" });
        Assert.Equal(Password, new string(a.Options.KeyPassword));
        var b = MfgToolCommandLine.Parse(new[] { "-v", "1", "-p", "2", "--pai", "-c", "c.pem", "-k", "k.pem", "--pwd-file", "pw.txt" });
        Assert.Equal("pw.txt", b.Options.KeyPasswordFile);
        Assert.Null(b.Options.KeyPassword);
    }

    [Fact]
    public void The_factory_cmdlet_takes_pai_key_password_as_a_securestring()
    {
        using var d = new TempDir();
        const string script = "New-MatterFactoryImage -PaiCertificate $pai -PaiKey $key -PaiKeyPassword $pw -VendorId 0xFFF1 -ProductId 0x8000 -CertificationDeclaration $cd -OutputPath $out";
        var ok = Ps.Run(script, ("pai", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem")), ("key", Format("pai-key-pkcs8-encrypted.pem")), ("pw", RecordingKey.Secure(Password)),
            ("cd", VectorFile("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der")), ("out", d.Path));
        var device = Assert.Single(ok.Ok());
        var pai = AttestationCredentials.ReadCertificate(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem"));
        string dacPath = Path.Combine((string)device.Properties["OutputFolder"].Value, "internal", "DAC_cert.der");
        Assert.True(AttestationCredentials.ReadCertificate(dacPath).IsSignedBy(pai.PublicKey));

        var wrong = Ps.Run(script, ("pai", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem")), ("key", Format("pai-key-pkcs8-encrypted.pem")), ("pw", RecordingKey.Secure("wrong-pw")),
            ("cd", VectorFile("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der")), ("out", d.Path));
        var record = wrong.TerminatingRecord ?? Assert.Single(wrong.Errors);
        Assert.StartsWith("KeyPasswordWrong", record.FullyQualifiedErrorId);
        Assert.DoesNotContain("wrong-pw", record.ToString());
    }
}
