using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MatterMfg.Attestation;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.SigningKeys;
using MatterMfg.Tests.Infrastructure;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.SigningKeys;

/// <summary>Key references that need no token: pkcs11: URI parsing and its errors, cert:\ paths, and the ECDsa adapter the certificate store signs through.</summary>
public class KeyReferenceTests
{
    [Fact]
    public void A_pkcs11_uri_gives_its_path_and_query_attributes_percent_decoded()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=Factory%20HSM;object=pai-key;id=%01%a2;type=private;slot-id=7;x-vendor=1?module-path=/opt/hsm/lib%2Fpkcs11.so&pin-source=file:/run/pin");
        Assert.Equal("Factory HSM", uri.Token);
        Assert.Equal("pai-key", uri.Object);
        Assert.Equal(new byte[] { 0x01, 0xA2 }, uri.Id);
        Assert.Equal(7UL, uri.SlotId);
        Assert.Equal("/opt/hsm/lib/pkcs11.so", uri.ModuleLibrary("/elsewhere"));
        Assert.Equal(Path.GetFullPath("/run/pin"), uri.PinFile("/elsewhere"));
        Assert.False(uri.HasPinValue);
    }

    [Fact]
    public void Relative_module_and_pin_paths_resolve_against_the_working_folder()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:object=k?module-path=lib/softhsm.so&pin-source=pin.txt");
        Assert.Equal(Path.GetFullPath("/work/x/lib/softhsm.so"), uri.ModuleLibrary("/work/x"));
        Assert.Equal(Path.GetFullPath("/work/x/pin.txt"), uri.PinFile("/work/x"));
        Assert.Null(Pkcs11Uri.Parse("pkcs11:object=k?module-path=m.so").PinFile("/w"));
    }

    [Theory]
    [InlineData("pkcs11:token=t?module-path=/m.so", "names no key")]
    [InlineData("pkcs11:object=k", "names no PKCS#11 module")]
    [InlineData("pkcs11:object=k;tokn=t?module-path=/m.so", "'tokn' is not a path attribute")]
    [InlineData("pkcs11:object=k?module-path=/m.so&pin=1", "'pin' is not a query attribute")]
    [InlineData("pkcs11:object=k;object=j?module-path=/m.so", "'object' is given twice")]
    [InlineData("pkcs11:object=k;type=cert?module-path=/m.so", "type=cert does not name a private key")]
    [InlineData("pkcs11:object=k%2?module-path=/m.so", "'%' that is not followed by two hex digits")]
    [InlineData("pkcs11:object=k;slot-id=x?module-path=/m.so", "slot-id 'x' is not a decimal number")]
    [InlineData("pkcs11:object?module-path=/m.so", "'object' is not name=value")]
    public void A_malformed_uri_is_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<MfgException>(() => Pkcs11Uri.Parse(text));
        Assert.Equal(ErrorIds.Pkcs11UriInvalid, e.ErrorId);
        Assert.Contains(reason, e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void A_pin_in_the_uri_is_refused_and_never_shown()
    {
        const string text = "pkcs11:object=k?pin-value=S3cr3tPin&module-path=/m.so";
        var uri = Pkcs11Uri.Parse(text);
        Assert.True(uri.HasPinValue);
        Assert.DoesNotContain("S3cr3tPin", uri.Redacted);
        Assert.Equal("pkcs11:object=k?pin-value=***&module-path=/m.so", uri.ToString());
        var e = Assert.Throws<MfgException>(() => SigningKeySource.OpenPkcs11(uri, null, new SigningKeySecret()));
        Assert.Equal(ErrorIds.Pkcs11PinOnCommandLine, e.ErrorId);
        Assert.DoesNotContain("S3cr3tPin", e.Message);
        var bad = Assert.Throws<MfgException>(() => Pkcs11Uri.Parse("pkcs11:pin-value=S3cr3tPin?module-path=/m.so"));
        Assert.DoesNotContain("S3cr3tPin", bad.Message);
    }

    [Fact]
    public void A_missing_or_broken_module_is_a_clear_error_naming_the_uri()
    {
        using var d = new TempDir();
        string missing = $"pkcs11:object=pai-key?module-path={d.File("nope.so")}";
        var e = Assert.Throws<MfgException>(() => SigningKeySource.OpenPkcs11(Pkcs11Uri.Parse(missing), null, new SigningKeySecret()));
        Assert.Equal(ErrorIds.Pkcs11ModuleNotFound, e.ErrorId);
        Assert.Contains(missing, e.Message);
        Assert.Contains("does not exist", e.Message);

        File.WriteAllText(d.File("fake.so"), "not a library");
        string fake = $"pkcs11:object=pai-key?module-path={d.File("fake.so")}";
        var f = Assert.Throws<MfgException>(() => SigningKeySource.OpenPkcs11(Pkcs11Uri.Parse(fake), null, new SigningKeySecret()));
        Assert.Equal(ErrorIds.Pkcs11ModuleNotFound, f.ErrorId);
        Assert.Contains(fake, f.Message);
    }

    [Fact]
    public void The_cli_refuses_pwd_as_a_token_pin_and_does_not_print_it()
    {
        using var d = new TempDir();
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "--pai", "-c", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem"), "-k", "pkcs11:object=pai-key?module-path=/m.so", "--pwd", "Pin0nCmdLine",
            "-v", "0xFFF1", "-p", "0x8000", "--outdir", "out" }, TextWriter.Null, stderr, d.Path, new MatterFactoryEngine());
        Assert.Equal(2, rc);
        Assert.Contains("--pwd-file", stderr.ToString());
        Assert.DoesNotContain("Pin0nCmdLine", stderr.ToString());
    }

    [Fact]
    public void The_cmdlets_pass_a_key_uri_through_instead_of_resolving_it_as_a_path()
    {
        using var d = new TempDir();
        string uri = $"pkcs11:object=pai-key?module-path={d.File("nope.so")}";
        var r = Ps.Run("New-MatterDac -PaiCertificate $pai -PaiKey $key -OutputPath $out", ("pai", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem")), ("key", uri), ("out", d.Path));
        var record = r.TerminatingRecord ?? Assert.Single(r.Errors);
        Assert.StartsWith(ErrorIds.Pkcs11ModuleNotFound, record.FullyQualifiedErrorId);
        Assert.Contains(uri, record.ToString());
    }

    [Theory]
    [InlineData(@"cert:\LocalMachine\My\0123456789abcdef0123456789ABCDEF01234567", StoreLocation.LocalMachine, "My")]
    [InlineData("Cert:/CurrentUser/Root/01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67", StoreLocation.CurrentUser, "Root")]
    public void A_certificate_store_path_gives_location_store_and_thumbprint(string text, StoreLocation location, string store)
    {
        var key = CertificateStoreKey.Parse(text);
        Assert.Equal(location, key.Location);
        Assert.Equal(store, key.StoreName);
        Assert.Equal("0123456789ABCDEF0123456789ABCDEF01234567", key.Thumbprint);
        Assert.True(SigningKeySource.IsKeyUri(text));
    }

    [Theory]
    [InlineData(@"cert:\LocalMachine\My", "cert:\\<CurrentUser|LocalMachine>")]
    [InlineData(@"cert:\Machine\My\0123456789abcdef0123456789ABCDEF01234567", "'Machine' is not a store location")]
    [InlineData(@"cert:\LocalMachine\My\0123", "is not a certificate thumbprint")]
    public void A_malformed_certificate_store_path_is_refused(string text, string reason)
    {
        var e = Assert.Throws<MfgException>(() => CertificateStoreKey.Parse(text));
        Assert.Equal(ErrorIds.CertificateStorePathInvalid, e.ErrorId);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_certificate_store_key_outside_windows_says_it_is_windows_only()
    {
        var key = CertificateStoreKey.Parse(@"cert:\LocalMachine\My\0000000000000000000000000000000000000000");
        var e = Assert.Throws<MfgException>(() => key.Open());
        // On Windows the store is there but holds no such certificate.
        Assert.Equal(OperatingSystem.IsWindows() ? ErrorIds.CertificateStoreNotFound : ErrorIds.CertificateStoreNotSupported, e.ErrorId);
        Assert.Contains(@"cert:\LocalMachine\My\0000", e.Message);
    }

    private static ECParameters TestPaiParameters()
    {
        var soft = MatterTestPki.PaiKey();
        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = soft.ExportScalar(),
            Q = new ECPoint { X = soft.PublicKey[1..33], Y = soft.PublicKey[33..] },
        };
    }

    [Fact]
    public void The_ecdsa_adapter_signs_dacs_that_chain_to_the_pai_with_one_key_object_per_thread()
    {
        int opened = 0;
        var parameters = TestPaiParameters();
        using var key = new EcdsaSigningKey(() =>
        {
            Interlocked.Increment(ref opened);
            return ECDsa.Create(parameters);
        }, @"cert:\LocalMachine\My\test");
        var pai = PaiFff1;
        Assert.Equal(pai.PublicKey, key.PublicKey);
        var validity = CertificateValidity.Resolve(null, 30, false, pai, ValidityLimit.Reject, "DAC");
        var issuer = new DacIssuer(pai, key, 0xFFF1, 0x8000, validity, key.Source);
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            Assert.True(issuer.Issue($"dev-{i}").Certificate.IsSignedBy(pai.PublicKey));
        });
        Assert.Equal(threads.Count, opened);
    }

    [Fact]
    public void The_ecdsa_adapter_refuses_a_key_that_is_not_p256()
    {
        var e = Assert.Throws<MfgException>(() => new EcdsaSigningKey(() => ECDsa.Create(ECCurve.NamedCurves.nistP384), "cert:\\CurrentUser\\My\\p384"));
        Assert.Equal("KeyCurveNotP256", e.ErrorId);
        Assert.Contains("p384", e.Message);
    }

    [Fact]
    public void A_key_file_path_is_not_a_key_uri()
    {
        Assert.False(SigningKeySource.IsKeyUri("pai-key.pem"));
        Assert.False(SigningKeySource.IsKeyUri(@"C:\keys\pai.pem"));
        Assert.True(SigningKeySource.IsKeyUri("PKCS11:object=x"));
        var (cert, key) = SigningKeySource.ReadPair(VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem"), VectorFile("Chip-Test-PAI-FFF1-8000-Key.pem"), new SigningKeySecret(), "PAI");
        Assert.Equal(cert.PublicKey, key.PublicKey);
        Assert.IsType<P256Key>(key);
    }
}
