using System;
using System.Collections.Generic;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Onboarding;

namespace MatterMfg.Tests.Onboarding;

/// <summary>Every row of vectors/matter/setup_payload_vectors.csv.</summary>
public class SetupPayloadVectorTests
{
    private const string File = "setup_payload_vectors.csv";

    public static IEnumerable<object[]> Kind(string kind) => MatterVectors.Data(File, r => r["kind"] == kind);

    public static IEnumerable<object[]> Generate => Kind("generate");
    public static IEnumerable<object[]> GenerateManual => Kind("generate-manual");
    public static IEnumerable<object[]> GenerateManualUnchecked => Kind("generate-manual-unchecked");
    public static IEnumerable<object[]> ParseManual => Kind("parse-manual");
    public static IEnumerable<object[]> ParseQr => Kind("parse-qr");
    public static IEnumerable<object[]> RejectParse => Kind("reject-parse");
    public static IEnumerable<object[]> RejectGenerate => Kind("reject-generate");

    [Fact]
    public void Every_row_is_one_of_the_kinds_tested_here()
    {
        var kinds = new[] { "generate", "generate-manual", "generate-manual-unchecked", "parse-manual", "parse-qr", "reject-parse", "reject-generate" };
        var rows = MatterVectors.Rows(File);
        Assert.Equal(80, rows.Count);
        Assert.All(rows, r => Assert.Contains(r["kind"], kinds));
    }

    [Theory]
    [MemberData(nameof(Generate))]
    public void Generates_and_parses_back_the_QR_and_manual_code(string id, Dictionary<string, string> row)
    {
        SetupPayload p = FromRow(row);
        Assert.Equal(row["qr_code"], p.ToQrCode());
        Assert.Equal(row["manual_code"], p.ToManualCode());
        Assert.Equal(int.Parse(row["manual_code_digits"]), p.ToManualCode().Length);
        Assert.Equal(row["manual_code_formatted_mfgtool"].Replace("\\n", "\n"), ManualPairingCode.Format(p.ToManualCode()));
        Assert.Equal(MatterVectors.Hex(row["packed_payload_hex"]), Base38.Decode(row["qr_code"].Substring(3)));

        var q = SetupPayload.ParseQrCode(row["qr_code"]);
        Assert.Equal((p.VendorId, p.ProductId, p.CommissioningFlow, p.DiscoveryCapabilities, p.Discriminator, p.Passcode, false),
            (q.VendorId, q.ProductId, q.CommissioningFlow, q.DiscoveryCapabilities, q.Discriminator, q.Passcode, q.HasShortDiscriminator));
        Assert.Equal(p.OptionalData.Select(e => (e.Tag, e.Value)).OrderBy(e => e.Tag), q.OptionalData.Select(e => (e.Tag, e.Value)).OrderBy(e => e.Tag));
        AssertManualParsesBack(p, row["manual_code"]);
        _ = id;
    }

    [Fact]
    public void SP005_optional_data_built_from_elements_gives_the_vector_TLV_and_QR()
    {
        var p = new SetupPayload
        {
            VendorId = 0x000C, ProductId = 0x0001, DiscoveryCapabilities = DiscoveryCapabilities.SoftAP, Discriminator = 128, Passcode = 2048,
        };
        p.OptionalData.Add(new SetupPayloadElement(SetupPayloadElement.SerialNumberTag, "123456789"));
        p.OptionalData.Add(new SetupPayloadElement(0x83, 12L));
        p.OptionalData.Add(new SetupPayloadElement(0x82, "myData"));
        Assert.Equal("152C82066D794461746120830C2C000931323334353637383918", Convert.ToHexString(SetupTlv.Encode(p.OptionalData)));
        Assert.Equal("MT:M5L90MP500K64J0A33P0SET70.QT52B.E23-WZE0WISA0DK5N1K8SQ1RYCU1O0", p.ToQrCode());
        Assert.Equal("123456789", SetupPayload.ParseQrCode(p.ToQrCode()).SerialNumber);
    }

