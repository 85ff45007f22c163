using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Cli;

/// <summary>
/// esp-matter-mfg-tool's own integration suite (1.0.23, 66 cases, <c>vectors/mfg_tool-integration/</c>), run against
/// <c>mattermfg</c> installed under the reference's name: each case's command goes through bash exactly as written, with
/// an <c>esp-matter-mfg-tool</c> on PATH that starts mattermfg, in a folder holding the suite's <c>test_data/</c>, and
/// is judged as the reference suite judges it (<see cref="MfgToolSuiteJudge"/>). On top of the reference's judgement,
/// a case that expects devices must exit 0 and a case that expects an error must exit non-zero and write nothing.
/// The cases in <see cref="Deviations"/> are where mattermfg differs on purpose: for each, the reference's judgement
/// must fail (so the table cannot go stale) and mattermfg's own refusal must hold (exit 2, the message, nothing written).
/// </summary>
public class MfgToolIntegrationSuiteTests
{
    /// <summary>A deliberate deviation: why, and the fragment of mattermfg's error line that shows it.</summary>
    public sealed record Deviation(string Why, string Message);

    /// <summary>The deliberate deviations (README, "Drop-in compatibility"). Every other case passes as the reference suite judges it.</summary>
    public static readonly IReadOnlyDictionary<int, Deviation> Deviations = new Dictionary<int, Deviation>
    {
        [23] = new("-ds without a secure-cert partition would do nothing (the reference ignores it), so it is refused; "
            + "the CD FFF2/8001 does not cover the run's 0x1001/0x1001 either", "-ds/--ds-peripheral marks the DAC key of the secure-cert partition"),
        [25] = new("the certification declaration FFF2/8001 does not cover the run's VID/PID 0x1001/0x1001: every device would fail attestation, "
            + "so it is refused (the reference stores it unchecked)", "is for VID 0xFFF2 PID(s) 0x8001, not VID 0x1001 PID 0x1001"),
        [26] = new("--port is refused: mattermfg never opens a serial port (the reference uses it only to burn the DS eFuse key); "
            + "the CD does not cover 0x1001/0x1001 either", "--port '/dev/ttyUSB0' is not supported"),
        [35] = new("-ds --port: the reference burns the DAC key into an eFuse block through esp-secure-cert-tool (and, with no "
            + "device on the port, fails after writing part of the output); mattermfg refuses --port before anything is written and says what to use instead",
            "burn_key BLOCK_KEY1 <device folder>/internal/DAC_key.pem ECDSA_KEY"),
        [37] = new("--no-secure-cert-bin with the secure-cert data flags: the data would be stored nowhere; the reference writes "
            + "the devices and then crashes in its summary step, mattermfg refuses before anything is written", "--no-secure-cert-bin cannot be combined with"),
        [62] = new("--efuse-key-id without -ds would do nothing (the reference ignores it), so it is refused",
            "either both or none of ds-peripheral and efuse-key-id must be provided"),
    };

    private static readonly string SuiteFolder = Repo.Vector("mfg_tool-integration");

    public static IEnumerable<object[]> Cases() => Load().Select(c => new object[] { c.TestNum, c.Description });

