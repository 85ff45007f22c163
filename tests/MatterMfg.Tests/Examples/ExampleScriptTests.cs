using System.IO;
using System.Linq;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.Esp;
using MatterMfg.Tests.Esp;
using MatterMfg.Tests.Esp.Emulator;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Examples;

/// <summary>The scripts in examples/, run as a user runs them, in the full engine (real Import-Csv and friends).</summary>
public class ExampleScriptTests
{
    public static string Example(string name) => Path.Combine(Repo.Root, "examples", name);

    private static string WriteCsv(TempDir d, params string[] lines)
    {
        string path = d.File("devices.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void New_factory_batch_makes_every_row_then_resumes_without_duplicates()
    {
        using var d = new TempDir();
        string csv = WriteCsv(d, "SerialNumber,Passcode,Discriminator", "B-1,20202021,0xF00", "B-2,,", "B-3,,0");
        string run = "& $script -CsvPath $csv -OutputPath $out -Manifest $m -LogPath $log -TestAttestation -WarningAction SilentlyContinue; \"exit=$LASTEXITCODE\"";
        var vars = new (string, object?)[] { ("script", Example("New-FactoryBatch.ps1")), ("csv", csv), ("out", d.File("out")), ("m", d.File("line.manifest")), ("log", d.File("line.log")) };
        var first = Ps.Run(run, vars);
        Assert.Empty(first.Errors);
        Assert.Equal(new[] { "3 made, 0 already done, 0 failed", "exit=0" }, first.Output.Select(o => o.ToString()));
        var second = Ps.Run(run, vars);
        Assert.Equal(new[] { "0 made, 3 already done, 0 failed", "exit=0" }, second.Output.Select(o => o.ToString()));
        using var store = new ManifestStore(d.File("line.manifest"));
        Assert.Equal(new[] { "B-1", "B-2", "B-3" }, store.Read().Devices.Select(x => x.SerialNumber).OrderBy(x => x));
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(d.File("out"), "fff1_8000")).Count(f => !f.EndsWith("staging")));
        string log = File.ReadAllText(d.File("line.log"));
        Assert.DoesNotContain("20202021", log);
    }

    [Fact]
    public void New_factory_batch_exits_1_when_a_row_fails_and_2_on_bad_setup()
    {
        using var d = new TempDir();
        string csv = WriteCsv(d, "SerialNumber,Passcode", "C-1,20202021", "C-2,11111111");
        var bad = Ps.Run("& $script -CsvPath $csv -OutputPath $out -Manifest $m -LogPath $log -TestAttestation -WarningAction SilentlyContinue; \"exit=$LASTEXITCODE\"",
            ("script", Example("New-FactoryBatch.ps1")), ("csv", csv), ("out", d.File("out")), ("m", d.File("m")), ("log", d.File("log")));
        Assert.Equal(new[] { "1 made, 0 already done, 1 failed", "exit=1" }, bad.Output.Select(o => o.ToString()));
        Assert.Contains("row 2", File.ReadAllText(d.File("log")));
        var setup = Ps.Run("& $script -CsvPath $csv -OutputPath $out -Manifest $m -LogPath $log -VendorId 0xFFF2 -ProductId 0x8001 -PaiCertificate nope.pem -PaiKey nope.pem -CertificationDeclaration nope.der; \"exit=$LASTEXITCODE\"",
            ("script", Example("New-FactoryBatch.ps1")), ("csv", csv), ("out", d.File("out2")), ("m", d.File("m2")), ("log", d.File("log2")));
        Assert.Equal("exit=2", setup.Output.Last().ToString());
        Assert.False(Directory.Exists(Path.Combine(d.File("out2"), "fff2_8001")) && Directory.GetDirectories(Path.Combine(d.File("out2"), "fff2_8001")).Any(f => !f.EndsWith("staging")));
    }

    [Fact]
    public void Export_label_data_writes_labels_and_the_manifest_csv()
    {
        using var d = new TempDir();
        string manifest = d.File("line.manifest");
        var gen = Ps.Run("New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -Manifest $m -WarningAction SilentlyContinue", ("out", d.File("out")), ("m", manifest));
        Assert.Empty(gen.Errors);
        var r = Ps.Run("& $script -Manifest $m -OutputPath $labels", ("script", Example("Export-LabelData.ps1")), ("m", manifest), ("labels", d.File("labels")));
        Assert.Empty(r.Errors);
        var lines = File.ReadAllLines(Path.Combine(d.File("labels"), "labels.csv"));
        Assert.Equal("\"SerialNumber\",\"QrCode\",\"ManualCode\",\"Discriminator\",\"DeviceId\"", lines[0]);
        Assert.Equal(3, lines.Length);
        foreach (var o in gen.Output)
        {
            Assert.Contains(lines, l => l.Contains((string)o.Properties["QrCode"].Value) && l.Contains((string)o.Properties["ManualCode"].Value));
        }
        Assert.True(File.Exists(Path.Combine(d.File("labels"), "manifest.csv")));
        Assert.DoesNotContain(gen.Output[0].Properties["Passcode"].Value!.ToString()!, File.ReadAllText(Path.Combine(d.File("labels"), "manifest.csv")));
    }