    [Theory]
    [MemberData(nameof(GenerateManual))]
    public void Generates_the_manual_code(string id, Dictionary<string, string> row)
    {
        SetupPayload p = FromRow(row);
        Assert.Equal(row["manual_code"], p.ToManualCode());
        Assert.Equal(row["manual_code_formatted_mfgtool"].Replace("\\n", "\n"), ManualPairingCode.Format(p.ToManualCode()));
        AssertManualParsesBack(p, row["manual_code"]);
        _ = id;
    }

    [Theory]
    [MemberData(nameof(GenerateManualUnchecked))]
    public void Packs_out_of_range_fields_only_when_unchecked(string id, Dictionary<string, string> row)
    {
        SetupPayload p = FromRow(row);
        Assert.Equal(row["manual_code"], ManualPairingCode.Encode(p, validate: false));
        var e = Assert.Throws<MfgException>(() => p.ToManualCode());
        Assert.Contains(e.ErrorId, new[] { "PasscodeInvalid", "VendorIdInvalid" });
        _ = id;
    }

    [Theory]
    [MemberData(nameof(ParseManual))]
    public void Parses_the_manual_code(string id, Dictionary<string, string> row)
    {
        var p = SetupPayload.ParseManualCode(row["manual_code"], validate: false);
        Assert.True(p.HasShortDiscriminator);
        Assert.Equal(int.Parse(row["discriminator"].Substring("short:".Length)), p.Discriminator);
        Assert.Equal(long.Parse(row["passcode"]), p.Passcode);
        Assert.Equal((CommissioningFlow)int.Parse(row["commissioning_flow"]), p.CommissioningFlow);
        Assert.Null(p.DiscoveryCapabilities);
        if (row["manual_code_digits"] == "21")
        {
            Assert.Equal(((int)MatterVectors.Int(row["vendor_id"]), (int)MatterVectors.Int(row["product_id"])), (p.VendorId, p.ProductId));
        }
        if (MatterMfg.Commissioning.SetupPasscode.IsValid(p.Passcode))
        {
            Assert.Equal(p.Passcode, SetupPayload.ParseManualCode(row["manual_code"]).Passcode);
        }
        else
        {
            Assert.Equal("PasscodeInvalid", Assert.Throws<MfgException>(() => SetupPayload.ParseManualCode(row["manual_code"])).ErrorId);
        }
        _ = id;
    }

    [Theory]
    [MemberData(nameof(ParseQr))]
    public void Parses_the_QR_code(string id, Dictionary<string, string> row)
    {
        var p = SetupPayload.ParseQrCode(row["qr_code"], validate: false);
        Assert.Equal(((int)MatterVectors.Int(row["vendor_id"]), (int)MatterVectors.Int(row["product_id"])), (p.VendorId, p.ProductId));
        Assert.Equal((CommissioningFlow)int.Parse(row["commissioning_flow"]), p.CommissioningFlow);
        Assert.Equal((DiscoveryCapabilities)int.Parse(row["discovery_bitmask"]), p.DiscoveryCapabilities);
        Assert.Equal(int.Parse(row["discriminator"]), p.Discriminator);
        Assert.Equal(long.Parse(row["passcode"]), p.Passcode);
        bool valid = row["expected"] == "parse ok";
        if (valid)
        {
            Assert.Equal(p.Passcode, SetupPayload.ParseQrCode(row["qr_code"]).Passcode);
        }
        else
        {
            Assert.Equal("PasscodeInvalid", Assert.Throws<MfgException>(() => SetupPayload.ParseQrCode(row["qr_code"])).ErrorId);
        }
        _ = id;
    }

    private static readonly Dictionary<string, string> RejectParseErrors = new()
    {
        ["RP001"] = "PayloadVersionInvalid",
        ["RP002"] = "Base38ChunkOverflow",
        ["RP003"] = "Base38CharacterInvalid",
        ["RP004"] = "Base38LengthInvalid",
        ["RP005"] = "QrCodePrefixInvalid",
        ["RP006"] = "PasscodeInvalid",
        ["RP007"] = "PasscodeInvalid",
        ["RP008"] = "ManualCodeCheckDigitInvalid",
        ["RP010"] = "ManualCodeLengthInvalid",
        ["RP012"] = "ManualCodeLengthInvalid",
        ["RP013"] = "PasscodeInvalid",
        ["RP015"] = "ManualCodeLengthInvalid",
    };

