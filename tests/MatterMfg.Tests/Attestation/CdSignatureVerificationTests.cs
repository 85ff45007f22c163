using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Attestation;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.EndOfLine;
using MatterMfg.Nvs;
using MatterMfg.Tests.BadInput;
using MatterMfg.Tests.Infrastructure;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.Attestation;

/// <summary>
/// A CD is verified before any device is made: under the CD signing keys Matter commissioners trust, or under a
/// signing certificate the user gives. One flipped byte is refused everywhere; every vector CD verifies.
/// </summary>
[Collection("WholeFactoryRuns")] // whole factory runs, one class at a time (CPU-heavy; the collection name is all they share)
public class CdSignatureVerificationTests
{
    private static readonly CertificationElements Elements = new()
    {
        VendorId = 0xFFF1, ProductIds = new ushort[] { 0x8000 }, DeviceTypeId = 0x16, CertificateId = "ZIG20141ZB330001-24", VersionNumber = 1,
    };

    [Fact]
    public void The_trusted_keys_are_the_test_key_and_csa_signing_keys_001_to_005_each_consistent()
    {
        var keys = CertificationDeclarationTrust.TrustedKeys;
        Assert.Equal(6, keys.Count);
        Assert.Equal(new[] { "001", "002", "003", "004", "005" }, keys.Where(k => !k.IsTestOnly).Select(k => k.Name.Substring(k.Name.Length - 3)));
        using var sha1 = SHA1.Create();
        foreach (var k in keys)
        {
            // A CD names its signer by subject key id; the CSA's ids are SHA-1 of the key (RFC 5280 method 1): a typo in the data shows here.
            Assert.Equal(k.KeyId, sha1.ComputeHash(k.PublicKey));
            Assert.Equal(65, k.PublicKey.Length);
        }
        var test = Assert.Single(keys, k => k.IsTestOnly);
        Assert.Equal(MatterTestPki.CdSigner.SubjectKeyId, test.KeyId);
        Assert.Equal(MatterTestPki.CdSigner.PublicKey, test.PublicKey);
    }

