using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>The orchestration of a batch (layout, order, per-row errors, atomic devices, summaries) with a fake engine.</summary>
public class FactoryBatchTests
{
    private static FactoryOptions Options(TempDir d, int count = 1) => new()
    {
        VendorId = 0xFFF2, ProductId = 0x8001, Count = count, OutputDirectory = "out", WorkingDirectory = d.Path, Attestation = AttestationMode.TestPki,
        ThrottleLimit = 2,
    };

    /// <summary>Runs a batch to the end and returns its outcomes.</summary>
    internal static List<FactoryOutcome> Run(FactoryOptions o, IReadOnlyList<DeviceInput>? rows, IFactoryEngine? engine = null) =>
        Run(new FactoryBatchSettings { Options = o }, rows, engine);

    internal static List<FactoryOutcome> Run(FactoryBatchSettings s, IReadOnlyList<DeviceInput>? rows, IFactoryEngine? engine = null, MatterMfg.Manifest.ManifestStore? store = null)
    {
        using var batch = new FactoryBatch(s, engine ?? new FakeFactoryEngine(), store);
        return batch.Run(rows).ToList();
    }

    [Fact]
    public void Devices_come_back_in_input_order_with_the_reference_layout()
    {
        using var d = new TempDir();
        var outcomes = Run(Options(d), Enumerable.Range(0, 37).Select(i => new DeviceInput { RowNumber = i + 1, SerialNumber = "SN" + i }).ToList());
        Assert.All(outcomes, x => Assert.Equal(FactoryOutcomeKind.Made, x.Kind));
        var results = outcomes.Select(x => x.Device!).ToList();
        Assert.Equal(Enumerable.Range(0, 37).Select(i => "SN" + i), results.Select(r => r.SerialNumber));
        string root = Path.Combine(d.Path, "out", "fff2_8001");
        var r0 = results[0];
        Assert.Equal(Path.Combine(root, r0.DeviceId), r0.OutputFolder);
        foreach (string f in new[] { "-partition.bin", "-onb_codes.csv", "-qrcode.png" })
        {
            Assert.True(File.Exists(Path.Combine(root, r0.DeviceId, r0.DeviceId + f)), f);
        }
        foreach (string f in new[] { "partition.csv", "DAC_cert.der", "DAC_cert.pem", "DAC_key.der", "DAC_key.pem", "DAC_private_key.bin", "DAC_public_key.bin", "PAI_cert.der" })
        {
            Assert.True(File.Exists(Path.Combine(root, r0.DeviceId, "internal", f)), f);
        }
        Assert.True(File.Exists(Path.Combine(root, "staging", "pai_cert.der")));
        Assert.True(File.Exists(Path.Combine(root, "staging", "config.csv")));
        var summary = Directory.GetFiles(root, "summary-*.csv").Single();
        var lines = File.ReadAllText(summary).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("discriminator,iteration-count,salt,vendor-id,product-id,serial-num,dac-cert,dac-key,dac-pub-key,pai-cert,verifier,pincode,qrcode,manualcode", lines[0]);
        Assert.Equal(38, lines.Length);
        Assert.Contains(",SN5,", lines[6]);
        var cn = File.ReadAllText(Directory.GetFiles(root, "cn_dacs-*.csv").Single());
        Assert.StartsWith("CN,certs\r\n" + r0.DeviceId + ",\"-----BEGIN CERTIFICATE-----\n", cn);
        Assert.Empty(Directory.GetFileSystemEntries(root, "*" + MatterMfg.IO.AtomicFile.TempSuffix, SearchOption.AllDirectories));
        foreach (var r in results)
        {
            var onb = File.ReadAllText(r.OnboardingCodesPath!).Split('\n')[1].Split(',');
            var (disc, pass) = FakeFactoryEngine.Decode(onb[0]);
            Assert.Equal(r.Discriminator, disc);
            Assert.Equal(r.Passcode, pass);
            Assert.Contains($"chip-factory/discriminator={disc}", File.ReadAllText(r.PartitionPath!));
        }
    }

