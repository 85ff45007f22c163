using System.IO;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.Tests.Infrastructure;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.Attestation;

public class CredentialLoadingTests
{
    private static readonly char[] Password = "s3cret".ToCharArray();

    private static string Format(string name) => Repo.Vector("attestation-formats", name);

    [Theory]
    [InlineData("Chip-Test-PAI-FFF1-8000-Cert.pem")]
    [InlineData("Chip-Test-PAI-FFF1-8000-Cert.der")]
    public void Certificates_load_from_pem_and_der(string name)
    {
        var c = Cert(name);
        Assert.Equal("Matter Test PAI", c.Subject.CommonName);
        Assert.Equal((ushort)0xFFF1, c.Subject.VendorId);
        Assert.Equal((ushort)0x8000, c.Subject.ProductId);
        Assert.Equal("AF42B7094DEBD515EC6ECF33B81115225F325288", MatterCertificate.Hex(c.SubjectKeyId!));
        Assert.Equal("6AFD22771F511FECBF1641976710DCDC31A1717E", MatterCertificate.Hex(c.AuthorityKeyId!));
        Assert.Equal("3E6CE6509AD840CD", c.SerialNumber);
    }

    [Theory]
    [InlineData("pai-key-pkcs8.pem", false)]
    [InlineData("pai-key-pkcs8.der", false)]
    [InlineData("pai-key-raw.bin", false)]
    [InlineData("pai-key-pkcs8-encrypted.pem", true)]
    [InlineData("pai-key-pkcs8-encrypted.der", true)]
    [InlineData("pai-key-sec1-encrypted.pem", true)]
    [InlineData("pai.pfx", true)]
    public void Keys_load_in_every_format_and_match_their_certificate(string name, bool encrypted)
    {
        var key = AttestationCredentials.ReadPrivateKey(Format(name), encrypted ? Password : null);
        AttestationCredentials.CheckKeyMatches(PaiFff1, key, "PAI", name);
        Assert.Equal(PaiFff1.PublicKey, key.PublicKey);
    }

    [Theory]
    [InlineData("Chip-Test-PAI-FFF1-8000-Key.pem")]
    [InlineData("Chip-Test-PAI-FFF1-8000-Key.der")]
    public void Sec1_keys_load_from_pem_and_der(string name) =>
        Assert.Equal(PaiFff1.PublicKey, Key(name).PublicKey);

    [Fact]
    public void An_ec_parameters_block_before_the_key_is_skipped()
    {
        var key = AttestationCredentials.ReadPrivateKey(Format("p256-with-params.pem"));
        Assert.Equal(65, key.PublicKey.Length);
    }

    [Fact]
    public void Pfx_gives_certificate_and_key()
    {
        var (cert, key) = AttestationCredentials.ReadPair(Format("pai.pfx"), null, Password, "PAI");
        Assert.Equal(PaiFff1.Der, cert.Der);
        Assert.Equal(PaiFff1.PublicKey, key.PublicKey);
    }

    [Theory]
    [InlineData("pai-key-pkcs8-encrypted.pem")]
    [InlineData("pai-key-pkcs8-encrypted.der")]
    [InlineData("pai-key-sec1-encrypted.pem")]
    [InlineData("pai.pfx")]
    public void Encrypted_keys_need_the_right_password(string name)
    {
        var missing = Assert.Throws<MfgException>(() => AttestationCredentials.ReadPrivateKey(Format(name)));
        Assert.Equal("KeyPasswordRequired", missing.ErrorId);
        Assert.Contains(name, missing.Message);
        var wrong = Assert.Throws<MfgException>(() => AttestationCredentials.ReadPrivateKey(Format(name), "nope".ToCharArray()));
        Assert.Equal("KeyPasswordWrong", wrong.ErrorId);
        Assert.Equal(MfgErrorKind.SecurityError, wrong.Kind);
    }

