using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Attestation;
using MatterMfg.EndOfLine;
using MatterMfg.Nvs;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.EndOfLine;

/// <summary>
/// The end-of-line check on the reference's own minimal_fixed partition (passcode 20202021, PAI FFF2/8001), and on copies
/// of it broken one way each: every break is caught by its own rule, and the good image passes every rule.
/// </summary>
public class FactoryImageInspectorTests
{
    private static readonly string Case = Repo.Vector("factory", "minimal_fixed");
    private static readonly string Pki = Repo.Vector("matter", "attestation");

    private static byte[] Good => File.ReadAllBytes(Path.Combine(Case, "expected-partition.bin"));

    private static FactoryImageExpectations Expect() => new()
    {
        Passcode = 20202021,
        VendorId = 0xFFF2,
        ProductId = 0x8001,
        PaiCertificateDer = File.ReadAllBytes(Path.Combine(Pki, "Chip-Test-PAI-FFF2-8001-Cert.der")),
        CdSigningCertificateDer = File.ReadAllBytes(Path.Combine(Pki, "Chip-Test-CD-Signing-Cert.der")),
        QrCode = "MT:634J042C00KA0648G00",
        ManualCode = "3497-011-2332",
    };

    private static FactoryImageReport Inspect(byte[] image, FactoryImageExpectations e) =>
        FactoryImageInspector.Inspect(NvsPartitionReader.Read(image), e);

    /// <summary>The good image with one key replaced, added, or removed (<paramref name="replacement"/> null), written again.</summary>
    private static byte[] With(string key, NvsEntry? replacement)
    {
        var writer = new NvsPartitionWriter(Good.Length, NvsFormatVersion.V2);
        var entries = NvsPartitionReader.Read(Good).Entries;
        foreach (var e in entries)
        {
            if (e.Key != key)
            {
                writer.Add(e);
            }
            else if (replacement != null)
            {
                writer.Add(replacement);
            }
        }
        if (replacement != null && entries.All(e => e.Key != key))
        {
            writer.Add(replacement);
        }
        return writer.ToImage();
    }

