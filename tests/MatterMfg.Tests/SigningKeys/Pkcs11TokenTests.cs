using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using MatterMfg.Attestation;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.SigningKeys;
using MatterMfg.Tests.Attestation;
using MatterMfg.Tests.Infrastructure;
using Org.BouncyCastle.Asn1.X509;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.SigningKeys;

/// <summary>
/// PAI and PAA keys on a real PKCS#11 token (SoftHSM, set up by .ci/services/softhsm.sh): the factory, the CLI and the
/// cmdlets sign DACs with a key they never see. They are the only tests that log in to the token, and the tests of one
/// class run one at a time: a login is shared by the whole process and would hide a wrong PIN.
/// </summary>
public class Pkcs11TokenTests
{
    private static readonly string PaiCert = VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem");
    private static readonly string PaaCert = VectorFile("Chip-Test-PAA-FFF1-Cert.pem");
    private static readonly string Cd = VectorFile("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der");

    private static Pkcs11SigningKey OpenPai(char[]? pin = null, string? uri = null) =>
        SigningKeySource.OpenPkcs11(Pkcs11Uri.Parse(uri ?? SoftHsm.Uri()), PaiFff1.PublicKey, new SigningKeySecret { Value = pin, GetEnvironmentVariable = _ => null });

    /// <summary>Checks a DAC file under the test PAI and PAA: our chain checker always, and openssl verify where openssl is installed.</summary>
    private static void AssertChainsToTestPaa(string dacDer, TempDir d)
    {
        var dac = AttestationCredentials.ReadCertificate(dacDer);
        var report = AttestationChain.Check(dac, PaiFff1, PaaFff1, new AttestationChainOptions { VendorId = 0xFFF1, ProductId = 0x8000 });
        Assert.True(report.IsValid, string.Join("; ", report.Failures.Select(f => f.ToString())));
        if (OpenSsl.Available)
        {
            File.WriteAllText(d.File("paa.pem"), PaaFff1.ToPem());
            File.WriteAllText(d.File("pai.pem"), PaiFff1.ToPem());
            File.WriteAllText(d.File("dac.pem"), dac.ToPem());
            var (code, output) = OpenSsl.Run("verify", "-x509_strict", "-CAfile", d.File("paa.pem"), "-untrusted", d.File("pai.pem"), d.File("dac.pem"));
            Assert.True(code == 0, output);
            Assert.Contains("dac.pem: OK", output);
        }
    }

    private static string[] Dacs(string root) => Directory.GetFiles(root, "DAC_cert.der", SearchOption.AllDirectories);

