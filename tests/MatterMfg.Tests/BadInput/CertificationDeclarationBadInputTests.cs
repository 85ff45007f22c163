using System.IO;
using MatterMfg.Attestation;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>
/// Every malformed CD of <see cref="BadCertificationDeclarations"/> through the core, Get-MatterCertificationDeclaration,
/// Test-MatterAttestationChain -CertificationDeclaration, New-MatterFactoryImage and mattermfg -cd: one id
/// (CertificationDeclarationMalformed), the file named, no .NET exception, nothing made.
/// </summary>
[Collection("WholeFactoryRuns")] // whole factory runs, one class at a time (CPU-heavy; the collection name is all they share)
public class CertificationDeclarationBadInputTests
{
    [Theory]
    [MemberData(nameof(BadCertificationDeclarations.Names), MemberType = typeof(BadCertificationDeclarations))]
    public void Core_decoding_refuses_it_naming_the_file(string name)
    {
        using var tmp = new TempDir();
        string path = BadCertificationDeclarations.Write(tmp.Path, name);
        var e = Assert.Throws<MfgException>(() => CertificationDeclaration.Read(path));
        Assert.Equal(ErrorIds.CertificationDeclarationMalformed, e.ErrorId);
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.Target);
    }

    [Theory]
    [MemberData(nameof(BadCertificationDeclarations.Names), MemberType = typeof(BadCertificationDeclarations))]
    public void Get_MatterCertificationDeclaration_writes_one_error_with_the_id(string name) =>
        AssertCmdletRefuses(name, "Get-MatterCertificationDeclaration $p");

    [Theory]
    [MemberData(nameof(BadCertificationDeclarations.Names), MemberType = typeof(BadCertificationDeclarations))]
    public void Test_MatterAttestationChain_writes_one_error_with_the_id(string name) =>
        AssertCmdletRefuses(name, "Test-MatterAttestationChain $dac -CertificationDeclaration $p -WarningAction SilentlyContinue");

    [Theory]
    [MemberData(nameof(BadCertificationDeclarations.Names), MemberType = typeof(BadCertificationDeclarations))]
    public void New_MatterFactoryImage_stops_before_any_device(string name) =>
        AssertCmdletRefuses(name, "New-MatterFactoryImage -Count 2 -TestAttestation -CertificationDeclaration $p -OutputPath $out -WarningAction SilentlyContinue");

    /// <summary>Runs <paramref name="script"/> with $p the bad CD, $dac a test DAC and $out an output folder beside it.</summary>
    private static void AssertCmdletRefuses(string name, string script)
    {
        using var tmp = new TempDir();
        string path = BadCertificationDeclarations.Write(tmp.Path, name);
        var r = Ps.Run(script, ("p", path), ("out", tmp.File("out")), ("dac", Repo.Vector("matter", "attestation", "Chip-Test-DAC-FFF1-8000-0000-Cert.der")));
        Assert.Empty(r.Output);
        Assert.Equal(ErrorIds.CertificationDeclarationMalformed, BadInputAssert.ErrorId(r));
        Assert.Contains(path, BadInputAssert.ErrorMessage(r));
        BadInputAssert.NothingWritten(tmp.Path, path);
    }

    [Theory]
    [MemberData(nameof(BadCertificationDeclarations.Names), MemberType = typeof(BadCertificationDeclarations))]
    public void Mattermfg_exits_2_with_one_line_naming_the_file(string name)
    {
        using var tmp = new TempDir();
        string path = BadCertificationDeclarations.Write(tmp.Path, name);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "--test-pki", "-n", "2", "-cd", path, "--outdir", "out" }, stdout, stderr, tmp.Path, new MatterMfg.Factory.MatterFactoryEngine());
        Assert.Equal(2, rc);
        string err = stderr.ToString();
        Assert.Contains(path, err);
        Assert.Contains("is malformed", err);
        BadInputAssert.NoStackTrace(err + stdout);
        BadInputAssert.NothingWritten(tmp.Path, path);
    }
}