    private static void AssertOnlyFails(FactoryImageReport r, params string[] rules)
    {
        Assert.False(r.Passed);
        Assert.Equal(rules.OrderBy(x => x), r.Failures.Select(f => f.Name).OrderBy(x => x));
        Assert.All(r.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
    }

    [Fact]
    public void The_reference_partition_passes_every_rule()
    {
        var r = Inspect(Good, Expect());
        Assert.True(r.Passed, string.Join("\n", r.Failures));
        Assert.Equal(new[] { "RotatingDeviceIdUniqueId" }, r.Checks.Where(c => c.Outcome == CheckOutcome.Skipped).Select(c => c.Name)); // the case has no rd-id-uid
        Assert.Equal("0123456789abcdef", r.SerialNumber);
        Assert.Equal(3840, r.Discriminator);
        Assert.NotNull(r.DacSha256);
    }

    [Fact]
    public void Unknown_inputs_skip_their_rules_instead_of_failing()
    {
        var r = Inspect(Good, new FactoryImageExpectations());
        Assert.True(r.Passed, string.Join("\n", r.Failures));
        Assert.Equal(new[] { "OnboardingCodes", "VendorProduct", "Verifier" },
            r.Checks.Where(c => c.Outcome == CheckOutcome.Skipped && c.Name != "RotatingDeviceIdUniqueId").Select(c => c.Name).OrderBy(x => x));
    }

    [Fact]
    public void A_missing_key_is_named()
    {
        var r = Inspect(With("salt", null), Expect());
        Assert.Contains(r.Failures, f => f.Name == "RequiredKeys" && f.Message.Contains("salt"));
    }

    [Fact]
    public void A_key_of_the_wrong_type_is_named()
    {
        var r = Inspect(With("discriminator", NvsEntry.String("chip-factory", "discriminator", "3840")), Expect());
        Assert.Contains(r.Failures, f => f.Name == "KeyTypes" && f.Message.Contains("discriminator is string, the firmware reads u32"));
    }

    [Fact]
    public void A_verifier_for_another_passcode_fails_the_verifier_rule()
    {
        var e = Expect();
        e.Passcode = 20202022;
        e.QrCode = null;
        e.ManualCode = null;
        AssertOnlyFails(Inspect(Good, e), "Verifier");
    }

    [Fact]
    public void Onboarding_codes_of_another_device_are_caught()
    {
        var e = Expect();
        e.Passcode = null;
        e.QrCode = MatterMfg.Onboarding.OnboardingCodes.Generate(0xFFF1, 0x8000, 0, 2, 3840, 20202021).QrCode; // right passcode, wrong VID/PID
        var r = Inspect(Good, e);
        Assert.Contains(r.Failures, f => f.Name == "OnboardingCodes" && f.Message.Contains("VID"));
    }

    [Fact]
    public void A_foreign_dac_is_caught_by_the_key_and_chain_rules()
    {
        byte[] foreign = File.ReadAllBytes(Path.Combine(Pki, "Chip-Test-DAC-FFF1-8000-0000-Cert.der"));
        var r = Inspect(With("dac-cert", NvsEntry.Blob("chip-factory", "dac-cert", foreign)), Expect());
        AssertOnlyFails(r, "DacKeys", "AttestationChain");
        Assert.Contains("does not belong", r.Failures.Single(f => f.Name == "DacKeys").Message);
    }

    [Fact]
    public void A_cd_for_another_product_fails_the_cd_rule()
    {
        byte[] other = File.ReadAllBytes(Path.Combine(Pki, "Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der"));
        var r = Inspect(With("cert-dclrn", NvsEntry.Blob("chip-factory", "cert-dclrn", other)), Expect());
        AssertOnlyFails(r, "CertificationDeclaration");
        Assert.Contains("does not cover VID 0xFFF2 PID 0x8001", r.Failures.Single().Message);
    }

    [Fact]
    public void A_partition_with_another_pai_fails_the_chain_rule()
    {
        var e = Expect();
        e.PaiCertificateDer = File.ReadAllBytes(Path.Combine(Pki, "Chip-Test-PAI-FFF1-8000-Cert.der"));
        AssertOnlyFails(Inspect(Good, e), "AttestationChain");
    }

    [Fact]
    public void A_dac_not_issued_by_the_partitions_pai_fails_the_chain_rule()
    {
        byte[] otherPai = File.ReadAllBytes(Path.Combine(Pki, "Chip-Test-PAI-FFF1-8000-Cert.der"));
        var e = Expect();
        e.PaiCertificateDer = null;
        var r = Inspect(With("pai-cert", NvsEntry.Blob("chip-factory", "pai-cert", otherPai)), e);
        Assert.Contains(r.Failures, f => f.Name == "AttestationChain");
    }

    [Fact]
    public void A_wrong_expected_product_fails_the_identity_rule()
    {
        var e = Expect();
        e.ProductId = 0x8002;
        AssertOnlyFails(Inspect(Good, e), "VendorProduct");
    }

    [Fact]
    public void A_short_rotating_device_id_unique_id_fails()
    {
        var r = Inspect(With("rd-id-uid", NvsEntry.Blob("chip-factory", "rd-id-uid", new byte[8])), Expect());
        AssertOnlyFails(r, "RotatingDeviceIdUniqueId");
    }

    [Fact]
    public void Every_good_device_of_a_generated_batch_passes()
    {
        using var d = new TempDir();
        var o = new MatterMfg.Factory.FactoryOptions
        {
            VendorId = 0xFFF1, ProductId = 0x8000, Count = 3, OutputDirectory = "out", WorkingDirectory = d.Path,
            Attestation = MatterMfg.Factory.AttestationMode.TestPki, ThrottleLimit = 2, EnableRotatingDeviceId = true,
        };
        List<MatterMfg.Factory.FactoryOutcome> outcomes;
        using (var batch = new MatterMfg.Factory.FactoryBatch(new MatterMfg.Factory.FactoryBatchSettings { Options = o }, new MatterMfg.Factory.MatterFactoryEngine()))
        {
            outcomes = batch.Run(null).ToList();
        }
        Assert.Equal(3, outcomes.Count);
        foreach (var outcome in outcomes)
        {
            Assert.Null(outcome.Error);
            var dev = outcome.Device!;
            var r = Inspect(File.ReadAllBytes(dev.PartitionPath!), new FactoryImageExpectations
            {
                Passcode = dev.Passcode, QrCode = dev.QrCode, ManualCode = dev.ManualCode, VendorId = 0xFFF1, ProductId = 0x8000,
                PaaCertificateDer = MatterTestPki.Paa.Der, CdSigningCertificateDer = MatterTestPki.CdSigner.Der,
            });
            Assert.True(r.Passed, string.Join("\n", r.Failures));
            Assert.Equal(CheckOutcome.Passed, r.Checks.Single(c => c.Name == "RotatingDeviceIdUniqueId").Outcome);
        }
    }
}
