using System;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Onboarding;

namespace MatterMfg.Tests.Onboarding;

/// <summary>parse(generate(x)) == x over random valid fields, and every out-of-range field rejected by name.</summary>
public class SetupPayloadPropertyTests
{
    private static SetupPayload RandomPayload(Random rng)
    {
        int vid = rng.Next(0, 0xFFF5);
        var p = new SetupPayload
        {
            VendorId = vid,
            ProductId = vid == 0 ? rng.Next(0, 0x10000) : rng.Next(1, 0x10000),
            CommissioningFlow = (CommissioningFlow)rng.Next(0, 3),
            DiscoveryCapabilities = (DiscoveryCapabilities)rng.Next(0, 0x40),
            Discriminator = rng.Next(0, 4096),
            Passcode = SetupPasscode.New(),
        };
        if (rng.Next(3) == 0)
        {
            p.OptionalData.Add(new SetupPayloadElement(SetupPayloadElement.SerialNumberTag, "SN-" + rng.Next()));
            p.OptionalData.Add(new SetupPayloadElement((byte)rng.Next(0x80, 0x100), (long)rng.Next(int.MinValue, int.MaxValue)));
        }
        return p;
    }

    [Fact]
    public void Random_valid_payloads_round_trip_through_QR_and_manual_codes()
    {
        var rng = new Random(20202021);
        for (int i = 0; i < 2000; i++)
        {
            var p = RandomPayload(rng);
            string qr = p.ToQrCode();
            var q = SetupPayload.ParseQrCode(qr);
            Assert.Equal((p.VendorId, p.ProductId, p.CommissioningFlow, p.DiscoveryCapabilities, p.Discriminator, p.Passcode, p.SerialNumber),
                (q.VendorId, q.ProductId, q.CommissioningFlow, q.DiscoveryCapabilities, q.Discriminator, q.Passcode, q.SerialNumber));
            Assert.Equal(qr, q.ToQrCode());

            string manual = p.ToManualCode();
            var m = SetupPayload.ParseManualCode(ManualPairingCode.Format(manual));
            Assert.Equal(p.Discriminator >> 8, m.Discriminator);
            Assert.Equal(p.Passcode, m.Passcode);
            Assert.Equal(p.CommissioningFlow == CommissioningFlow.Standard ? 11 : 21, manual.Length);
            if (manual.Length == 21)
            {
                Assert.Equal((p.VendorId, p.ProductId), (m.VendorId, m.ProductId));
            }
            Assert.Equal(manual, m.ToManualCode());
        }
    }

    [Theory]
    [InlineData("VendorId", 0x10000)]
    [InlineData("VendorId", 0xFFF5)]
    [InlineData("VendorId", -1)]
    [InlineData("ProductId", 0x10000)]
    [InlineData("ProductId", -1)]
    [InlineData("CommissioningFlow", 3)]
    [InlineData("DiscoveryCapabilities", 0x40)]
    [InlineData("DiscoveryCapabilities", 0x100)]
    [InlineData("Discriminator", 4096)]
    [InlineData("Discriminator", -1)]
    [InlineData("Passcode", 0)]
    [InlineData("Passcode", 99999999)]
    [InlineData("Passcode", 134217728)]
    [InlineData("Version", 1)]
    public void An_out_of_range_field_is_rejected_with_its_name(string field, long value)
    {
        var p = new SetupPayload
        {
            VendorId = 0xFFF1, ProductId = 0x8000, DiscoveryCapabilities = DiscoveryCapabilities.Ble, Discriminator = 3840, Passcode = 20202021,
        };
        switch (field)
        {
            case "VendorId": p.VendorId = (int)value; break;
            case "ProductId": p.ProductId = (int)value; break;
            case "CommissioningFlow": p.CommissioningFlow = (CommissioningFlow)value; break;
            case "DiscoveryCapabilities": p.DiscoveryCapabilities = (DiscoveryCapabilities)value; break;
            case "Discriminator": p.Discriminator = (int)value; break;
            case "Passcode": p.Passcode = value; break;
            case "Version": p.Version = (int)value; break;
        }
        var e = Assert.Throws<MfgException>(() => p.ToQrCode());
        Assert.StartsWith(field + ": ", e.Message, StringComparison.Ordinal);
        Assert.Equal(field, e.Target);
    }

    [Fact]
    public void Every_invalid_passcode_is_rejected_for_both_codes()
    {
        foreach (uint bad in SetupPasscode.DisallowedValues)
        {
            var p = new SetupPayload { VendorId = 0xFFF1, ProductId = 0x8000, DiscoveryCapabilities = DiscoveryCapabilities.Ble, Discriminator = 1, Passcode = bad };
            Assert.Equal("PasscodeInvalid", Assert.Throws<MfgException>(() => p.ToQrCode()).ErrorId);
            Assert.Equal("PasscodeInvalid", Assert.Throws<MfgException>(() => p.ToManualCode()).ErrorId);
        }
    }

    [Fact]
    public void A_single_wrong_digit_fails_the_check_digit()
    {
        string code = "34970112332";
        for (int i = 0; i < code.Length; i++)
        {
            for (char c = '0'; c <= '9'; c++)
            {
                if (c == code[i])
                {
                    continue;
                }
                string typo = code.Substring(0, i) + c + code.Substring(i + 1);
                var e = Assert.Throws<MfgException>(() => SetupPayload.ParseManualCode(typo));
                Assert.StartsWith("ManualCode: ", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Bad_optional_data_is_named()
    {
        var p = new SetupPayload { VendorId = 0xFFF1, ProductId = 0x8000, DiscoveryCapabilities = DiscoveryCapabilities.Ble, Discriminator = 1, Passcode = 20202021 };
        p.OptionalData.Add(new SetupPayloadElement(SetupPayloadElement.PbkdfSaltTag, 5UL));
        Assert.StartsWith("OptionalData: ", Assert.Throws<MfgException>(() => p.ToQrCode()).Message, StringComparison.Ordinal);
        byte[] packed = Base38.Decode("Y.K9042C00KA0648G00");
        foreach (byte[] tlv in new[] { new byte[] { 0x16, 0x18 }, new byte[] { 0x15, 0x2C, 0x00, 0x05, 0x41 }, new byte[] { 0x15, 0x18, 0x00 } })
        {
            string qr = "MT:" + Base38.Encode([.. packed, .. tlv]);
            var e = Assert.Throws<MfgException>(() => SetupPayload.ParseQrCode(qr));
            Assert.Equal("QrCodeOptionalDataInvalid", e.ErrorId);
            Assert.StartsWith("QrCode: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_factory_codes_match_the_reference_onb_codes()
    {
        // tests/MatterMfg.Tests/vectors/factory/*/expected-onb_codes.csv and the spec's V6 table.
        Assert.Equal(("MT:634J042C00KA0648G00", "34970112332"), OnboardingCodes.Generate(0xFFF2, 0x8001, 0, 2, 3840, 20202021));
        Assert.Equal(("MT:634J0ET125U7018EW10", "416304534965522327693"), OnboardingCodes.Generate(0xFFF2, 0x8001, 1, 6, 5, 87654320));
        Assert.Equal(("MT:634J0MBW17BGR340900", "34945606850"), OnboardingCodes.Generate(0xFFF2, 0x8001, 0, 2, 4095, 11223344));
        Assert.Equal(("MT:Y.K9042C00KA0648G00", "34970112332"), OnboardingCodes.Generate(0xFFF1, 0x8000, 0, 2, 3840, 20202021));
        Assert.Equal("3497-011-2332", ManualPairingCode.Format("34970112332"));
    }
}