    [Theory]
    [InlineData("pai-key-pkcs8.pem")]
    [InlineData("pai-key-pkcs8.der")]
    [InlineData("pai-key-raw.bin")]
    public void A_password_for_a_key_that_is_not_encrypted_is_refused(string name)
    {
        var e = Assert.Throws<MfgException>(() => AttestationCredentials.ReadPrivateKey(Format(name), "s3cret".ToCharArray()));
        Assert.Equal("KeyPasswordNotNeeded", e.ErrorId);
        Assert.Contains(name, e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
        // Without one it loads.
        Assert.Equal(PaiFff1.PublicKey, AttestationCredentials.ReadPrivateKey(Format(name)).PublicKey);
    }

    [Fact]
    public void A_pfx_certificate_uses_the_password_so_a_plain_key_beside_it_is_accepted()
    {
        var (cert, key) = AttestationCredentials.ReadPair(Format("pai.pfx"), Format("pai-key-pkcs8.pem"), Password, "PAI");
        Assert.Equal(PaiFff1.Der, cert.Der);
        Assert.Equal(PaiFff1.PublicKey, key.PublicKey);
    }

    [Theory]
    [InlineData("p384-key.pem", "secp384r1")]
    [InlineData("rsa-key.pem", "RSA")]
    public void Keys_on_other_curves_or_algorithms_are_refused(string name, string named)
    {
        var e = Assert.Throws<MfgException>(() => AttestationCredentials.ReadPrivateKey(Format(name)));
        Assert.Equal("KeyCurveNotP256", e.ErrorId);
        Assert.Contains(named, e.Message);
        Assert.Contains("P-256", e.Message);
    }

    [Fact]
    public void A_key_of_another_certificate_is_a_mismatch()
    {
        var e = Assert.Throws<MfgException>(() => AttestationCredentials.ReadPair(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem"), VectorFile("Chip-Test-PAA-FFF1-Key.pem"), null, "PAI"));
        Assert.Equal("KeyCertificateMismatch", e.ErrorId);
        Assert.Contains("Chip-Test-PAA-FFF1-Key.pem", e.Message);
        Assert.Contains("Chip-Test-PAI-FFF1-8000-Cert.pem", e.Message);
    }

    [Fact]
    public void Wrong_formats_say_what_the_file_is()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("junk.pem"), "hello");
        File.WriteAllBytes(tmp.File("short.bin"), new byte[31]);
        Assert.Equal("CertificateFormatInvalid", Assert.Throws<MfgException>(() => AttestationCredentials.ReadCertificate(tmp.File("junk.pem"))).ErrorId);
        Assert.Equal("KeyFormatInvalid", Assert.Throws<MfgException>(() => AttestationCredentials.ReadPrivateKey(tmp.File("short.bin"))).ErrorId);
        var certAsKey = Assert.Throws<MfgException>(() => AttestationCredentials.ReadPrivateKey(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem")));
        Assert.Equal("KeyFormatInvalid", certAsKey.ErrorId);
        Assert.Contains("certificate, not a private key", certAsKey.Message);
        var derCertAsKey = Assert.Throws<MfgException>(() => AttestationCredentials.ReadPrivateKey(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.der")));
        Assert.Contains("certificate, not a private key", derCertAsKey.Message);
        Assert.Equal("CertificateFormatInvalid", Assert.Throws<MfgException>(() => AttestationCredentials.ReadCertificate(VectorFile("Chip-Test-PAI-FFF1-8000-Key.pem"))).ErrorId);
        var missing = Assert.Throws<MfgException>(() => AttestationCredentials.ReadCertificate(tmp.File("nope.pem")));
        Assert.Equal("InputFileNotFound", missing.ErrorId);
        Assert.Equal(MfgErrorKind.ObjectNotFound, missing.Kind);
    }

    [Fact]
    public void A_zero_scalar_is_not_a_key()
    {
        var e = Assert.Throws<MfgException>(() => AttestationCredentials.ParsePrivateKey(new byte[32], "zero.bin", null));
        Assert.Equal("KeyFormatInvalid", e.ErrorId);
    }
}
