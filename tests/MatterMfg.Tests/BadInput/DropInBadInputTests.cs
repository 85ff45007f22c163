using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>
/// mattermfg as a drop-in for esp-matter-mfg-tool: where the reference reports a condition, the error line starts with
/// its sentence (<c>[  ERROR] - &lt;sentence&gt;</c>, what scripts grep); a flag mattermfg would not carry out is refused,
/// never ignored. Each row: exit code 2, the line (and, where the reference has one, its sentence first), the input
/// named, no exception text, and nothing written. The inputs are the reference suite's test_data.
/// </summary>
[Collection("WholeFactoryRuns")] // whole factory runs, one class at a time (CPU-heavy; the collection name is all they share)
public class DropInBadInputTests
{
    private const string Pai = "--pai -c test_data/Chip-Test-PAI-FFF2-8001-Cert.pem -k test_data/Chip-Test-PAI-FFF2-8001-Key.pem -cd test_data/Chip-Test-CD-FFF2-8001.der";
    private const string Paa = "--paa -c test_data/Chip-Test-PAA-NoVID-Cert.pem -k test_data/Chip-Test-PAA-NoVID-Key.pem -cd test_data/Chip-Test-CD-FFF2-8001.der";
    private const string Salt = "V2QKkHqfnRuSmj1m/1ZcYNwoAfhl5sihnkdYmHQahuM=";
    private const string Verifier = "UiGpbqdFJsfa/Q06gfG2gALX3kHZ0vh74obA66HXxoMEYG3ymghhkZccIRNBCyM8dJXM9HqPDF29uybbgC+PSM9qAkdHkB7cYaAkiUe1bCgEj9y9LDtqDq6fYsg12BFq2A==";
    private const string ExternalDac = "--pai -c test_data/Chip-Test-PAI-FFF2-8001-Cert.pem -cd test_data/Chip-Test-CD-FFF2-8001.der";

