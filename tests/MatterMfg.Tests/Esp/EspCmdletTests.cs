using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Esp;
using MatterMfg.Manifest;
using MatterMfg.Tests.Esp.Emulator;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Esp;

/// <summary>The Esp cmdlets in the hosted engine, against emulated chips behind real ptys (System.IO.Ports end to end).</summary>
[Collection(EspTimingCollection.Name)]
public class EspCmdletTests
{
    internal static byte[] Nvs(int seed, int length = 0x6000)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        Array.Fill(b, (byte)0xFF, 0x800, length - 0x800);
        return b;
    }

    internal static void PutTable(EspRomEmulator rom) =>
        EspPartitionTable.FromCsv(PartitionTableTests.MatterCsv, "p").ToBinary().CopyTo(rom.Flash, 0x8000);

    [PtyFact]
    public void Write_path_at_offset_reports_the_write_and_leaves_the_bytes()
    {
        using var esp = PtyEmulator.Start();
        using var d = new TempDir();
        byte[] image = Nvs(1);
        File.WriteAllBytes(d.File("nvs.bin"), image);
        var r = Ps.Run("Write-EspPartition -Port $p -Path $f -Offset 0x9000 -Before None -Baud 921600", ("p", esp.Port), ("f", d.File("nvs.bin")));
        var o = Assert.IsType<EspWriteRecord>(Assert.Single(r.Ok()).BaseObject);
        Assert.Equal(esp.Port, o.Port);
        Assert.Equal("ESP32", o.Chip);
        Assert.Equal("24:0a:c4:00:01:10", o.Mac);
        Assert.Equal(0x9000u, o.Offset);
        Assert.Equal(0x6000, o.Size);
        Assert.True(o.Verified);
        Assert.Equal(EspLoader.Md5Hex(image, 0, image.Length), o.Md5);
        Assert.True(o.Duration > TimeSpan.Zero);
        Assert.True(esp.Rom.Flash.AsSpan(0x9000, image.Length).SequenceEqual(image));
        Assert.Contains(r.Progress, p => p.StatusDescription.Contains("KiB/s") && p.PercentComplete == 100);
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(r.Warnings, w => w.Contains("NOT reset") || w.Contains("no DTR")) ;
    }

    [PtyFact]
    public void WhatIf_writes_nothing_and_a_missing_port_is_not_found()
    {
        using var esp = PtyEmulator.Start();
        using var d = new TempDir();
        File.WriteAllBytes(d.File("nvs.bin"), Nvs(2));
        var r = Ps.Run("Write-EspPartition -Port $p -Path $f -Offset 0x9000 -WhatIf", ("p", esp.Port), ("f", d.File("nvs.bin")));
        Assert.Empty(r.Ok());
        Assert.Contains("What if", r.HostText);
        Assert.Equal(0, esp.Rom.Count(EspOpcode.Sync));

        // A missing port in a station's list stops the run before the good port flashes anything.
        var missing = Ps.Run("Write-EspPartition -Port $p,$q -Path $f -Offset 0x9000", ("p", esp.Port), ("q", d.File("no-such-tty")), ("f", d.File("nvs.bin")));
        var e = Assert.Single(missing.Errors);
        Assert.StartsWith("EspPortNotFound,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal(d.File("no-such-tty"), e.TargetObject);
        Assert.Equal(0, esp.Rom.Count(EspOpcode.Sync));
    }

    [PtyFact]
    public void Factory_devices_are_spread_over_the_ports_written_by_label_and_recorded_in_the_manifest()
    {
        using var a = PtyEmulator.Start();
        using var b = PtyEmulator.Start();
        a.Rom.Mac = new byte[] { 2, 0, 0, 0, 0, 0xA };
        b.Rom.Mac = new byte[] { 2, 0, 0, 0, 0, 0xB };
        PutTable(a.Rom);
        PutTable(b.Rom);
        using var d = new TempDir();
        string manifest = d.File("line.manifest");
        using (var store = new ManifestStore(manifest))
        {
            store.Update((s, tx) =>
            {
                tx.Append(new ManifestRecord { State = DeviceState.Generated, DeviceId = "dev-1" });
                tx.Append(new ManifestRecord { State = DeviceState.Generated, DeviceId = "dev-2" });
                return 0;
            });
        }
        var rows = new[] { 1, 2 }.Select(i =>
        {
            File.WriteAllBytes(d.File($"p{i}.bin"), Nvs(10 + i));
            File.WriteAllBytes(d.File($"k{i}.bin"), Nvs(20 + i, 0x1000));
            File.WriteAllBytes(d.File($"s{i}.bin"), Nvs(30 + i, 0x2000));
            return Ps.Row(("DeviceId", $"dev-{i}"), ("PartitionPath", d.File($"p{i}.bin")), ("KeysPartitionPath", d.File($"k{i}.bin")), ("SecureCertPath", d.File($"s{i}.bin")));
        }).ToArray();
        var r = Ps.Run("$rows | Write-EspPartition -Port $a,$b -Before None -Manifest $m", ("rows", rows), ("a", a.Port), ("b", b.Port), ("m", manifest));
        var output = r.Ok();
        Assert.Equal(6, output.Count);
        foreach (var group in output.GroupBy(o => (string)o.Properties["DeviceId"].Value))
        {
            string port = (string)group.First().Properties["Port"].Value;
            Assert.All(group, o => Assert.Equal(port, o.Properties["Port"].Value));
            Assert.Equal(new[] { "fctry", "nvs_keys", "esp_secure_cert" }, group.Select(o => (string)o.Properties["PartitionLabel"].Value));
            Assert.Equal(new[] { 0x3E0000u, 0x1C000u, 0xD000u }, group.Select(o => (uint)o.Properties["Offset"].Value));
            int i = int.Parse(group.Key.Substring(4));
            var rom = port == a.Port ? a.Rom : b.Rom;
            Assert.True(rom.Flash.AsSpan(0x3E0000, 0x6000).SequenceEqual(Nvs(10 + i)));
            Assert.True(rom.Flash.AsSpan(0x1C000, 0x1000).SequenceEqual(Nvs(20 + i, 0x1000)));
            Assert.True(rom.Flash.AsSpan(0xD000, 0x2000).SequenceEqual(Nvs(30 + i, 0x2000)));
        }
        Assert.Equal(2, output.Select(o => o.Properties["Port"].Value).Distinct().Count());
        using var check = new ManifestStore(manifest);
        var snapshot = check.Read();
        foreach (string id in new[] { "dev-1", "dev-2" })
        {
            var dev = snapshot.Find(id)!;
            Assert.Equal(DeviceState.Flashed, dev.State);
            Assert.Contains(dev.Port, new[] { a.Port, b.Port });
            Assert.Equal(Environment.MachineName, dev.Station);
            Assert.NotNull(dev.FlashedAt);
        }
    }

    [PtyFact]
    public void Too_large_images_wrong_chips_and_a_reused_board_are_distinct_errors_and_recorded_failed()
    {
        using var esp = PtyEmulator.Start();
        PutTable(esp.Rom);
        using var d = new TempDir();
        File.WriteAllBytes(d.File("big.bin"), Nvs(3, 0x7000));
        File.WriteAllBytes(d.File("ok.bin"), Nvs(4));
        var rows = new[]
        {
            Ps.Row(("DeviceId", "big"), ("PartitionPath", d.File("big.bin"))),
            Ps.Row(("DeviceId", "ok"), ("PartitionPath", d.File("ok.bin"))),
            Ps.Row(("DeviceId", "again"), ("PartitionPath", d.File("ok.bin"))),
        };
        string manifest = d.File("m.manifest");
        using (var store = new ManifestStore(manifest))
        {
            store.Update((s, tx) =>
            {
                foreach (string id in new[] { "big", "ok", "again" })
                {
                    tx.Append(new ManifestRecord { State = DeviceState.Generated, DeviceId = id });
                }
                return 0;
            });
        }
        var r = Ps.Run("$rows | Write-EspPartition -Port $p -Before None -Manifest $m", ("rows", rows), ("p", esp.Port), ("m", manifest));
        Assert.True(r.Output.Count == 1, string.Join("\n", r.Errors.Select(e => e.FullyQualifiedErrorId + " " + e.Exception.Message)) + r.Terminating);
        Assert.Equal(new[] { "EspImageTooLarge", "EspBoardAlreadyFlashed" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("device big", r.Errors[0].TargetObject);
        using (var check = new ManifestStore(manifest))
        {
            var s = check.Read();
            Assert.Equal(DeviceState.Failed, s.Find("big")!.State);
            Assert.Contains("EspImageTooLarge", s.Find("big")!.Detail);
            Assert.Equal(DeviceState.Flashed, s.Find("ok")!.State);
            Assert.Equal(DeviceState.Failed, s.Find("again")!.State);
        }

        var wrong = Ps.Run("Write-EspPartition -Port $p -Path $f -PartitionLabel fctry -Before None -Chip esp32c3", ("p", esp.Port), ("f", d.File("ok.bin")));
        Assert.StartsWith("EspWrongChip,", Assert.Single(wrong.Errors).FullyQualifiedErrorId);
    }

    [PtyFact]
    public void Get_chip_read_flash_and_the_partition_table_from_a_board()
    {
        using var esp = PtyEmulator.Start(EspChip.Esp32C3);
        PutTable(esp.Rom);
        Nvs(5).CopyTo(esp.Rom.Flash, 0x3E0000);
        using var d = new TempDir();
        var r = Ps.Run(@"
            Get-EspChip -Port $p -Before None
            Read-EspFlash -Port $p -PartitionLabel fctry -Path $f -Before None
            Get-EspPartitionTable -Port $p -Before None", ("p", esp.Port), ("f", d.File("fctry.bin")));
        var o = r.Ok();
        var chip = Assert.IsType<EspChipInfo>(o[0].BaseObject);
        Assert.Equal((esp.Port, "ESP32-C3", 4L << 20), (chip.Port, chip.Chip, chip.FlashSize));
        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", chip.Mac);
        Assert.Equal("MatterMfg.PowerShell.Esp.EspFlashFile", o[1].BaseObject.GetType().FullName);
        object? Read(string name) => o[1].Properties[name].Value;
        Assert.Equal(("fctry", 0x3E0000u, 0x6000, d.File("fctry.bin"), chip.Mac), (Read("PartitionLabel"), Read("Offset"), Read("Length"), Read("Path"), Read("Mac")));
        Assert.Equal(EspLoader.Md5Hex(Nvs(5), 0, 0x6000), Read("Md5"));
        Assert.Equal(Nvs(5), File.ReadAllBytes(d.File("fctry.bin")));
        Assert.Equal(new[] { "esp_secure_cert", "nvs", "nvs_keys", "otadata", "phy_init", "ota_0", "ota_1", "fctry" },
            o.Skip(2).Select(p => ((EspPartition)p.BaseObject).Label));
    }

    [Fact]
    public void Partition_tables_convert_between_csv_and_binary()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("partitions.csv"), PartitionTableTests.MatterCsv);
        var r = Ps.Run(@"
            New-EspPartitionTable -CsvPath $csv -OutputPath $bin | Out-Null
            Get-EspPartitionTable -Path $bin | New-EspPartitionTable -OutputPath $back | Out-Null
            Get-EspPartitionTable -Path $back",
            ("csv", d.File("partitions.csv")), ("bin", d.File("table.bin")), ("back", d.File("back.csv")));
        var parts = r.Ok();
        Assert.Equal(EspPartitionTable.FromCsv(PartitionTableTests.MatterCsv, "p").ToBinary(), File.ReadAllBytes(d.File("table.bin")));
        Assert.Equal(8, parts.Count);
        Assert.Equal(0xD000u, ((EspPartition)parts[0].BaseObject).Offset);

        var bad = Ps.Run("Get-EspPartitionTable -Path $f", ("f", d.File("missing.csv")));
        Assert.StartsWith("InputFileNotFound,", Assert.Single(bad.Errors).FullyQualifiedErrorId);
        var rows = new[] { Ps.Row(("Name", "a"), ("Type", "data"), ("SubType", "nvs"), ("Offset", "0x9000"), ("Size", "0x6000")), Ps.Row(("Name", "b"), ("Type", "data"), ("SubType", "nvs"), ("Offset", "0xA000"), ("Size", "0x1000")) };
        var overlap = Ps.Run("$rows | New-EspPartitionTable -OutputPath $o", ("rows", rows), ("o", d.File("o.bin")));
        Assert.StartsWith("EspPartitionTableInvalid,", Assert.Single(overlap.Errors).FullyQualifiedErrorId);
        Assert.False(File.Exists(d.File("o.bin")));
    }

    [Fact]
    public void PesterSuiteParses()
    {
        string path = Path.Combine(Repo.Root, "tests", "Esp.Tests.ps1");
        System.Management.Automation.Language.Parser.ParseFile(path, out _, out var errors);
        Assert.Empty(errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"));
    }

    [Fact]
    public void Port_parameters_complete_from_the_port_list()
    {
        var r = Ps.Run("(Get-Command Write-EspPartition).Parameters['Port'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | ForEach-Object { $_.Type.Name }");
        Assert.Equal("EspPortCompleter", Assert.Single(r.Ok()).BaseObject);
        Ps.Run("Get-EspSerialPort").Ok();
    }
}
