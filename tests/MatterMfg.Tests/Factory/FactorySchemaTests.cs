using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;

namespace MatterMfg.Tests.Factory;

public class FactorySchemaTests
{
    /// <summary>
    /// Entry assembly alone: the case's command line parsed by the CLI, the final values taken from it (every vector
    /// fixes them), and partition.csv compared with the reference's.
    /// </summary>
    [Theory]
    [MemberData(nameof(FactoryVectors.All), MemberType = typeof(FactoryVectors))]
    public void Partition_csv_matches_the_reference(string name)
    {
        string folder = FactoryVectors.Folder(name);
        var o = MfgToolCommandLine.Parse(FactoryVectors.CommandLine(name)).Options;
        o.WorkingDirectory = folder;
        FactoryValidation.Validate(o);
        IReadOnlyList<ExtraKeyDeclaration> extra = Array.Empty<ExtraKeyDeclaration>();
        IReadOnlyDictionary<string, string>? row = null;
        if (o.ExtraKeyCsvPath != null)
        {
            extra = ExtraKeyCsv.ParseSchema(File.ReadAllText(o.Resolve(o.ExtraKeyCsvPath)), o.ExtraKeyCsvPath);
            row = ExtraKeyCsv.ParseValues(File.ReadAllText(o.Resolve(o.PerDeviceCsvPath!)), o.PerDeviceCsvPath!, extra).Single();
        }
        var schema = FactorySchema.Create(o, extra);
        var layout = new FactoryLayout(Path.Combine(Path.GetTempPath(), "vec-out"), o.VendorId, o.ProductId);
        var device = layout.Device("8e7d7030-8814-4104-a9df-99a4c56922e0");
        var values = new DeviceValues
        {
            DeviceId = device.DeviceId,
            Discriminator = (ushort)o.Discriminator!.Value,
            IterationCount = o.IterationCount,
            SaltText = o.Salt!,
            VerifierText = o.Verifier,
            SerialNumber = o.SerialNumber!,
            RotatingDeviceIdUniqueId = o.RotatingDeviceIdUniqueId,
            Extra = row,
            Credentials = new DeviceCredentials(),
        };
        var shared = new FactorySharedFiles
        {
            PaiCertificatePath = layout.StagingPaiCertificate,
            CertificationDeclarationPath = FactoryLayout.RelativePath(folder, o.Resolve(o.CertificationDeclarationPath!)),
        };
        var entries = FactoryEntryBuilder.Build(schema, values, device, shared);
        string csv = FactoryVectors.NormalizePartitionCsv(FactoryFiles.PartitionCsv(entries), device.Folder, layout.Root);
        Assert.Equal(FactoryVectors.Expected(name, "expected-partition.csv"), csv);
    }

    [Fact]
    public void Vid_pid_folder_is_lower_case_hex_without_padding()
    {
        Assert.Equal("4d2_b", FactoryLayout.VidPid(0x4D2, 0xB));
        Assert.Equal("fff2_8001", FactoryLayout.VidPid(0xFFF2, 0x8001));
    }

    [Fact]
    public void Calendar_types_supported_modes_and_fixed_labels_follow_the_reference()
    {
        Assert.Equal(2065u, FactorySchema.CalendarMask(new[] { "Gregorian", "Buddhist", "Taiwanese" }));
        var modes = FactorySchema.SupportedModeKeys(new[] { "0/RapidCool/1/7\\0, 8\\0x10", "1/RapidFreeze/1" })
            .Select(k => $"{k.Key}={k.Value}");
        Assert.Equal(new[]
        {
            "sm-sz/1=2", "sm-label/1/0=RapidCool", "sm-mode/1/0=0", "sm-st-sz/1/0=2", "st-v/1/0/0=7", "st-mfg/1/0/0=0",
            "st-v/1/0/1=8", "st-mfg/1/0/1=16", "sm-label/1/1=RapidFreeze", "sm-mode/1/1=1", "sm-st-sz/1/1=0",
        }, modes);
        var labels = FactorySchema.FixedLabelKeys(new[] { "0/orientation/up", "1/room/kitchen", "1/floor/2" }).Select(k => $"{k.Key}={k.Value}");
        Assert.Equal(new[] { "fl-sz/0=1", "fl-k/0/0=orientation", "fl-v/0/0=up", "fl-sz/1=2", "fl-k/1/0=room", "fl-v/1/0=kitchen", "fl-k/1/1=floor", "fl-v/1/1=2" }, labels);
        Assert.Equal("FixedLabelInvalid", Assert.Throws<MfgException>(() => FactorySchema.FixedLabelKeys(new[] { "a/x/y" })).ErrorId);
        Assert.Equal("SupportedModeInvalid", Assert.Throws<MfgException>(() => FactorySchema.SupportedModeKeys(new[] { "x/y" })).ErrorId);
    }