    [Fact]
    public void A_bad_row_fails_alone_with_row_and_field_and_leaves_nothing()
    {
        using var d = new TempDir();
        var engine = new FakeFactoryEngine { FailOnSerial = "BOOM" };
        var results = Run(Options(d), new[]
        {
            new DeviceInput { RowNumber = 1, Passcode = "20202021" },
            new DeviceInput { RowNumber = 2, Passcode = "10kb" },
            new DeviceInput { RowNumber = 3, Discriminator = "4096" },
            new DeviceInput { RowNumber = 4, SerialNumber = "BOOM", DeviceId = "failing-device" },
            new DeviceInput { RowNumber = 5, Passcode = "12345678" },
        }, engine);
        Assert.Equal(FactoryOutcomeKind.Made, results[0].Kind);
        Assert.Null(results[0].Error);
        Assert.Equal("PasscodeInvalid", results[1].Error!.ErrorId);
        Assert.Equal("row 2: Passcode", results[1].Error!.Target);
        Assert.Equal("DiscriminatorOutOfRange", results[2].Error!.ErrorId);
        Assert.Contains("Row 3, Discriminator", results[2].Error!.Message);
        Assert.Equal("NvsFake", results[3].Error!.ErrorId);
        Assert.Equal("PasscodeInvalid", results[4].Error!.ErrorId);
        string root = Path.Combine(d.Path, "out", "fff2_8001");
        Assert.False(Directory.Exists(Path.Combine(root, "failing-device")));
        Assert.Single(Directory.GetDirectories(root), p => Path.GetFileName(p) != "staging");
        Assert.Empty(Directory.GetFileSystemEntries(root, "*" + MatterMfg.IO.AtomicFile.TempSuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public void Bad_setup_throws_before_anything_is_written()
    {
        using var d = new TempDir();
        var o = Options(d);
        o.CertificationDeclarationPath = "missing.der";
        Assert.Equal("InputFileNotFound", Assert.Throws<MfgException>(() => new FactoryBatch(new FactoryBatchSettings { Options = o }, new FakeFactoryEngine())).ErrorId);
        Assert.False(Directory.Exists(Path.Combine(d.Path, "out")));
    }

    /// <summary>
    /// The seed's csv + mcsv example: the key schema redeclares discriminator, serial-num and rd-id-uid, the mcsv gives
    /// them per device, and the onboarding codes and the summary use the per-device values (the reference does not).
    /// </summary>
    /// <summary>A test certification declaration for one product, signed by the test CD signer.</summary>
    private static byte[] TestCd(ushort vid, ushort pid) =>
        MatterMfg.Attestation.CertificationDeclaration.Create(
            new MatterMfg.Attestation.CertificationElements { VendorId = vid, ProductIds = new[] { pid }, DeviceTypeId = 0x100, CertificateId = "ZIG20142ZB330001-24", VersionNumber = 1 },
            MatterMfg.Attestation.MatterTestPki.CdSigner, MatterMfg.Attestation.MatterTestPki.CdSignerKey()).Der;

    [Fact]
    public void A_certification_declaration_for_another_product_is_refused_before_any_device()
    {
        using var d = new TempDir();
        File.WriteAllBytes(d.File("cd.der"), TestCd(0xFFF2, 0x8001));
        var stderr = new StringWriter();
        Assert.Equal(2, Program.Run(new[] { "-cd", "cd.der", "-v", "0x131B", "-p", "0x1000", "--outdir", "o" }, TextWriter.Null, stderr, d.Path, new FakeFactoryEngine()));
        Assert.Contains("is for VID 0xFFF2 PID(s) 0x8001, not VID 0x131B PID 0x1000", stderr.ToString());
        Assert.False(Directory.Exists(d.File("o")) && Directory.GetDirectories(Path.Combine(d.File("o"), "131b_1000")).Any(f => !f.EndsWith("staging")));
    }

    [Fact]
    public void Per_device_csv_values_win_everywhere_through_the_cli()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("mfg.csv"), "serial-num,data,string\nrd-id-uid,data,hex2bin\ndiscriminator,data,u32\n");
        File.WriteAllText(d.File("mfg_m.csv"), "serial-num,rd-id-uid,discriminator\nesp32c_dev3,c0398f4980b07c9460f71c5421e1a3c5,1234\nesp32c_dev4,c0398f4980b07c9460f71c5421e1a3c6,1235\nesp32c_dev5,c0398f4980b07c9460f71c5421e1a3c7,1236\n");
        File.WriteAllBytes(d.File("cd.der"), TestCd(0x131B, 0x1000));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "-cd", "cd.der", "-v", "0x131B", "--vendor-name", "ESP", "-p", "0x1000", "--product-name", "light", "--hw-ver", "1", "--hw-ver-str", "v1.0",
            "--enable-rotating-device-id", "--mfg-date", "20221025", "--csv", "mfg.csv", "--mcsv", "mfg_m.csv", "--outdir", "o" }, stdout, stderr, d.Path, new FakeFactoryEngine());
        Assert.True(rc == 0, stderr.ToString());
        string root = Path.Combine(d.Path, "o", "131b_1000");
        var devices = Directory.GetDirectories(root).Where(p => Path.GetFileName(p) != "staging").ToList();
        Assert.Equal(3, devices.Count);
        var summary = File.ReadAllText(Directory.GetFiles(root, "summary-*.csv").Single()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = summary[0].Split(',');
        for (int i = 1; i <= 3; i++)
        {
            var row = summary[i].Split(',');
            string disc = row[Array.IndexOf(header, "discriminator")];
            Assert.Equal((1233 + i).ToString(), disc);
            Assert.Equal($"esp32c_dev{i + 2}", row[Array.IndexOf(header, "serial-num")]);
            Assert.Equal((ushort)(1233 + i), FakeFactoryEngine.Decode(row[Array.IndexOf(header, "qrcode")]).Discriminator);
        }
        Assert.Contains("Generated summary CSV", stdout.ToString());
    }

    [Fact]
    public void Cli_usage_and_setup_errors_exit_2_a_failed_device_exits_1()
    {
        using var d = new TempDir();
        var err = new StringWriter();
        Assert.Equal(2, Program.Run(new[] { "-p", "1" }, TextWriter.Null, err, d.Path, new FakeFactoryEngine()));
        Assert.Contains("Error: Missing option '-v'", err.ToString());
        err = new StringWriter();
        Assert.Equal(2, Program.Run(new[] { "-v", "1", "-p", "1", "--discriminator", "5000" }, TextWriter.Null, err, d.Path, new FakeFactoryEngine()));
        Assert.Contains("[  ERROR] - Discriminator is out of range, should be in range [0, 4095] (got 5000)", err.ToString());
        Assert.False(Directory.Exists(Path.Combine(d.Path, "out")));
        // One bad device among good ones: the others are made, the exit code says something failed.
        File.WriteAllText(Path.Combine(d.Path, "keys.csv"), "discriminator,data,u32\n");
        File.WriteAllText(Path.Combine(d.Path, "values.csv"), "discriminator\n100\n9999\n200\n");
        err = new StringWriter();
        Assert.True(1 == Program.Run(new[] { "-v", "1", "-p", "1", "--csv", "keys.csv", "--mcsv", "values.csv" }, TextWriter.Null, err, d.Path, new FakeFactoryEngine()), err.ToString());
        Assert.Contains("Row 2", err.ToString());
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(d.Path, "out", "1_1")).Count(p => !p.EndsWith("staging")));
    }
}