    [Fact]
    public void Every_vector_cd_verifies_under_the_trusted_keys_and_is_test_only()
    {
        var files = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "vectors"), "*CD*.der", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Contains("Signing", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count >= 8, $"only {files.Count} vector CDs found");
        foreach (string f in files)
        {
            var key = CertificationDeclarationTrust.Verify(CertificationDeclaration.Read(f));
            Assert.True(key.IsTestOnly, f);
        }
        Assert.True(CertificationDeclarationTrust.Verify(CertificationDeclaration.Decode(MatterTestPki.CertificationDeclarationDer, "built-in")).IsTestOnly);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("content")]
    public void One_flipped_byte_is_refused_naming_the_file(string where)
    {
        byte[] der = where == "signature" ? BadCertificationDeclarations.FlippedSignatureByte : BadCertificationDeclarations.FlippedContentByte;
        var cd = CertificationDeclaration.Decode(der, "flipped.der");
        var e = Assert.Throws<MfgException>(() => CertificationDeclarationTrust.Verify(cd));
        Assert.Equal(ErrorIds.CertificationDeclarationSignatureInvalid, e.ErrorId);
        Assert.Contains("'flipped.der'", e.Message);
        Assert.Contains("does not verify", e.Message);
        Assert.Throws<MfgException>(() => CertificationDeclarationTrust.Verify(cd, CdSigningKey.FromCertificate(MatterTestPki.CdSigner)));
    }

    [Fact]
    public void A_cd_signed_by_an_unknown_key_needs_its_signing_certificate()
    {
        // Our own "CD signer": the test PAA certificate and key (any P-256 certificate with a key id will do).
        var cd = CertificationDeclaration.Create(Elements, PaaFff1, Key("Chip-Test-PAA-FFF1-Key.pem"));
        var e = Assert.Throws<MfgException>(() => CertificationDeclarationTrust.Verify(cd));
        Assert.Equal(ErrorIds.CertificationDeclarationSignatureInvalid, e.ErrorId);
        Assert.Contains("none of the CD signing keys Matter commissioners trust", e.Message);
        var key = CertificationDeclarationTrust.Verify(cd, CdSigningKey.FromCertificate(PaaFff1));
        Assert.False(key.IsTestOnly);
        // The wrong certificate is named with both key ids.
        var wrong = Assert.Throws<MfgException>(() => CertificationDeclarationTrust.Verify(cd, CdSigningKey.FromCertificate(MatterTestPki.CdSigner)));
        Assert.Contains(cd.SignerKeyIdHex, wrong.Message);
    }

    [Fact]
    public void Mattermfg_refuses_a_flipped_cd_before_any_device()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("cd.der"), BadCertificationDeclarations.FlippedSignatureByte);
        var err = new StringWriter();
        int rc = Program.Run(new[] { "--test-pki", "-n", "2", "-cd", "cd.der", "--outdir", "out" }, new StringWriter(), err, tmp.Path, new MatterMfg.Factory.MatterFactoryEngine());
        Assert.Equal(2, rc);
        Assert.Contains("does not verify", err.ToString());
        Assert.Contains(tmp.File("cd.der"), err.ToString());
        BadInputAssert.NothingWritten(tmp.Path, tmp.File("cd.der"));
    }

    [Fact]
    public void Mattermfg_warns_about_a_test_cd_and_takes_the_users_signing_certificate()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("test-cd.der"), BadCertificationDeclarations.Good);
        var err = new StringWriter();
        Assert.Equal(0, Program.Run(new[] { "--test-pki", "-n", "1", "-cd", "test-cd.der", "--outdir", "out" }, new StringWriter(), err, tmp.Path, new MatterMfg.Factory.MatterFactoryEngine()));
        Assert.Contains("signed by the public Matter TEST CD signing key", err.ToString());

        File.WriteAllBytes(tmp.File("own-cd.der"), CertificationDeclaration.Create(Elements, PaaFff1, Key("Chip-Test-PAA-FFF1-Key.pem")).Der);
        var refused = new StringWriter();
        Assert.Equal(2, Program.Run(new[] { "--test-pki", "-n", "1", "-cd", "own-cd.der", "--outdir", "out2" }, new StringWriter(), refused, tmp.Path, new MatterMfg.Factory.MatterFactoryEngine()));
        Assert.Contains("none of the CD signing keys", refused.ToString());
        Assert.False(Directory.Exists(tmp.File("out2")));
        var ok = new StringWriter();
        Assert.Equal(0, Program.Run(new[] { "--test-pki", "-n", "1", "-cd", "own-cd.der", "--cd-signing-cert", VectorFile("Chip-Test-PAA-FFF1-Cert.pem"), "--outdir", "out2" },
            new StringWriter(), ok, tmp.Path, new MatterMfg.Factory.MatterFactoryEngine()));
        Assert.DoesNotContain("TEST CD signing key", ok.ToString());
    }

    [Fact]
    public void New_MatterFactoryImage_refuses_a_flipped_cd_and_warns_about_a_test_cd()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("cd.der"), BadCertificationDeclarations.FlippedContentByte);
        var r = Ps.Run("New-MatterFactoryImage -Count 2 -TestAttestation -CertificationDeclaration $p -OutputPath $out -WarningAction SilentlyContinue",
            ("p", tmp.File("cd.der")), ("out", tmp.File("out")));
        Assert.Equal(ErrorIds.CertificationDeclarationSignatureInvalid, BadInputAssert.ErrorId(r));
        Assert.Contains(tmp.File("cd.der"), BadInputAssert.ErrorMessage(r));
        BadInputAssert.NothingWritten(tmp.Path, tmp.File("cd.der"));

        File.WriteAllBytes(tmp.File("good.der"), BadCertificationDeclarations.Good);
        var made = Ps.Run("New-MatterFactoryImage -Count 1 -TestAttestation -CertificationDeclaration $p -OutputPath $out", ("p", tmp.File("good.der")), ("out", tmp.File("out")));
        Assert.Single(made.Ok());
        Assert.Contains(made.Warnings, w => w.Contains("signed by the public Matter TEST CD signing key") && w.Contains(tmp.File("good.der")));
    }

    [Fact]
    public void The_end_of_line_check_verifies_the_cd_signature_without_being_given_a_signer()
    {
        string partition = Repo.Vector("factory", "minimal_fixed", "expected-partition.bin");
        byte[] good = File.ReadAllBytes(partition);
        var expect = new FactoryImageExpectations { VendorId = 0xFFF2, ProductId = 0x8001 };
        var pass = FactoryImageInspector.Inspect(NvsPartitionReader.Read(good), expect);
        var cdCheck = pass.Checks.Single(c => c.Name == "CertificationDeclaration");
        Assert.Equal(CheckOutcome.Passed, cdCheck.Outcome);
        Assert.Contains("verifies under Matter Test CD Signing Authority", cdCheck.Message);
        Assert.DoesNotContain("not checked", cdCheck.Message);

        // The same partition with one byte of the stored CD's signature flipped.
        var writer = new NvsPartitionWriter(good.Length, NvsFormatVersion.V2);
        foreach (var e in NvsPartitionReader.Read(good).Entries)
        {
            if (e.Key == "cert-dclrn")
            {
                byte[] cd = (byte[])((byte[])e.Value).Clone();
                cd[cd.Length - 1] ^= 0x01;
                writer.Add(NvsEntry.Blob(e.Namespace, e.Key, cd));
            }
            else
            {
                writer.Add(e);
            }
        }
        var fail = FactoryImageInspector.Inspect(NvsPartitionReader.Read(writer.ToImage()), expect);
        var failed = Assert.Single(fail.Failures);
        Assert.Equal("CertificationDeclaration", failed.Name);
        Assert.Contains("does not verify", failed.Message);
    }
}
