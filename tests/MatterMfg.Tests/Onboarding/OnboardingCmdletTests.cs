using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Onboarding;

/// <summary>The onboarding cmdlets in the real hosted engine, with rows shaped as Import-Csv makes them.</summary>
public class OnboardingCmdletTests
{
    private static PSObject Device(string vid, string pid, string passcode, string disc) =>
        Ps.Row(("VendorId", vid), ("ProductId", pid), ("Passcode", passcode), ("Discriminator", disc));

    [Fact]
    public void Csv_rows_bind_and_each_bad_row_is_a_named_error_while_the_rest_go_on()
    {
        var rows = new[]
        {
            Device("0xFFF1", "0x8000", "20202021", "3840"),
            Device("0xFFF1", "0x8000", "11111111", "3840"),
            Device("0xFFF1", "0x8000", "10kb", "3840"),
            Device("0xFFF1", "0x8000", "20202021", "4096"),
            Device("0xFFF5", "0x8000", "20202021", "1"),
            Device("0xFFF2", "0x8001", "34567890", "1234"),
        };
        var r = Ps.Run("$rows | Get-MatterOnboardingPayload", ("rows", rows));
        Assert.Null(r.Terminating);
        Assert.Equal(new[] { "MT:Y.K9042C00KA0648G00", "MT:634J0KQS02MGVH7SR00" }, r.Output.Select(o => (string)o.Properties["QrCode"].Value));
        Assert.Equal("34970112332", r.Get(0, "ManualCode"));
        Assert.Equal("3497-011-2332", r.Get(0, "ManualCodeFormatted"));
        Assert.Equal(4, r.Errors.Count);
        Assert.StartsWith("PasscodeInvalid,", r.Errors[0].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("Passcode: 11111111", r.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Same(rows[1], r.Errors[0].TargetObject);
        Assert.StartsWith("ParameterArgumentTransformationError,", r.Errors[1].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Passcode", r.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("10kb", r.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.Same(rows[2], r.Errors[1].TargetObject);
        // A number outside the parameter's range is refused while the row binds, as written, with the catalogue id inside.
        Assert.StartsWith("ParameterArgumentTransformationError,", r.Errors[2].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.EndsWith("'Discriminator'. 4096 is out of range (0..4095).", r.Errors[2].Exception.Message, StringComparison.Ordinal);
        Assert.Equal("NumberOutOfRange", ((MfgException)r.Errors[2].Exception.InnerException!).ErrorId);
        Assert.Same(rows[3], r.Errors[2].TargetObject);
        Assert.StartsWith("VendorId: 0xFFF5", r.Errors[3].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, r.Errors[3].CategoryInfo.Category);
    }

    [Fact]
    public void Flow_and_discovery_columns_bind_and_a_factory_image_object_reproduces_its_codes()
    {
        var row = Device("0xFFF2", "0x8001", "87654320", "5");
        row.Properties.Add(new PSNoteProperty("CommissioningFlow", "1"));
        row.Properties.Add(new PSNoteProperty("DiscoveryMode", "6"));
        // What New-MatterFactoryImage writes: typed fields plus its own QrCode/ManualCode, which must not switch the parameter set.
        var image = new PSObject();
        foreach (var (n, v) in new (string, object)[] { ("DeviceId", "x"), ("VendorId", 0xFFF2), ("ProductId", 0x8001), ("Passcode", 20202021u), ("Discriminator", (ushort)3840), ("QrCode", "MT:634J042C00KA0648G00"), ("ManualCode", "3497-011-2332") })
        {
            image.Properties.Add(new PSNoteProperty(n, v));
        }
        var r = Ps.Run("$row, $image | Get-MatterOnboardingPayload", ("row", row), ("image", image));
        r.Ok();
        Assert.Equal("MT:634J0ET125U7018EW10", r.Get(0, "QrCode"));
        Assert.Equal("416304534965522327693", r.Get(0, "ManualCode"));
        Assert.Equal("4163-045-3496\n5522-327-69-3", r.Get(0, "ManualCodeFormatted"));
        Assert.Equal("MT:634J042C00KA0648G00", r.Get(1, "QrCode"));
        Assert.Equal("34970112332", r.Get(1, "ManualCode"));
    }

    [Fact]
    public void QR_and_manual_codes_decode_and_a_malformed_one_says_why()
    {
        var r = Ps.Run(@"
            Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00'
            Get-MatterOnboardingPayload -ManualCode '7497-011-2336 5522-327-69-2'
            Get-MatterOnboardingPayload -QrCode 'MT:M5L90MP500K64J00000*M5L90U.D010K4J00000'
            Get-MatterOnboardingPayload -QrCode 'AT:M5L90MP500K64J00000'
            Get-MatterOnboardingPayload -ManualCode '02684354589'
            'done'");
        Assert.Null(r.Terminating);
        Assert.Equal(0xFFF1, r.Get(0, "VendorId"));
        Assert.Equal(3840, r.Get(0, "Discriminator"));
        Assert.Equal(20202021L, r.Get(0, "Passcode"));
        Assert.Equal("34970112332", r.Get(0, "ManualCode"));
        Assert.Equal(0xFFF2, r.Get(1, "VendorId"));
        Assert.Equal(15, r.Get(1, "Discriminator"));
        Assert.Equal(true, r.Get(1, "HasShortDiscriminator"));
        Assert.Null(r.Get(1, "QrCode"));
        Assert.Equal(5, r.Output.Count);
        Assert.Equal(2048L, r.Get(2, "Passcode"));
        Assert.Equal("MT:M5L90MP500K64J00000", r.Get(2, "QrCode"));
        Assert.Equal(2049L, r.Get(3, "Passcode"));
        Assert.Equal("MT:M5L90U.D010K4J00000", r.Get(3, "QrCode"));
        Assert.Equal("done", r.Output.Last().BaseObject);
        Assert.Equal(new[] { "QrCodePrefixInvalid", "ManualCodeCheckDigitInvalid" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("AT:M5L90MP500K64J00000", r.Errors[0].TargetObject);
    }

    [Fact]
    public void QR_images_are_written_in_each_format_and_WhatIf_writes_nothing()
    {
        using var dir = new TempDir();
        string png = Path.Combine(dir.Path, "a.png"), svg = Path.Combine(dir.Path, "a.svg"), txt = Path.Combine(dir.Path, "b.img");
        var r = Ps.Run(@"
            Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -QrImagePath $png -WhatIf
            Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840 -QrImagePath $png
            Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -QrImagePath $svg
            Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -QrImagePath $txt -Format Text -ShowQrCode -InformationVariable shown
            $shown[0].MessageData.Message
            $shown[0].Tags",
            ("png", png), ("svg", svg), ("txt", txt));
        r.Ok();
        Assert.Equal(MatterMfg.Onboarding.QrImage.Text("MT:Y.K9042C00KA0648G00"), r.Output[4].BaseObject);
        Assert.Equal("PSHOST", r.Output[5].BaseObject);
        Assert.Contains("What if:", r.HostText, StringComparison.Ordinal);
        Assert.Null(r.Get(0, "QrImagePath"));
        Assert.Equal(png, r.Get(1, "QrImagePath"));
        Assert.Equal("MT:Y.K9042C00KA0648G00", QrImageTests.ReadPng(File.ReadAllBytes(png)).Text);
        Assert.StartsWith("<?xml", File.ReadAllText(svg), StringComparison.Ordinal);
        Assert.Equal(MatterMfg.Onboarding.QrImage.Text("MT:Y.K9042C00KA0648G00"), File.ReadAllText(txt));
        Assert.Equal(3, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void A_script_block_path_writes_one_image_per_row()
    {
        using var dir = new TempDir();
        var rows = new[] { Device("0xFFF1", "0x8000", "20202021", "1"), Device("0xFFF1", "0x8000", "20202022", "2") };
        var r = Ps.Run("$rows | Get-MatterOnboardingPayload -QrImagePath { [IO.Path]::Combine($dir, \"$($_.Discriminator).png\") }", ("rows", rows), ("dir", dir.Path));
        r.Ok();
        Assert.Equal(r.Get(0, "QrCode"), QrImageTests.ReadPng(File.ReadAllBytes(Path.Combine(dir.Path, "1.png"))).Text);
        Assert.Equal(r.Get(1, "QrCode"), QrImageTests.ReadPng(File.ReadAllBytes(Path.Combine(dir.Path, "2.png"))).Text);
    }

    [Fact]
    public void An_image_that_cannot_be_written_is_that_row_error()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "taken.png"));
        var rows = new[] { Device("0xFFF1", "0x8000", "20202021", "1"), Device("0xFFF1", "0x8000", "20202022", "2") };
        var r = Ps.Run("$rows | Get-MatterOnboardingPayload -QrImagePath { [IO.Path]::Combine($dir, $(if ($_.Discriminator -eq '1') { 'taken.png' } else { 'ok.png' })) }",
            ("rows", rows), ("dir", dir.Path));
        Assert.Equal("FileAccessFailed", Assert.Single(r.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Same(rows[0], r.Errors[0].TargetObject);
        Assert.Equal(Path.Combine(dir.Path, "ok.png"), Assert.Single(r.Output).Properties["QrImagePath"].Value);
        Assert.Equal(new[] { "ok.png" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WhatIf_alone_leaves_no_file()
    {
        using var dir = new TempDir();
        string png = Path.Combine(dir.Path, "a.png");
        Ps.Run("Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -QrImagePath $png -WhatIf", ("png", png)).Ok();
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Verifiers_are_made_from_rows_and_checked_and_bad_rows_are_named()
    {
        var rows = new[]
        {
            Ps.Row(("Passcode", "20202021"), ("Salt", "U1BBS0UyUCBLZXkgU2FsdA=="), ("IterationCount", "1000")),
            Ps.Row(("Passcode", "20202021"), ("Salt", "AAEC"), ("IterationCount", "1000")),
            Ps.Row(("Passcode", "87654321"), ("Salt", "U1BBS0UyUCBLZXkgU2FsdA=="), ("IterationCount", "1000")),
            Ps.Row(("Passcode", "20202021"), ("Salt", "U1BBS0UyUCBLZXkgU2FsdA=="), ("IterationCount", "999")),
        };
        var r = Ps.Run(@"
            $v = $rows | New-MatterSpake2pVerifier
            $v
            $v | Test-MatterSpake2pVerifier
            $v[0] | Test-MatterSpake2pVerifier -Passcode 20202022
            New-MatterSpake2pVerifier -Passcode 34567890 -IterationCount 1000 | Test-MatterSpake2pVerifier", ("rows", rows));
        Assert.Null(r.Terminating);
        Assert.Equal("uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw==", r.Get(0, "VerifierBase64"));
        Assert.Equal(new object[] { true, false, true }, r.Output.Skip(1).Select(o => o.BaseObject));
        // The iteration count is refused while PowerShell binds the row (NumberOutOfRange inside its binding error).
        Assert.Equal(new[] { "SaltLengthInvalid", "PasscodeInvalid", "ParameterArgumentTransformationError" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal("NumberOutOfRange", ((MfgException)r.Errors[2].Exception.InnerException!).ErrorId);
        Assert.Equal(new[] { rows[1], rows[2], rows[3] }, r.Errors.Select(e => e.TargetObject));
        Assert.StartsWith("Salt: ", r.Errors[0].Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_batch_of_verifiers_shows_progress_and_completes_it()
    {
        var r = Ps.Run("1..40 | ForEach-Object { [pscustomobject]@{ Passcode = [string](20202000 + $_); IterationCount = '1000' } } | New-MatterSpake2pVerifier");
        Assert.Equal(40, r.Ok().Count);
        Assert.Equal(40, r.Output.Select(o => (string)o.Properties["SaltBase64"].Value).Distinct().Count());
        Assert.Contains(r.Progress, p => p.StatusDescription == "32 verifiers");
        Assert.Equal(ProgressRecordType.Completed, r.Progress.Last().RecordType);
    }

    [Fact]
    public void The_default_views_show_the_codes_and_hide_the_passcode()
    {
        var r = Ps.Run(@"
            Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840 | Out-Default
            New-MatterSpake2pVerifier -Passcode 20202021 -Salt U1BBS0UyUCBLZXkgU2FsdA== -IterationCount 1000 | Out-Default
            Get-MatterRotatingDeviceId 00112233445566778899aabbccddeeff 10 | Out-Default");
        r.Ok();
        // PowerShell 7 colours headers and list labels with ANSI escapes.
        string text = System.Text.RegularExpressions.Regex.Replace(r.HostText, "\u001b\\[[0-9;]*m", "");
        Assert.Matches(@"FFF1\s+8000\s+3840\s+Standard\s+MT:Y\.K9042C00KA0648G00\s+3497-011-2332", text);
        Assert.Contains("VerifierBase64 : uWFwqugDNGiEck/po7KHwwMwwqZgN10X", text, StringComparison.Ordinal);
        Assert.Matches(@"10\s+0A00D00561E77A68A9FD975057375B9283A8", text);
        Assert.DoesNotContain("20202021", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Passcodes_and_discriminators_are_generated_and_an_impossible_unique_batch_stops()
    {
        var r = Ps.Run("New-MatterPasscode -Count 50 -Unique; New-MatterDiscriminator 20");
        r.Ok();
        var p = r.Output.Take(50).Select(o => (uint)o.BaseObject).ToList();
        Assert.Equal(50, p.Distinct().Count());
        Assert.All(p, x => Assert.True(MatterMfg.Commissioning.SetupPasscode.IsValid(x)));
        Assert.All(r.Output.Skip(50), o => Assert.InRange((ushort)o.BaseObject, 0, 4095));
        Assert.Equal(70, r.Output.Count);

        var bad = Ps.Run("New-MatterDiscriminator -Count 4097 -Unique");
        Assert.Empty(bad.Output);
        var error = Assert.Single(bad.Errors);
        Assert.Equal("NumberOutOfRange", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("Count: 4097 (0x1001) is out of range (0..4096): only 4096 unique values of Discriminator exist.", error.Exception.Message);
    }

    [Fact]
    public void Rotating_device_ids_match_the_vectors_from_rows()
    {
        var rows = new[]
        {
            Ps.Row(("RotatingDeviceIdUniqueId", "00112233445566778899aabbccddeeff"), ("LifetimeCounter", "10")),
            Ps.Row(("RotatingDeviceIdUniqueId", "00112233445566778899aabbccddee"), ("LifetimeCounter", "10")),
            Ps.Row(("RotatingDeviceIdUniqueId", "0x00112233445566778899AABBCCDDEEFF"), ("LifetimeCounter", "0xFFFF")),
        };
        var r = Ps.Run("$rows | Get-MatterRotatingDeviceId", ("rows", rows));
        Assert.Equal("0A00D00561E77A68A9FD975057375B9283A8", r.Get(0, "RotatingDeviceId"));
        Assert.Equal("153000120A00D00561E77A68A9FD975057375B9283A818", r.Get(0, "AdditionalDataPayload"));
        Assert.Equal("FFFF8BEA0C775F001981365D6362E1C0665A", r.Get(1, "RotatingDeviceId"));
        Assert.Single(r.Errors);
        Assert.StartsWith("RotatingDeviceIdUniqueIdTooShort,", r.Errors[0].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Same(rows[1], r.Errors[0].TargetObject);
    }
}