    [SoftHsmFact]
    public void Mattermfg_with_a_pkcs11_key_makes_dacs_that_chain_to_the_test_paa()
    {
        using var d = new TempDir();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "--pai", "-c", PaiCert, "-k", SoftHsm.Uri(), "-cd", Cd, "-v", "0xFFF1", "-p", "0x8000", "-n", "3", "--outdir", "out" },
            stdout, stderr, d.Path, new MatterFactoryEngine());
        Assert.True(rc == 0, stderr.ToString());
        var dacs = Dacs(d.File("out"));
        Assert.Equal(3, dacs.Length);
        foreach (string dac in dacs)
        {
            AssertChainsToTestPaa(dac, d);
        }
        Assert.DoesNotContain(SoftHsm.Pin, stdout.ToString() + stderr.ToString());
    }

    [SoftHsmFact]
    public void New_MatterFactoryImage_signs_with_the_token_and_the_pin_as_a_securestring()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 2 -PaiCertificate $pai -PaiKey $key -PaiKeyPin $pin -VendorId 0xFFF1 -ProductId 0x8000 -CertificationDeclaration $cd -OutputPath $out",
            ("pai", PaiCert), ("key", SoftHsm.Uri(pinSource: false)), ("pin", RecordingKey.Secure(SoftHsm.Pin)), ("cd", Cd), ("out", d.File("out")));
        Assert.Equal(2, r.Ok().Count);
        foreach (string dac in Dacs(d.File("out")))
        {
            AssertChainsToTestPaa(dac, d);
        }
    }

    [SoftHsmFact]
    public void A_paa_key_in_the_token_makes_the_run_pai_and_its_dacs_chain_to_the_paa()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 1 -PaaCertificate $paa -PaaKey $key -VendorId 0xFFF1 -ProductId 0x8001 -CertificationDeclaration $cd -OutputPath $out",
            ("paa", PaaCert), ("key", SoftHsm.Uri("paa-key")), ("cd", Cd), ("out", d.File("out")));
        Assert.Single(r.Ok());
        var dac = AttestationCredentials.ReadCertificate(Assert.Single(Dacs(d.File("out"))));
        var pai = AttestationCredentials.ReadCertificate(Assert.Single(Directory.GetFiles(d.File("out"), "PAI_cert.der",
            new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseSensitive })));
        var report = AttestationChain.Check(dac, pai, PaaFff1, new AttestationChainOptions { VendorId = 0xFFF1, ProductId = 0x8001 });
        Assert.True(report.IsValid, string.Join("; ", report.Failures.Select(f => f.ToString())));
    }

    [SoftHsmFact]
    public void The_key_object_on_the_token_is_not_extractable_and_is_sensitive()
    {
        using var key = OpenPai();
        var (extractable, sensitive) = key.ReadProtection();
        Assert.False(extractable);
        Assert.True(sensitive);
        Assert.Equal(PaiFff1.PublicKey, key.PublicKey);
    }

    [SoftHsmFact]
    public void A_wrong_pin_is_a_clear_error_naming_the_uri_without_the_pin()
    {
        string uri = SoftHsm.Uri(pinSource: false);
        var e = Assert.Throws<MfgException>(() => OpenPai("12345678wrong".ToCharArray(), uri));
        Assert.Equal(ErrorIds.Pkcs11PinWrong, e.ErrorId);
        Assert.Contains(uri, e.Message);
        Assert.DoesNotContain("12345678wrong", e.Message);

        // Through the CLI, with the wrong PIN in a file: exit 2, the URI named, neither PIN printed.
        using var d = new TempDir();
        File.WriteAllText(d.File("pin.txt"), "87654321wrong\n");
        var stderr = new StringWriter();
        var stdout = new StringWriter();
        int rc = Program.Run(new[] { "--pai", "-c", PaiCert, "-k", uri, "--pwd-file", "pin.txt", "-cd", Cd, "-v", "0xFFF1", "-p", "0x8000", "--outdir", "out" }, stdout, stderr, d.Path, new MatterFactoryEngine());
        Assert.Equal(2, rc);
        Assert.Contains(uri, stderr.ToString());
        Assert.DoesNotContain("87654321wrong", stdout + stderr.ToString());
        Assert.DoesNotContain(SoftHsm.Pin, stdout + stderr.ToString());
        Assert.False(Directory.Exists(d.File("out")) && Dacs(d.File("out")).Length > 0);
    }

    [SoftHsmFact]
    public void A_missing_object_or_token_is_a_clear_error_naming_the_uri()
    {
        string noObject = SoftHsm.Uri("no-such-key");
        var e = Assert.Throws<MfgException>(() => OpenPai(uri: noObject));
        Assert.Equal(ErrorIds.Pkcs11KeyNotFound, e.ErrorId);
        Assert.Contains(noObject, e.Message);
        Assert.Contains("no-such-key", e.Message);

        string noToken = SoftHsm.Uri(token: "no-such-token");
        var t = Assert.Throws<MfgException>(() => OpenPai(uri: noToken));
        Assert.Equal(ErrorIds.Pkcs11TokenNotFound, t.ErrorId);
        Assert.Contains(noToken, t.Message);
        Assert.Contains($"'{SoftHsm.Token}'", t.Message); // lists the tokens that are there

        // The PAA key is on the token but is not the PAI certificate's key.
        var m = Assert.Throws<MfgException>(() => SigningKeySource.ReadPair(PaiCert, SoftHsm.Uri("paa-key"), new SigningKeySecret(), "PAI"));
        Assert.Equal("KeyCertificateMismatch", m.ErrorId);
    }

    [SoftHsmFact]
    public void The_pin_comes_from_the_parameter_the_pin_source_file_or_the_environment_and_is_required()
    {
        string bare = SoftHsm.Uri(pinSource: false);
        string pin = SoftHsm.Pin;
        using (var fromParameter = OpenPai(pin.ToCharArray(), bare))
        {
            Assert.True(P256Key.Verify(PaiFff1.PublicKey, new byte[] { 1 }, fromParameter.Sign(new byte[] { 1 })));
        }
        using (OpenPai(uri: SoftHsm.Uri()))
        {
        }
        var env = new SigningKeySecret { GetEnvironmentVariable = n => n == SigningKeySource.PinEnvironmentVariable ? pin : null };
        using (SigningKeySource.OpenPkcs11(Pkcs11Uri.Parse(bare), null, env))
        {
        }
        var none = Assert.Throws<MfgException>(() => OpenPai(uri: bare));
        Assert.Equal(ErrorIds.Pkcs11PinRequired, none.ErrorId);
        Assert.Contains(bare, none.Message);
    }

    [SoftHsmFact]
    public void The_token_signs_exactly_the_tbs_and_the_dac_is_built_as_with_the_software_key()
    {
        using var token = OpenPai();
        var recording = new RecordingKey(token);
        var validity = CertificateValidity.Resolve(null, 365, false, PaiFff1, ValidityLimit.Reject, "DAC");
        var fromToken = new DacIssuer(PaiFff1, recording, 0xFFF1, 0x8000, validity).Issue("dev-1");
        var fromSoftware = new DacIssuer(PaiFff1, MatterTestPki.PaiKey(), 0xFFF1, 0x8000, validity).Issue("dev-1");

        var t = X509CertificateStructure.GetInstance(fromToken.CertificateDer);
        var s = X509CertificateStructure.GetInstance(fromSoftware.CertificateDer);
        Assert.Equal(t.TbsCertificate.GetDerEncoded(), Assert.Single(recording.Signed));
        Assert.True(fromToken.Certificate.IsSignedBy(PaiFff1.PublicKey));
        // Same TBS layout: only the serial and the DAC's own key (fresh per DAC) differ.
        Assert.Equal(s.Issuer, t.Issuer);
        Assert.Equal(s.Subject, t.Subject);
        Assert.Equal(s.SignatureAlgorithm, t.SignatureAlgorithm);
        Assert.Equal(s.TbsCertificate.Extensions.GetExtensionOids(), t.TbsCertificate.Extensions.GetExtensionOids());
        Assert.Equal(s.TbsCertificate.GetDerEncoded().Length, t.TbsCertificate.GetDerEncoded().Length);
        Assert.Equal(s.StartDate.ToDateTime(), t.StartDate.ToDateTime());
        Assert.Equal(s.EndDate.ToDateTime(), t.EndDate.ToDateTime());
    }

    [SoftHsmFact]
    public void Worker_threads_sign_in_parallel_each_with_its_own_session()
    {
        using var key = OpenPai();
        var bad = 0;
        var threads = new ConcurrentDictionary<int, bool>();
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            byte[] msg = BitConverter.GetBytes(i);
            if (!P256Key.Verify(PaiFff1.PublicKey, msg, key.Sign(msg)))
            {
                Interlocked.Increment(ref bad);
            }
        });
        Assert.Equal(0, bad);
        Assert.True(threads.Count >= 1);
    }
}