    /// <summary>The arguments (besides -v 0xFFF2 -p 0x8001 --outdir out), the reference's sentence the line starts with (or null), a fragment naming the input.</summary>
    public static IEnumerable<object?[]> Cases => new (string Args, string? Sentence, string Names)[]
    {
        // The reference's sentences, then our specifics.
        ("--discriminator 5000", "Discriminator is out of range, should be in range [0, 4095]", "5000"),
        ("-v 0x10000", "Vendor id is out of range, should be in range [0, 65535]", "0x10000"), // the value as written (issue 13, numbers as given)
        ("-p 70000", "Product id is out of range, should be in range [0, 65535]", "70000"),
        ("--hw-ver 70000", "Hardware version is out of range, should be in range [0, 65535]", "70000"),
        ("--rd-id-uid abc --enable-rotating-device-id", "Rotating device Unique id must be between 32 and 32 characters", "'abc'"),
        ("--rd-id-uid zz112233445566778899aabbccddeeff --enable-rotating-device-id", "Rotating device Unique id must be between 32 and 32 characters", "zz1122"),
        ($"--passcode 20202021 --salt @@@@ --verifier {Verifier}", "Failed to decode salt from base64", "@@@@"),
        ($"--passcode 20202021 --salt {Salt}", "--salt and --verifier must be provided together", "--salt was given without --verifier"),
        ($"--passcode 20202021 --verifier {Verifier}", "--salt and --verifier must be provided together", "--verifier was given without --salt"),
        ($"--passcode 20202022 --salt {Salt} --verifier {Verifier}",
            "Verifier validation failed: the provided verifier does not match the computed verifier from passcode and salt", "iteration count 10000"),
        ($"--passcode 20202021 --salt {Salt} --verifier {Verifier} --iteration-count 1000",
            "Verifier validation failed: the provided verifier does not match the computed verifier from passcode and salt", "iteration count 1000"),
        ("--pai -c test_data/Chip-Test-PAI-FFF2-8001-Cert.pem -k test_data/Chip-Test-PAA-NoVID-Key.pem", "PAI certificate and private key do not match", "Chip-Test-PAA-NoVID-Key.pem"),
        ("--pai -c test_data/Chip-Test-PAA-NoVID-Cert.pem -k test_data/Chip-Test-PAA-NoVID-Key.pem", "PAI certificate is not valid", "Chip-Test-PAA-NoVID-Cert.pem"),
        ("--paa -c test_data/Chip-Test-PAI-FFF2-8001-Cert.pem -k test_data/Chip-Test-PAI-FFF2-8001-Key.pem", "PAA certificate is not valid", "Chip-Test-PAI-FFF2-8001-Cert.pem"),
        ("--paa -c test_data/Chip-Test-PAA-NoVID-Cert.pem -k test_data/DAC_key.pem", "PAA certificate and private key do not match", "DAC_key.pem"),
        ($"{Pai} -v 0x1001", "PAI certificate VID and PID do not match input VID and PID", "VID FFF2 in"),
        ($"{Pai} -p 0x8002", "PAI certificate VID and PID do not match input VID and PID", "PID 8001 in"),
        ($"{Pai} -vf 2001-01-01T00:00:00 --lifetime 1000", "PAI Certificate validity period is outside the specified parameters", "2001-01-01"),
        ($"{Paa} -vf 2001-01-01T00:00:00", "PAA Certificate validity period is outside the specified parameters", "Chip-Test-PAA-NoVID-Cert.pem"),
        ($"{ExternalDac} --dac-cert test_data/Chip-Test-PAA-NoVID-Cert.pem --dac-key test_data/DAC-FFF1-8000-Key.pem", "DAC certificate is not valid", "Chip-Test-PAA-NoVID-Cert.pem"),
        ($"{ExternalDac} --dac-cert test_data/DAC_cert.pem --dac-key test_data/DAC-FFF1-8000-Key.pem", "DAC certificate and private key do not match", "DAC-FFF1-8000-Key.pem"),
        ($"{ExternalDac} --dac-cert test_data/DAC-FFF1-8000-Cert.pem --dac-key test_data/DAC-FFF1-8000-Key.pem", "DAC certificate chain is not valid", "DAC-FFF1-8000-Cert.pem"),
        ("--port /dev/ttyUSB0 -n 3", "Port not specified or number of partitions count is greater than 1", "-n is 3"),
        ("-s 0x3100", "Size of partition must be multiple of 4096", "0x3100"),
        ("-s 0", "Minimum partition size for read/write NVS is 0x3000 bytes and for read-only NVS is 0x1000 bytes", "got 0x0"),
        ("--fixed-labels 0/orientation/up x/y", "Invalid fixed label: x/y", "x/y"),
        ("--pai -c test_data/Chip-Test-PAI-FFF2-8001-Cert.pem -cd test_data/Chip-Test-CD-FFF2-8001.der", "CA key and certificate are required to generate DAC key and certificate", "(-c and -k)"),
        ("--paa -k test_data/Chip-Test-PAA-NoVID-Key.pem", "CA key and certificate are required to generate DAC key and certificate", "(-c and -k)"),
        ($"{ExternalDac} --dac-cert test_data/DAC_cert.pem", "dac_key and dac_cert should be both present or none", "dac_key"),
        // Flags mattermfg would not carry out: refused, saying what to use instead.
        ("--port /dev/ttyUSB0", null, "--port '/dev/ttyUSB0' is not supported"),
        ($"{Pai} --dac-in-secure-cert --commissionable-data-in-secure-cert --rd-id-uid-in-secure-cert -ds --target esp32h2 --efuse-key-id 1 --port /dev/ttyUSB0",
            null, "espefuse.py --chip esp32h2 --port /dev/ttyUSB0 burn_key BLOCK_KEY1"),
        ("--efuse-key-id 2", "either both or none of ds-peripheral and efuse-key-id must be provided", "--efuse-key-id 2"),
        ($"{Pai} -ds --target esp32h2 --efuse-key-id 1", null, "-ds/--ds-peripheral"),
        ($"{Pai} --no-secure-cert-bin -ds --target esp32h2 --efuse-key-id 1", null, "-ds/--ds-peripheral"),
        ("--dac-in-secure-cert", null, "--dac-in-secure-cert, --commissionable-data-in-secure-cert and --rd-id-uid-in-secure-cert need --pai"),
        ($"{Pai} --dac-in-secure-cert --no-secure-cert-bin", null, "--no-secure-cert-bin cannot be combined with --dac-in-secure-cert"),
        ("--enable-dynamic-passcode --passcode 20202021", null, "--passcode is not used with --enable-dynamic-passcode"),
        ("--enable-dynamic-passcode -cf 1", null, "-cf/--commissioning-flow"),
        ("--enable-dynamic-passcode -dm 4", null, "-dm/--discovery-mode"),
        ("-cn Bulb", null, "-cn/--cn-prefix"),
        ($"{Pai} -cn Bulb", null, "-cn/--cn-prefix"),
        ("--rd-id-uid 00112233445566778899aabbccddeeff", null, "--rd-id-uid is stored only with --enable-rotating-device-id"),
        ("--part-number ''", null, "--part-number ''"),
        ("--no-bin -e", null, "-e/--encrypt"),
        ("--no-bin -s 0x8000", null, "-s/--size"),
        ("--serial-num SN1 --serial-num-format SN-{0:D4} --manifest m.json", null, "--serial-num-format"),
        ("--cd-signing-cert test_data/Chip-Test-PAA-NoVID-Cert.pem", null, "--cd-signing-cert"),
        // The reference ignores --pwd; mattermfg uses it for an encrypted key, and refuses it for a plain one (it would be ignored).
        ($"{Pai} --pwd secret", null, "Chip-Test-PAI-FFF2-8001-Key.pem' is not encrypted, so the password given for it would be ignored"),
    }.Select(c => new object?[] { c.Args, c.Sentence, c.Names });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Refused_with_exit_2_the_reference_s_sentence_first_and_nothing_written(string args, string? sentence, string names)
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("test_data"));
        var inputs = Directory.GetFiles(Repo.Vector("mfg_tool-integration", "test_data"))
            .Select(f => { string to = tmp.File(Path.Combine("test_data", Path.GetFileName(f))); File.Copy(f, to); return to; }).ToList();
        inputs.Add(tmp.File("test_data"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var argv = new[] { "-v", "0xFFF2", "-p", "0x8001", "--outdir", "out" }.Concat(Cli.MfgToolSuiteJudge.ShellWords("x " + args).Skip(1)).ToArray();

        int rc = Program.Run(argv, stdout, stderr, tmp.Path, new MatterMfg.Factory.MatterFactoryEngine());

        string err = stderr.ToString();
        Assert.True(rc == 2, $"exit {rc}\n{stdout}{err}");
        var line = err.Split('\n').Single(l => l.Contains("[  ERROR] - ", System.StringComparison.Ordinal));
        string message = line.Substring(line.IndexOf("[  ERROR] - ", System.StringComparison.Ordinal) + 12);
        if (sentence != null)
        {
            Assert.StartsWith(sentence, message);
        }
        Assert.Contains(names, message);
        BadInputAssert.NoStackTrace(err + stdout);
        BadInputAssert.NothingWritten(tmp.Path, inputs.ToArray());
    }
}