    private static List<MfgToolSuiteCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SuiteFolder, "test_integration_inputs.json")));
        return doc.RootElement.GetProperty("tests").EnumerateArray().Select(t =>
        {
            bool Flag(string name) => t.TryGetProperty(name, out var v) && v.GetBoolean();
            return new MfgToolSuiteCase
            {
                TestNum = t.GetProperty("test_num").GetInt32(),
                Description = t.GetProperty("description").GetString()!,
                Command = t.GetProperty("command").GetString()!,
                ExpectedOutput = t.TryGetProperty("expected_output", out var e) ? e.GetString()! : "",
                ValidateCert = Flag("validate_cert"),
                ValidateCnInPath = Flag("validate_cn_in_path"),
                ValidateCnNotInPath = Flag("validate_cn_not_in_path"),
                ValidateNoBin = Flag("validate_no_bin"),
                ValidateCsvQuoting = Flag("validate_csv_quoting"),
                ValidateSecureCert = Flag("validate_secure_cert"),
                ValidateNoSecureCertBin = Flag("validate_no_secure_cert_bin"),
            };
        }).ToList();
    }

    [Fact]
    public void The_suite_is_the_reference_s_66_cases_and_every_deviation_names_one()
    {
        var cases = Load();
        Assert.Equal(Enumerable.Range(1, 66), cases.Select(c => c.TestNum));
        Assert.All(cases, c => Assert.StartsWith("esp-matter-mfg-tool ", c.Command));
        Assert.All(Deviations.Keys, n => Assert.Contains(n, cases.Select(c => c.TestNum)));
        // Every file a command names is in test_data/.
        var named = cases.SelectMany(c => MfgToolSuiteJudge.ShellWords(c.Command)).Where(w => w.StartsWith("test_data/", StringComparison.Ordinal)).Distinct();
        Assert.All(named, f => Assert.True(File.Exists(Path.Combine(SuiteFolder, f)), f + " is missing"));
    }

    [UnixTheory]
    [MemberData(nameof(Cases))]
    public void Case(int testNum, string description)
    {
        Assert.NotNull(description);
        var c = Load().Single(x => x.TestNum == testNum);
        using var tmp = new TempDir();
        CopyFolder(Path.Combine(SuiteFolder, "test_data"), tmp.File("test_data"));
        // Case 9 writes to /tmp/out: here a folder of this run's own stands for it, in the command and the expected text alike.
        string tmpOut = tmp.File("tmp-out");
        c = new MfgToolSuiteCase
        {
            TestNum = c.TestNum, Description = c.Description, Command = c.Command.Replace("/tmp/out", tmpOut, StringComparison.Ordinal),
            ExpectedOutput = c.ExpectedOutput.Replace("/tmp/out", tmpOut, StringComparison.Ordinal), ValidateCert = c.ValidateCert,
            ValidateCnInPath = c.ValidateCnInPath, ValidateCnNotInPath = c.ValidateCnNotInPath, ValidateNoBin = c.ValidateNoBin,
            ValidateCsvQuoting = c.ValidateCsvQuoting, ValidateSecureCert = c.ValidateSecureCert, ValidateNoSecureCertBin = c.ValidateNoSecureCertBin,
        };
        var before = Snapshot(tmp.Path);

        var (code, output) = RunAsReference(c.Command, tmp.Path);
        var failures = MfgToolSuiteJudge.Judge(c, output, tmp.Path, Path.Combine(tmp.Path, "test_data", "Chip-Test-PAA-NoVID-Cert.pem"));

        BadInput.BadInputAssert.NoStackTrace(output);
        if (Deviations.TryGetValue(testNum, out var deviation))
        {
            Assert.True(failures.Count > 0, $"case {testNum} now passes the reference's judgement: remove it from the deviations table (and the README).\n{output}");
            Assert.Equal(2, code);
            Assert.Contains("[  ERROR] - ", output);
            Assert.Contains(deviation.Message, output);
            Assert.Equal(before, Snapshot(tmp.Path));
            return;
        }
        Assert.True(failures.Count == 0, $"case {testNum} ({c.Description}) fails as the reference suite judges it:\n  {string.Join("\n  ", failures)}\n--- output ---\n{output}");
        bool expectsDevices = c.ExpectedOutput.StartsWith("Generated output files at:", StringComparison.Ordinal) || c.ValidateCsvQuoting;
        if (expectsDevices)
        {
            Assert.True(code == 0, $"exit code {code}\n{output}");
        }
        else
        {
            Assert.NotEqual(0, code);
            Assert.Equal(before, Snapshot(tmp.Path));
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> as the reference suite does (a shell, stdout + stderr), with
    /// <c>esp-matter-mfg-tool</c> on PATH being a script that starts this build's mattermfg.
    /// </summary>
    private static (int Code, string Output) RunAsReference(string command, string workingDirectory)
    {
        string bin = Path.Combine(workingDirectory, ".bin");
        Directory.CreateDirectory(bin);
        string tool = Path.Combine(bin, "esp-matter-mfg-tool");
        File.WriteAllText(tool, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "mattermfg.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        // A guard against a hung process, not a timing assertion (the reference suite allows 60 s a case).
        if (!p.WaitForExit(300_000))
        {
            p.Kill(true);
            Assert.Fail("the command did not end: " + command);
        }
        return (p.ExitCode, stdout + stderr.Result);
    }

    /// <summary>Every path under <paramref name="folder"/> (the inputs and the tool script), to show that a refusal wrote nothing.</summary>
    private static string Snapshot(string folder) =>
        string.Join("\n", Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p)).Where(p => p != ".bin" && !p.StartsWith(".bin/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal));

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
    }
}

/// <summary>A theory that needs bash and a Unix shell's quoting (the reference suite's commands): skipped, visibly, on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "the reference suite's commands are POSIX shell lines: runs where bash does";
        }
    }
}