    [Fact]
    public void Key_schema_redeclaring_chip_factory_keys_keeps_their_position_and_takes_device_values()
    {
        var extra = ExtraKeyCsv.ParseSchema("serial-num,data,string\nrd-id-uid,data,hex2bin\ndiscriminator,data,u32\n", "mfg.csv");
        var o = new FactoryOptions { VendorId = 0x131B, ProductId = 0x1000, EnableRotatingDeviceId = true };
        var schema = FactorySchema.Create(o, extra);
        Assert.Equal(new[] { "discriminator", "iteration-count", "salt", "vendor-id", "product-id", "rd-id-uid", "serial-num", "verifier" },
            schema.Keys.Select(k => k.Key));
        Assert.Equal(FactoryValueSource.Discriminator, schema.Keys[0].Source);
        Assert.True(schema.DeclaresDeviceKey("discriminator"));
        var rows = ExtraKeyCsv.ParseValues("serial-num,rd-id-uid,discriminator\nesp32c_dev3,c0398f4980b07c9460f71c5421e1a3c5,1234\n\nesp32c_dev4,c0398f4980b07c9460f71c5421e1a3c6,1235\n", "m.csv", extra);
        Assert.Equal(2, rows.Count);
        Assert.Equal("1235", rows[1]["discriminator"]);
    }

    [Fact]
    public void Per_device_csv_without_a_declared_column_is_rejected_naming_it()
    {
        var extra = ExtraKeyCsv.ParseSchema("app,namespace,\nfirmware_key,data,hex2bin\n", "cfg.csv");
        var e = Assert.Throws<MfgException>(() => ExtraKeyCsv.ParseValues("id,other\n1,2\n", "m.csv", extra));
        Assert.Equal("PerDeviceCsvMissingColumn", e.ErrorId);
        Assert.Contains("firmware_key", e.Message);
        var bad = Assert.Throws<MfgException>(() => ExtraKeyCsv.ParseSchema("k,data,float\n", "cfg.csv"));
        Assert.Equal("ExtraKeySchemaBadEncoding", bad.ErrorId);
        Assert.Contains("line 1", bad.Message);
    }

    [Fact]
    public void Csv_round_trips_quoted_multi_line_fields()
    {
        string line = CsvText.Line(new[] { "a", "b,c", "x\"y", "1\n2" });
        Assert.Equal("a,\"b,c\",\"x\"\"y\",\"1\n2\"", line);
        var parsed = CsvText.Parse(line + "\r\nz\n", "t");
        Assert.Equal(new[] { "a", "b,c", "x\"y", "1\n2" }, parsed[0]);
        Assert.Equal(new[] { "z" }, parsed[1]);
        Assert.Equal("7497-011-2336\n5522-327-69-2", FactoryFiles.DisplayManualCode("749701123365522327692"));
        Assert.Equal("3497-011-2332", FactoryFiles.DisplayManualCode("34970112332"));
    }

    [Theory]
    [InlineData("--discriminator", "4096", "NumberOutOfRange")]
    [InlineData("--passcode", "100000000", "NumberOutOfRange")]
    [InlineData("--passcode", "11111111", "PasscodeInvalid")]
    [InlineData("--passcode", "0", "PasscodeInvalid")]
    [InlineData("--iteration-count", "999", "NumberOutOfRange")]
    [InlineData("--mfg-date", "2002-02-02", "ManufacturingDateFormat")]
    [InlineData("--rd-id-uid", "zz112233445566778899aabbccddeeff", "RotatingDeviceIdUniqueIdInvalid")]
    public void Validation_rejects_what_the_reference_misses_or_rejects(string option, string value, string errorId)
    {
        // A number out of its option's range is refused by the parser, the other rules by the validation.
        Assert.Equal(errorId, Assert.Throws<MfgException>(() => FactoryValidation.Validate(MfgToolCommandLine.Parse(new[] { "-v", "0xFFF2", "-p", "0x8001", option, value }).Options)).ErrorId);
    }

    [Fact]
    public void Salt_shorter_than_16_bytes_is_rejected()
    {
        var o = new FactoryOptions { VendorId = 1, ProductId = 1, Passcode = 20202021, Salt = Convert.ToBase64String(new byte[8]), Verifier = Convert.ToBase64String(new byte[97]) };
        Assert.Equal("SaltLengthInvalid", Assert.Throws<MfgException>(() => FactoryValidation.Validate(o)).ErrorId);
    }
}
