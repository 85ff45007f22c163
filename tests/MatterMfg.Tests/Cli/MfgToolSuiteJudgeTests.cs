using System;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Factory;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Cli;

/// <summary>
/// The judge of the reference suite can fail: one real device, judged against its own command line (passes), then
/// against command lines and files that disagree with it one way at a time (each fails, naming what differs).
/// </summary>
[Collection("WholeFactoryRuns")] // whole factory runs, one class at a time (CPU-heavy; the collection name is all they share)
public class MfgToolSuiteJudgeTests
{
    private const string Pai = "--pai -k test_data/Chip-Test-PAI-FFF2-8001-Key.pem -c test_data/Chip-Test-PAI-FFF2-8001-Cert.pem -cd test_data/Chip-Test-CD-FFF2-8001.der";

    private const string Made = "esp-matter-mfg-tool -v 0xFFF2 -p 0x8001 --vendor-name 'Espressif Systems' --hw-ver 2 --serial-num 'SN123456789' "
        + "--calendar-types Indian Buddhist --product-finish matte --product-color navy --locales en-US en-GB "
        + "--fixed-labels 0/orientation/up 1/orientation/down --supported-modes '0/RapidCool/1/7\\0, 8\\0' '1/RapidFreeze/1/7\\0' "
        + "--rd-id-uid 1234567890abcdef1234567890abcdef --enable-rotating-device-id " + Pai;

    [Fact]
    public void A_device_passes_against_its_own_command_and_fails_against_any_other()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("test_data"));
        foreach (string f in Directory.GetFiles(Repo.Vector("mfg_tool-integration", "test_data")))
        {
            File.Copy(f, tmp.File(Path.Combine("test_data", Path.GetFileName(f))));
        }
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, Program.Run(MfgToolSuiteJudge.ShellWords(Made).Skip(1).ToArray(), stdout, stderr, tmp.Path, new MatterFactoryEngine()));
        string output = stdout.ToString() + stderr;
        string paa = tmp.File("test_data/Chip-Test-PAA-NoVID-Cert.pem");
        var all = new MfgToolSuiteCase { Command = Made, ExpectedOutput = "Generated output files at:", ValidateCert = true, ValidateCnInPath = true, ValidateNoSecureCertBin = true };
        Assert.Empty(MfgToolSuiteJudge.Judge(all, output, tmp.Path, paa));

        string Fails(MfgToolSuiteCase c, string? otherPaa = null) => string.Join("\n", MfgToolSuiteJudge.Judge(c, output, tmp.Path, otherPaa ?? paa));
        MfgToolSuiteCase With(string from, string to) => new() { Command = Made.Replace(from, to, StringComparison.Ordinal), ExpectedOutput = "Generated output files at:" };

        Assert.Contains("Expected output not found", Fails(new MfgToolSuiteCase { Command = Made, ExpectedOutput = "[  ERROR] - " }));
        Assert.Contains("vendor-name: expected 'Espressif'", Fails(With("'Espressif Systems'", "'Espressif'")));
        Assert.Contains("vendor-id: expected", Fails(With("-v 0xFFF2", "-v 0xFFF1")));
        Assert.Contains("hw-ver: expected 3", Fails(With("--hw-ver 2", "--hw-ver 3")));
        Assert.Contains("serial-num", Fails(With("'SN123456789'", "'SN12345678'")));
        Assert.Contains("calendar-types", Fails(With("Indian Buddhist", "Indian Gregorian")));
        Assert.Contains("product-finish", Fails(With("matte", "satin")));
        Assert.Contains("product-color", Fails(With("navy", "teal")));
        Assert.Contains("locale/1", Fails(With("en-US en-GB", "en-US fr-FR")));
        Assert.Contains("fl-v/0/0", Fails(With("0/orientation/up", "0/orientation/down")));
        Assert.Contains("st-v/1/0/1", Fails(With("8\\0'", "9\\0'")));
        Assert.Contains("st-mfg/1/1/0", Fails(With("'1/RapidFreeze/1/7\\0'", "'1/RapidFreeze/1/7\\1f'")));
        Assert.Contains("rd-id-uid", Fails(With("1234567890abcdef1234567890abcdef", "0234567890abcdef1234567890abcdef")));
        Assert.Contains("Certificate validation failed", Fails(all, Repo.Vector("matter", "attestation", "Chip-Test-PAA-FFF1-Cert.pem")));
        Assert.Contains("found in output path", Fails(new MfgToolSuiteCase { Command = Made, ValidateCnNotInPath = true }));
        Assert.Contains("Secure cert partition file not found", Fails(new MfgToolSuiteCase { Command = Made, ValidateSecureCert = true }));
        Assert.Contains("master.csv not found", Fails(new MfgToolSuiteCase { Command = Made.Replace("0xFFF2", "0xFFF3", StringComparison.Ordinal), ValidateCsvQuoting = true }));
        Assert.Contains("Vendor name should be quoted", Fails(new MfgToolSuiteCase { Command = Made, ValidateCsvQuoting = true }));

        // The device's own files against its partition: a DAC public key that is not the one stored.
        string device = Directory.GetDirectories(tmp.File("out/fff2_8001")).Single(d => Path.GetFileName(d) != "staging");
        File.WriteAllBytes(Path.Combine(device, "internal", "DAC_public_key.bin"), new byte[65]);
        Assert.Contains("dac-pub-key", Fails(all));
    }
}