    [Fact]
    public void Register_nightly_batch_registers_a_non_interactive_daily_task_and_honours_whatif()
    {
        // The ScheduledTasks module exists only on Windows: stand-ins record what the script asks for.
        const string stubs = @"
$global:registered = @()
function New-ScheduledTaskAction { param($Execute, $Argument, $WorkingDirectory) [pscustomobject]@{ Execute = $Execute; Argument = $Argument } }
function New-ScheduledTaskTrigger { param([switch]$Daily, $At) [pscustomobject]@{ Daily = [bool]$Daily; At = $At } }
function New-ScheduledTaskSettingsSet { param($MultipleInstances, [switch]$StartWhenAvailable) [pscustomobject]@{ MultipleInstances = $MultipleInstances } }
function Register-ScheduledTask { param($TaskName, $Action, $Trigger, $Settings, [switch]$Force) $global:registered += [pscustomobject]@{ Name = $TaskName; Action = $Action; Trigger = $Trigger; Settings = $Settings } }
";
        var whatIf = Ps.Run(stubs + "& $script -CsvPath C:\\f\\devices.csv -OutputPath C:\\f\\out -WhatIf; $global:registered.Count", ("script", Example("Register-NightlyBatch.ps1")));
        Assert.Equal(0, (int)whatIf.Output.Last().BaseObject);
        Assert.Contains("Register a daily task at 02:00", whatIf.HostText);
        var real = Ps.Run(stubs + "& $script -CsvPath C:\\f\\devices.csv -OutputPath C:\\f\\out -At 03:30; $global:registered", ("script", Example("Register-NightlyBatch.ps1")));
        Assert.Empty(real.Errors);
        var task = real.Output.Single();
        Assert.Equal("MatterMfg nightly batch", task.Properties["Name"].Value);
        var action = (System.Management.Automation.PSObject)task.Properties["Action"].Value;
        Assert.Equal("powershell.exe", action.Properties["Execute"].Value);
        string args = (string)action.Properties["Argument"].Value;
        Assert.Contains("-NonInteractive", args);
        Assert.Contains("New-FactoryBatch.ps1", args);
        Assert.Contains("-Manifest", args);
        Assert.Equal("03:30", ((System.Management.Automation.PSObject)task.Properties["Trigger"].Value).Properties["At"].Value);
        Assert.Equal("IgnoreNew", ((System.Management.Automation.PSObject)task.Properties["Settings"].Value).Properties["MultipleInstances"].Value);
    }

    /// <summary>Generated test devices in a manifest, ready for a station.</summary>
    private static string GenerateDevices(TempDir d, int count)
    {
        string manifest = d.File("line.manifest");
        var gen = Ps.Run("New-MatterFactoryImage -Count $n -TestAttestation -OutputPath $out -Manifest $m -WarningAction SilentlyContinue",
            ("n", count), ("out", d.File("out")), ("m", manifest));
        Assert.Empty(gen.Errors);
        return manifest;
    }

    private static PtyEmulator Board()
    {
        var esp = PtyEmulator.Start();
        EspPartitionTable.FromCsv(PartitionTableTests.MatterCsv, "partitions.csv").ToBinary().CopyTo(esp.Rom.Flash, 0x8000);
        return esp;
    }

    [PtyFact]
    public void Flashing_station_flashes_verifies_and_prints_the_label_of_the_next_device()
    {
        using var d = new TempDir();
        string manifest = GenerateDevices(d, 2);
        using var esp = Board();
        var r = Ps.Run("& $script -Port $p -Manifest $m -Boards 1 -Before None -TestAttestation -PollSeconds 0.1 -WaitSeconds 30; \"exit=$LASTEXITCODE\"",
            ("script", Example("Start-FlashingStation.ps1")), ("p", esp.Port), ("m", manifest));
        // A pty has no DTR/RTS, so the only warnings are that the board could not be reset after its work.
        Assert.True(r.Errors.Count == 0 && r.Warnings.All(w => w.Contains("NOT reset")), string.Join("\n", r.Errors.Select(e => e.ToString()).Concat(r.Warnings)));
        Assert.Equal(new[] { "1 boards done, 0 failed on " + esp.Port, "exit=0" }, r.Output.Select(o => o.ToString()));
        using var store = new ManifestStore(manifest);
        var devices = store.Read().Devices.ToList();
        var done = Assert.Single(devices, x => x.State == DeviceState.Verified);
        Assert.Single(devices, x => x.State == DeviceState.Generated);
        Assert.Equal(esp.Port, done.Port);
        Assert.Contains("LABEL  serial=" + done.SerialNumber + "  qr=MT:", r.HostText);
        var fctry = EspPartitionTable.FromCsv(PartitionTableTests.MatterCsv, "p").Find("fctry");
        byte[] image = File.ReadAllBytes(done.PartitionPath!);
        Assert.Equal(image, esp.Rom.Flash.Skip((int)fctry.Offset).Take(image.Length).ToArray());
    }

    [PtyFact]
    public void Gang_programming_flashes_one_device_per_port_and_checks_each_board()
    {
        using var d = new TempDir();
        string manifest = GenerateDevices(d, 3);
        using var a = Board();
        using var b = Board();
        var r = Ps.Run("& $script -Port $a,$b -Manifest $m -Before None -TestAttestation; \"exit=$LASTEXITCODE\"",
            ("script", Example("Invoke-GangProgramming.ps1")), ("a", a.Port), ("b", b.Port), ("m", manifest));
        Assert.True(r.Errors.Count == 0, string.Join("\n", r.Errors.Select(e => e.ToString())));
        var lines = r.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("exit=0", lines.Last());
        Assert.Equal(2, lines.Count(l => l.EndsWith(" PASS")));
        using var store = new ManifestStore(manifest);
        var verified = store.Read().Devices.Where(x => x.State == DeviceState.Verified).ToList();
        Assert.Equal(2, verified.Count);
        Assert.Equal(new[] { a.Port, b.Port }.OrderBy(x => x), verified.Select(x => x.Port!).OrderBy(x => x));
    }
}
