using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using MatterMfg.Attestation;
using MatterMfg.Tests.Infrastructure;
using static MatterMfg.Tests.Attestation.AttestationVectors;

namespace MatterMfg.Tests.Attestation;

/// <summary>The attestation cmdlets in the real hosted engine, with rows shaped as Import-Csv makes them.</summary>
public class AttestationCmdletTests
{
    private static SecureString Secure(string s)
    {
        var ss = new SecureString();
        foreach (char c in s)
        {
            ss.AppendChar(c);
        }
        return ss;
    }

    [Fact]
    public void New_dac_issues_one_dac_per_row_and_reports_bad_rows_while_the_rest_go_on()
    {
        using var tmp = new TempDir();
        var rows = new[]
        {
            Ps.Row(("CommonName", "dev-0001"), ("VendorId", "0xFFF2"), ("ProductId", "0x8001")),
            Ps.Row(("CommonName", "dev-0002"), ("VendorId", "0xFFF2"), ("ProductId", "0x8002")),
            Ps.Row(("CommonName", "dev-0003"), ("VendorId", "10kb"), ("ProductId", "0x8001")),
            Ps.Row(("DeviceId", "dev-0004"), ("VendorId", "65522"), ("ProductId", "32769")),
        };
        var r = Ps.Run("$rows | New-MatterDac -PaiCertificate $pai -PaiKey $key -Lifetime 365 -OutputPath $out",
            ("rows", rows), ("pai", VectorFile("Chip-Test-PAI-FFF2-8001-Cert.pem")), ("key", VectorFile("Chip-Test-PAI-FFF2-8001-Key.pem")), ("out", tmp.Path));
        Assert.Null(r.Terminating);
        Assert.Equal(new[] { "dev-0001", "dev-0004" }, r.Output.Select(o => (string)o.Properties["CommonName"].Value));
        Assert.Equal(2, r.Errors.Count);
        Assert.StartsWith("PaiProductIdMismatch,", r.Errors[0].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Same(rows[1], r.Errors[0].TargetObject);
        Assert.StartsWith("ParameterArgumentTransformationError,", r.Errors[1].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(r.Warnings);
        // Files with the reference's names; the object carries paths and the certificate, never the key.
        string folder = Path.Combine(tmp.Path, "dev-0001");
        Assert.Equal(new[] { "DAC_cert.der", "DAC_cert.pem", "DAC_key.der", "DAC_key.pem", "DAC_private_key.bin", "DAC_public_key.bin" },
            Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        var o = r.Output[0];
        Assert.Equal(Path.Combine(folder, "DAC_cert.der"), o.Properties["CertificatePath"].Value);
        var cert = Assert.IsType<X509Certificate2>(o.Properties["Certificate"].Value);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "DAC_cert.der")), cert.RawData);
        Assert.False((bool)o.Properties["IsTestOnly"].Value);
        Assert.DoesNotContain(o.Properties, p => p.Value is byte[] || (p.Value is string s && s.Contains("PRIVATE KEY", StringComparison.Ordinal)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "DAC_key.pem")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "DAC_private_key.bin")));
        }
        var dac = AttestationCredentials.ReadCertificate(Path.Combine(folder, "DAC_cert.pem"));
        Assert.True(AttestationChain.Check(dac, PaiFff2, PaaNoVid, new AttestationChainOptions { VendorId = 0xFFF2, ProductId = 0x8001, DacKey = AttestationCredentials.ReadPrivateKey(Path.Combine(folder, "DAC_key.der")) }).IsValid);
    }

    [Fact]
    public void New_dac_never_overwrites_without_force_and_honours_whatif()
    {
        using var tmp = new TempDir();
        var what = Ps.Run("New-MatterDac -TestAttestation -CommonName d1 -OutputPath $out -WhatIf", ("out", tmp.Path));
        what.Ok();
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, "d1")));
        Assert.Contains("What if", what.HostText, StringComparison.Ordinal);
        Ps.Run("New-MatterDac -TestAttestation -CommonName d1 -OutputPath $out", ("out", tmp.Path)).Ok();
        byte[] first = File.ReadAllBytes(Path.Combine(tmp.Path, "d1", "DAC_key.der"));
        var again = Ps.Run("New-MatterDac -TestAttestation -CommonName d1 -OutputPath $out", ("out", tmp.Path));
        Assert.StartsWith("AttestationOutputExists,", Assert.Single(again.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(tmp.Path, "d1", "DAC_key.der")));
        Ps.Run("New-MatterDac -TestAttestation -CommonName d1 -OutputPath $out -Force", ("out", tmp.Path)).Ok();
        Assert.NotEqual(first, File.ReadAllBytes(Path.Combine(tmp.Path, "d1", "DAC_key.der")));
    }

    [Fact]
    public void Test_attestation_warns_once_and_marks_every_dac_test_only_and_the_chain_checks_pass()
    {
        using var tmp = new TempDir();
        var r = Ps.Run("1..3 | ForEach-Object { [pscustomobject]@{ CommonName = \"t-$_\" } } | New-MatterDac -TestAttestation -OutputPath $out | Test-MatterAttestationChain",
            ("out", tmp.Path));
        r.Ok();
        Assert.Equal(3, r.Output.Count);
        Assert.All(r.Output, o => Assert.True(((AttestationChainReport)o.BaseObject).IsValid));
        Assert.All(r.Output, o => Assert.True(((AttestationChainReport)o.BaseObject).IsTestPki));
        Assert.Single(r.Warnings, w => w.Contains("TEST PKI", StringComparison.Ordinal));
        Assert.Single(r.Warnings, w => w.Contains("built-in public Matter test PKI", StringComparison.Ordinal));
        var quiet = Ps.Run("Test-MatterAttestationChain -DacCertificate $dac -PaiCertificate $pai -PaaCertificate $paa -Quiet -VendorId 0xFFF1 -ProductId 0x8001",
            ("dac", VectorFile("Chip-Test-DAC-FFF1-8000-0000-Cert.pem")), ("pai", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem")), ("paa", VectorFile("Chip-Test-PAA-FFF1-Cert.pem")));
        Assert.False((bool)Assert.Single(quiet.Ok()).BaseObject);
    }

    [Fact]
    public void Chain_report_lists_each_rule_and_the_cd_checks()
    {
        var r = Ps.Run("Test-MatterAttestationChain $dac -PaiCertificate $pai -PaaCertificate $paa -DacKey $key -CertificationDeclaration $cd -CdSigningCertificate $signer",
            ("dac", VectorFile("Chip-Test-DAC-FFF1-8000-0001-Cert.der")), ("pai", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.der")), ("paa", VectorFile("Chip-Test-PAA-FFF1-Cert.der")),
            ("key", VectorFile("Chip-Test-DAC-FFF1-8000-0002-Key.pem")), ("cd", VectorFile("Chip-Test-CD-FFF2-8001.der")), ("signer", VectorFile("Chip-Test-CD-Signing-Cert.pem")));
        var report = (AttestationChainReport)Assert.Single(r.Ok()).BaseObject;
        Assert.Equal(new[] { "DacKeyMatches", "CdVendorId", "CdProductId" }, report.Failures.Select(f => f.Rule));
        Assert.Contains(report.Checks, c => c.Rule == "CdSignature" && c.Passed);
        Assert.True(report.Checks.Count > 30);
        var missing = Ps.Run("Test-MatterAttestationChain -DacCertificate $dac -PaiCertificate nope.pem", ("dac", VectorFile("Chip-Test-DAC-FFF1-8000-0001-Cert.der")));
        Assert.StartsWith("InputFileNotFound,", Assert.Single(missing.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        var noPai = Ps.Run("Test-MatterAttestationChain -DacCertificate $dac", ("dac", Path.Combine(FactoryVectorDir, "DAC_cert.pem")));
        Assert.StartsWith("PaiRequired,", Assert.Single(noPai.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void New_pai_under_a_paa_with_an_encrypted_key_then_dacs_under_it()
    {
        using var tmp = new TempDir();
        // The encrypted fixture holds the PAI FFF1/8000 key: with the right password the pair loads and the PAI is then
        // refused as a PAA; with a wrong one the key is refused first.
        var wrongRole = Ps.Run("New-MatterPai -PaaCertificate $c -PaaKey $k -PaaKeyPassword $pw -VendorId 0xFFF1 -OutputPath $out",
            ("c", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem")), ("k", Repo.Vector("attestation-formats", "pai-key-pkcs8-encrypted.pem")), ("pw", Secure("s3cret")), ("out", tmp.Path));
        Assert.Equal("PaaInvalid", SetupErrorId(wrongRole));
        var wrongPw = Ps.Run("New-MatterPai -PaaCertificate $c -PaaKey $k -PaaKeyPassword $pw -VendorId 0xFFF1 -OutputPath $out",
            ("c", VectorFile("Chip-Test-PAI-FFF1-8000-Cert.pem")), ("k", Repo.Vector("attestation-formats", "pai-key-pkcs8-encrypted.pem")), ("pw", Secure("wrong")), ("out", tmp.Path));
        Assert.Equal("KeyPasswordWrong", SetupErrorId(wrongPw));
        Assert.Equal(ErrorCategory.SecurityError, Assert.Single(wrongPw.Errors).CategoryInfo.Category);

        var r = Ps.Run("$p = New-MatterPai -PaaCertificate $c -PaaKey $k -VendorId 0xFFF2 -CommonName 'ACME PAI 01' -Lifetime 3650 -OutputPath $out; $p; " +
                       "New-MatterDac -PaiCertificate $p.CertificatePemPath -PaiKey $p.KeyPath -ProductId 0x1234 -CommonName d -OutputPath $out | Test-MatterAttestationChain -PaaCertificate $c",
            ("c", VectorFile("Chip-Test-PAA-NoVID-Cert.pem")), ("k", VectorFile("Chip-Test-PAA-NoVID-Key.pem")), ("out", tmp.Path));
        r.Ok();
        Assert.Equal("PAI", r.Get(0, "Role"));
        Assert.Equal(new[] { "pai_cert.der", "pai_cert.pem", "pai_key.pem" }, Directory.GetFiles(tmp.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        var report = (AttestationChainReport)r.Output[1].BaseObject;
        Assert.True(report.IsValid, string.Join("\n", report.Failures));
        Assert.Equal((ushort)0x1234, report.Dac.Subject.ProductId);
        Assert.Null(report.Pai.Subject.ProductId);
    }

    [Fact]
    public void Certification_declarations_are_made_decoded_and_checked()
    {
        using var tmp = new TempDir();
        var row = Ps.Row(("VendorId", "0xFFF1"), ("ProductId", "0x8000"), ("DeviceTypeId", "0x0016"), ("CertificateId", "ZIG20141ZB330001-24"), ("VersionNumber", "9876"), ("OutFile", tmp.File("cd.der")));
        var bad = Ps.Row(("VendorId", "0xFFF1"), ("ProductId", "0x8000"), ("DeviceTypeId", "0x0016"), ("CertificateId", "short"), ("VersionNumber", "1"), ("OutFile", tmp.File("bad.der")));
        var made = Ps.Run("$rows | New-MatterCertificationDeclaration -TestSigner", ("rows", new[] { row, bad }));
        Assert.Single(made.Output);
        Assert.StartsWith("CdCertificateIdLength,", Assert.Single(made.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.File("bad.der")));
        Assert.Single(made.Warnings);

        var r = Ps.Run("Get-MatterCertificationDeclaration $cd -TestSigner -VendorId 0xFFF1 -ProductId 0x8000", ("cd", tmp.File("cd.der")));
        var cd = (CertificationDeclaration)Assert.Single(r.Ok()).BaseObject;
        Assert.Equal(9876, cd.VersionNumber);
        Assert.Equal(0x16u, cd.DeviceTypeId);

        var checks = Ps.Run("$files | Get-MatterCertificationDeclaration -SigningCertificate $signer -VendorId 0xFFF2 -ProductId 0x8001",
            ("files", new[] { VectorFile("Chip-Test-CD-FFF2-8001.der"), tmp.File("cd.der"), VectorFile("Chip-Test-PAI-FFF1-8000-Cert.der") }), ("signer", VectorFile("Chip-Test-CD-Signing-Cert.pem")));
        Assert.Equal((ushort)0xFFF2, ((CertificationDeclaration)Assert.Single(checks.Output).BaseObject).VendorId);
        Assert.Equal(new[] { "CdDoesNotCoverDevice", "CertificationDeclarationMalformed" }, checks.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        var wrongSigner = Ps.Run("Get-MatterCertificationDeclaration $cd -SigningCertificate $signer", ("cd", tmp.File("cd.der")), ("signer", VectorFile("Chip-Test-PAA-FFF1-Cert.pem")));
        Assert.StartsWith("CertificationDeclarationSignatureInvalid,", Assert.Single(wrongSigner.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void Setup_errors_terminate_before_any_file()
    {
        using var tmp = new TempDir();
        var mismatch = Ps.Run("New-MatterDac -PaiCertificate $c -PaiKey $k -OutputPath $out", ("c", VectorFile("Chip-Test-PAI-FFF2-8001-Cert.pem")), ("k", VectorFile("Chip-Test-PAI-FFF1-8000-Key.pem")), ("out", tmp.Path));
        Assert.Equal("KeyCertificateMismatch", SetupErrorId(mismatch));
        var early = Ps.Run("New-MatterDac -TestAttestation -ValidFrom ([datetime]'2019-01-01') -OutputPath $out", ("out", tmp.Path));
        Assert.Equal("ValidityOutsideIssuer", SetupErrorId(early));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    /// <summary>The id of the one error that stopped the command (a statement-terminating error lands in the error stream of the script).</summary>
    private static string SetupErrorId(PsResult r)
    {
        Assert.Empty(r.Output);
        var record = r.TerminatingRecord ?? Assert.Single(r.Errors);
        return record.FullyQualifiedErrorId.Split(',')[0];
    }

    private static string FactoryVectorDir => Repo.Vector("factory", "minimal_fixed");
}

/// <summary>The script blocks of the attestation format views run without error on real objects (Format-* would show a failing one as an empty cell, so each is evaluated directly).</summary>
public class AttestationFormatTests
{
    [Fact]
    public void Every_view_script_block_evaluates_on_its_type()
    {
        var doc = System.Xml.Linq.XDocument.Load(Path.Combine(Repo.Root, "module", "MatterMfg.Attestation.format.ps1xml"));
        using var tmp = new TempDir();
        var samples = Ps.Run(
            "$dac = New-MatterDac -TestAttestation -CommonName s1 -OutputPath $out -WarningAction SilentlyContinue; $dac; " +
            "Get-MatterCertificationDeclaration $cd; $dac | Test-MatterAttestationChain -WarningAction SilentlyContinue",
            ("out", tmp.Path), ("cd", VectorFile("Chip-Test-CD-FFF2-8001.der")));
        var objects = samples.Ok().Select(o => o.BaseObject).ToList();
        var report = (AttestationChainReport)objects[2];
        objects.Add(report.Checks[0]);
        var pairs = new System.Collections.Generic.List<(object Sample, string Script)>();
        foreach (var view in doc.Descendants("View"))
        {
            string type = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            object sample = objects.Single(o => o.GetType().FullName == type);
            pairs.AddRange(view.Descendants("ScriptBlock").Select(b => (sample, b.Value)));
        }
        var r = Ps.Run("for ($i = 0; $i -lt $s.Count; $i++) { try { $null = ForEach-Object -InputObject $o[$i] -Process ([scriptblock]::Create($s[$i])) -ErrorAction Stop } catch { throw \"$($s[$i]): $_\" } }",
            ("o", pairs.Select(p => p.Sample).ToArray()), ("s", pairs.Select(p => p.Script).ToArray()));
        Assert.True(r.Errors.Count == 0 && r.Terminating == null, $"{r.Terminating}{string.Join(";", r.Errors)}");
        int evaluated = pairs.Count;
        Assert.True(evaluated >= 15, $"only {evaluated} script blocks");
    }
}
