using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Factory;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>New-MatterFactoryImage in the hosted engine (with the fake engine: these test the cmdlet's shape).</summary>
[Collection("FactoryEngines.Default")]
public class FactoryCmdletTests
{
    public FactoryCmdletTests()
    {
        FactoryEngines.Default = () => new FakeFactoryEngine();
    }

    [Fact]
    public void Count_with_test_attestation_makes_random_devices_with_one_warning_and_progress()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -Count 5 -TestAttestation -OutputPath $out -ThrottleLimit 2", ("out", d.Path));
        var output = r.Ok();
        Assert.Equal(5, output.Count);
        Assert.Single(r.Warnings);
        Assert.Contains("TEST", r.Warnings[0]);
        Assert.Equal("MatterMfg.FactoryDevice", output[0].TypeNames[0]);
        Assert.Equal(0xFFF1, (int)output[0].Properties["VendorId"].Value);
        Assert.Equal(5, output.Select(o => (string)o.Properties["DeviceId"].Value).Distinct().Count());
        Assert.True(File.Exists((string)output[0].Properties["PartitionPath"].Value));
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(r.Progress, p => p.StatusDescription.Contains("devices/s") && p.SecondsRemaining >= 0);
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
        var r = Ps.Run("$rows | New-MatterFactoryImage -VendorId 0xFFF2 -ProductId 0x8001 -TestAttestation -OutputPath $out -ExtraKey Batch", ("rows", rows), ("out", d.Path));
        Assert.Equal(new[] { "A1", "A3" }, r.Output.Select(o => (string)o.Properties["SerialNumber"].Value));
        Assert.Equal((ushort)0xF00, (ushort)r.Output[0].Properties["Discriminator"].Value);
        Assert.Equal((ushort)0, (ushort)r.Output[1].Properties["Discriminator"].Value);
        var e = Assert.Single(r.Errors);
        Assert.Equal("PasscodeInvalid,MatterMfg.PowerShell.Factory.NewMatterFactoryImageCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal("row 2: Passcode", e.TargetObject);
        string partition = File.ReadAllText((string)r.Output[0].Properties["PartitionPath"].Value);
        Assert.Contains("chip-factory/Batch=b7", partition);
        foreach (var o in r.Output)
        {
            var (disc, pass) = FakeFactoryEngine.Decode((string)o.Properties["QrCode"].Value);
            Assert.Equal((ushort)o.Properties["Discriminator"].Value, disc);
            Assert.Equal((uint)o.Properties["Passcode"].Value, pass);
        }
    }

    [Fact]
    public void Single_device_parameters_as_in_the_seed_example()
    {
        using var d = new TempDir();
        var r = Ps.Run("New-MatterFactoryImage -TestAttestation -OutputPath $out -VendorName ESP -ProductName light -HardwareVersion 1 -HardwareVersionString v1.0 -ManufacturingDate 20221025 -Passcode 19861989 -Discriminator 601 -SerialNumber esp32c_dev3 -EnableRotatingDeviceId -RotatingDeviceIdUniqueId c0398f4980b07c9460f71c5421e1a3c5", ("out", d.Path));
        var o = Assert.Single(r.Ok());
        Assert.Equal((ushort)601, (ushort)o.Properties["Discriminator"].Value);
        Assert.Equal(19861989u, (uint)o.Properties["Passcode"].Value);
        string nvs = File.ReadAllText((string)o.Properties["PartitionPath"].Value);
        Assert.Contains("chip-factory/rd-id-uid=c0398f4980b07c9460f71c5421e1a3c5", nvs);
        Assert.Contains("chip-factory/serial-num=esp32c_dev3", nvs);
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
        var r = Ps.Run("New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -CertificationDeclaration (Join-Path2 $out 'missing.der')".Replace("(Join-Path2 $out 'missing.der')", "([IO.Path]::Combine($out, 'missing.der'))"), ("out", d.Path));
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InputFileNotFound", e.FullyQualifiedErrorId);
        Assert.False(Directory.Exists(Path.Combine(d.Path, "fff1_8000")));
        var bad = Ps.Run("New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $out -IterationCount '10kb'", ("out", d.Path));
        Assert.Empty(bad.Output);
        Assert.Contains("10kb", (bad.Terminating?.Message ?? "") + string.Join("", bad.Errors.Select(x => x.ToString())));
    }
}
