using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Factory;
using MatterMfg.Onboarding;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>New-MatterFactoryImage in the hosted engine, with the real factory engine (1000 PBKDF2 iterations keep it quick).</summary>
public class FactoryCmdletTests
{
    private const string Fast = " -IterationCount 1000";

    [Fact]
    public void Count_with_test_attestation_makes_typed_random_devices_with_one_warning_and_progress()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 5 -TestAttestation -OutputPath $out -ThrottleLimit 2" + Fast, ("out", d.Path));
        var output = r.Ok();
        Assert.Equal(5, output.Count);
        Assert.Single(r.Warnings);
        Assert.Contains("TEST", r.Warnings[0]);
        var devices = output.Select(o => Assert.IsType<FactoryDevice>(o.BaseObject)).ToList();
        Assert.All(devices, x => Assert.Equal(0xFFF1, x.VendorId));
        Assert.All(devices, x => Assert.Equal(FactoryDeviceStatus.Generated, x.Status));
        Assert.Equal(5, devices.Select(x => x.DeviceId).Distinct().Count());
        Assert.True(File.Exists(devices[0].PartitionPath));
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(r.Progress, p => p.StatusDescription.Contains("devices/s") && p.SecondsRemaining >= 0);
    }

    [Fact]
    public void OutputType_declares_the_typed_device()
    {
        var r = Ps.Run("(Get-Command New-MatterFactoryImage).OutputType.Type");
        Assert.Equal(typeof(FactoryDevice), Assert.Single(r.Ok()).BaseObject);
    }

    [Fact]
    public void Pipeline_rows_bind_by_column_bad_rows_fail_alone_output_in_input_order()
    {
        using var d = new TempDir();
        var rows = new[]
        {
            Ps.Row(("SerialNumber", "A1"), ("Passcode", "20202021"), ("Discriminator", "0xF00"), ("Batch", "b7")),
            Ps.Row(("SerialNumber", "A2"), ("Passcode", "10kb"), ("Discriminator", "1"), ("Batch", "b7")),
            Ps.Row(("SerialNumber", "A3"), ("Passcode", "20202022"), ("Discriminator", "0"), ("Batch", "b7")),
        };
        var r = Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out -ExtraKey Batch" + Fast, ("rows", rows), ("out", d.Path));
        var devices = r.Output.Select(o => (FactoryDevice)o.BaseObject).ToList();
        Assert.Equal(new[] { "A1", "A3" }, devices.Select(x => x.SerialNumber));
        Assert.Equal((ushort)0xF00, devices[0].Discriminator);
        Assert.Equal((ushort)0, devices[1].Discriminator);
        var e = Assert.Single(r.Errors);
        Assert.Equal("NumberInvalid,MatterMfg.PowerShell.Factory.NewMatterFactoryImageCommand", e.FullyQualifiedErrorId);
        Assert.Equal("Row 2, Passcode: '10kb' is not an integer (decimal digits or 0x-prefixed hex).", e.Exception.Message);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal("row 2: Passcode", e.TargetObject);
        var nvs = MatterMfg.Nvs.NvsPartitionReader.Read(File.ReadAllBytes(devices[0].PartitionPath!));
        Assert.Contains(nvs.Entries, x => x.Key == "Batch" && x.Value?.ToString() == "b7");
        foreach (var x in devices)
        {
            var payload = SetupPayload.ParseQrCode(x.QrCode!);
            Assert.Equal(x.Discriminator, payload.Discriminator);
            Assert.Equal((long)x.Passcode!.Value, payload.Passcode);
        }
    }

    [Fact]
    public void Single_device_parameters_as_in_the_seed_example()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -TestAttestation -OutputPath $out -VendorName ESP -ProductName light -HardwareVersion 1 -HardwareVersionString v1.0 -ManufacturingDate 20221025 -Passcode 19861989 -Discriminator 601 -SerialNumber esp32c_dev3 -EnableRotatingDeviceId -RotatingDeviceIdUniqueId c0398f4980b07c9460f71c5421e1a3c5" + Fast, ("out", d.Path));
        var o = (FactoryDevice)Assert.Single(r.Ok()).BaseObject;
        Assert.Equal((ushort)601, o.Discriminator);
        Assert.Equal(19861989u, o.Passcode);
        var nvs = MatterMfg.Nvs.NvsPartitionReader.Read(File.ReadAllBytes(o.PartitionPath!));
        Assert.Contains(nvs.Entries, x => x.Key == "serial-num" && x.Value?.ToString() == "esp32c_dev3");
        Assert.Contains(nvs.Entries, x => x.Key == "rd-id-uid");
    }

    [Fact]
    public void A_row_unique_id_that_no_partition_keeps_fails_its_row_and_the_others_are_made()
    {
        using var d = new TempDir();
        var rows = new[] { Ps.Row(("SerialNumber", "A")), Ps.Row(("SerialNumber", "B"), ("RotatingDeviceIdUniqueId", "c0398f4980b07c9460f71c5421e1a3c5")) };
        var r = Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -OutputPath $out" + Fast, ("rows", rows), ("out", d.Path));
        Assert.Single(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("OptionWithoutEffect,", e.FullyQualifiedErrorId);
        Assert.Contains("Row 2, RotatingDeviceIdUniqueId: 'c0398f4980b07c9460f71c5421e1a3c5' would be dropped", e.Exception.Message);
        // With the rotating device id enabled, the row's value is what the partition holds.
        r = Ps.Run("$rows | New-MatterFactoryImage -TestAttestation -EnableRotatingDeviceId -OutputPath $out2" + Fast, ("rows", rows), ("out2", d.File("two")));
        var made = r.Ok().Select(x => (FactoryDevice)x.BaseObject).ToList();
        var nvs = MatterMfg.Nvs.NvsPartitionReader.Read(File.ReadAllBytes(made[1].PartitionPath!));
        Assert.Equal("c0398f4980b07c9460f71c5421e1a3c5", MatterMfg.Text.HexText.Lower((byte[])nvs.Entries.Single(x => x.Key == "rd-id-uid").Value!));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_names_the_target()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -WhatIf", ("out", d.Path));
        r.Ok();
        Assert.Contains("What if:", r.HostText);
        Assert.Contains("fff1_8000", r.HostText);
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }

    [Fact]
    public void Bad_setup_stops_before_any_device()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -CertificationDeclaration ([IO.Path]::Combine($out, 'missing.der'))", ("out", d.Path));
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InputFileNotFound", e.FullyQualifiedErrorId);
        Assert.False(Directory.Exists(Path.Combine(d.Path, "fff1_8000")));
        var bad = Ps.Run("New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $out -IterationCount '10kb'", ("out", d.Path));
        Assert.Empty(bad.Output);
        Assert.Contains("10kb", (bad.Terminating?.Message ?? "") + string.Join("", bad.Errors.Select(x => x.ToString())));
    }
}