    [Theory]
    [MemberData(nameof(RejectParse))]
    public void Rejects_every_malformed_code_with_a_precise_error(string id, Dictionary<string, string> row)
    {
        MfgException e = row["qr_code"].Length > 0
            ? Assert.Throws<MfgException>(() => QrCodePayload.Decode(row["qr_code"]))
            : Assert.Throws<MfgException>(() => SetupPayload.ParseManualCode(row["manual_code"]));
        Assert.Equal(RejectParseErrors[id], e.ErrorId);
        Assert.Matches(row["qr_code"].Length > 0 ? "^(QrCode|Passcode): " : "^(ManualCode|Passcode): ", e.Message);
        if (row["qr_code"].Length == 0 && row["manual_code"].Length == 0)
        {
            Assert.Equal("QrCodePrefixInvalid", Assert.Throws<MfgException>(() => SetupPayload.ParseQrCode("")).ErrorId);
        }
    }

    private static readonly Dictionary<string, string> RejectGenerateFields = new()
    {
        ["RG018"] = "Discriminator",
        ["RG019"] = "VendorId",
        ["RG020"] = "ProductId",
        ["RG021"] = "VendorId",
        ["RG023"] = "CommissioningFlow",
        ["RG024"] = "Version",
        ["RG025"] = "DiscoveryCapabilities",
        ["RG026"] = "Discriminator",
    };

    [Theory]
    [MemberData(nameof(RejectGenerate))]
    public void Refuses_to_generate_from_an_invalid_field_and_names_it(string id, Dictionary<string, string> row)
    {
        SetupPayload p = FromRow(row);
        string field = RejectGenerateFields.TryGetValue(id, out var f) ? f : "Passcode";
        var e = row["discovery_bitmask"].Length > 0
            ? Assert.Throws<MfgException>(() => p.ToQrCode())
            : Assert.Throws<MfgException>(() => p.ToManualCode());
        Assert.StartsWith(field + ": ", e.Message, StringComparison.Ordinal);
        Assert.Equal(field, e.Target);
    }

    internal static SetupPayload FromRow(Dictionary<string, string> row)
    {
        string disc = row["discriminator"];
        var p = new SetupPayload
        {
            Version = row["version"].Length > 0 ? int.Parse(row["version"]) : 0,
            VendorId = (int)MatterVectors.Int(row["vendor_id"]),
            ProductId = (int)MatterVectors.Int(row["product_id"]),
            CommissioningFlow = (CommissioningFlow)int.Parse(row["commissioning_flow"]),
            DiscoveryCapabilities = row["discovery_bitmask"].Length > 0 ? (DiscoveryCapabilities)int.Parse(row["discovery_bitmask"]) : null,
            HasShortDiscriminator = disc.StartsWith("short:", StringComparison.Ordinal),
            Discriminator = int.Parse(disc.StartsWith("short:", StringComparison.Ordinal) ? disc.Substring(6) : disc),
            Passcode = long.Parse(row["passcode"]),
        };
        if (row["tlv_hex"].Length > 0)
        {
            p.OptionalData.AddRange(SetupTlv.Decode(MatterVectors.Hex(row["tlv_hex"]), 0, row["tlv_hex"]));
        }
        return p;
    }

    private static void AssertManualParsesBack(SetupPayload p, string manual)
    {
        var m = SetupPayload.ParseManualCode(manual);
        Assert.Equal(p.ShortDiscriminator, m.Discriminator);
        Assert.Equal(p.Passcode, m.Passcode);
        Assert.Equal(manual.Length == 21, m.HasVendorProductInManualCode);
        if (manual.Length == 21)
        {
            Assert.Equal((p.VendorId, p.ProductId), (m.VendorId, m.ProductId));
        }
    }
}
