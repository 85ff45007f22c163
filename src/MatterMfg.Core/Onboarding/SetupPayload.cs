using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Text;

namespace MatterMfg.Onboarding;

/// <summary>
/// The onboarding payload a device's QR code and manual pairing code carry (connectedhomeip <c>SetupPayload</c>).
/// Fields are plain integers so that out-of-range input can be held and reported by <see cref="Validate"/> with the
/// field's name, rather than failing in a conversion.
/// </summary>
public sealed class SetupPayload
{
    public int Version { get; set; }

    public int VendorId { get; set; }

    public int ProductId { get; set; }

    public CommissioningFlow CommissioningFlow { get; set; }

    /// <summary>Required for a QR code; null when decoded from a manual code (which does not carry it).</summary>
    public DiscoveryCapabilities? DiscoveryCapabilities { get; set; }

    /// <summary>The 12-bit discriminator, or its 4-bit short form when <see cref="HasShortDiscriminator"/>.</summary>
    public int Discriminator { get; set; }

    /// <summary>True for a payload decoded from a manual code: only the top 4 bits of the discriminator are known.</summary>
    public bool HasShortDiscriminator { get; set; }

    public long Passcode { get; set; }

    /// <summary>The QR code's optional TLV data (serial number and vendor elements); never in a manual code.</summary>
    public List<SetupPayloadElement> OptionalData { get; } = new();

    /// <summary>The serial number element (tag 0x00) as text, or null.</summary>
    public string? SerialNumber
    {
        get
        {
            var e = OptionalData.FirstOrDefault(x => x.Tag == SetupPayloadElement.SerialNumberTag);
            return e == null ? null : System.Convert.ToString(e.Value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The 4-bit discriminator a manual code carries.</summary>
    public int ShortDiscriminator => HasShortDiscriminator ? Discriminator : Discriminator >> 8;

    /// <summary>True when the manual code is the 21-digit form with VID and PID (every flow except Standard).</summary>
    public bool HasVendorProductInManualCode => CommissioningFlow != CommissioningFlow.Standard;

    /// <summary>The <c>MT:</c> string, after the produce-mode checks of <see cref="Validate"/>.</summary>
    public string ToQrCode() => QrCodePayload.Encode(this);

    /// <summary>The 11 or 21 digits of the manual pairing code (no dashes), after the manual-code checks.</summary>
    public string ToManualCode() => ManualPairingCode.Encode(this, validate: true);

    /// <summary>Decodes a QR string (<c>MT:…</c>); with <paramref name="validate"/> the payload must also be valid (passcode rules).</summary>
    public static SetupPayload ParseQrCode(string text, bool validate = true) => QrCodePayload.DecodeSingle(text, validate);

    /// <summary>Decodes a manual pairing code (dashes and spaces ignored).</summary>
    public static SetupPayload ParseManualCode(string text, bool validate = true) => ManualPairingCode.Decode(text, validate);

    /// <summary>
    /// Checks the rules connectedhomeip applies. <paramref name="use"/> selects which: a QR code needs the discovery
    /// capabilities and a 12-bit discriminator; producing a code (not parsing one) also forbids unknown discovery bits, a
    /// vendor id outside 0 / 0x0001..0xFFF4 and product id 0 with a vendor id. Throws an error naming the field.
    /// </summary>
    public void Validate(PayloadCheck use)
    {
        bool qr = use == PayloadCheck.ProduceQrCode || use == PayloadCheck.ParsedQrCode;
        bool produce = use == PayloadCheck.ProduceQrCode || use == PayloadCheck.ProduceManualCode;
        if (Version != 0)
        {
            throw VersionInvalid(Version, "Version");
        }
        bool idsEncoded = qr || HasVendorProductInManualCode;
        if (idsEncoded)
        {
            NumberText.Check(VendorId, "VendorId", 0, 0xFFFF);
            NumberText.Check(ProductId, "ProductId", 0, 0xFFFF);
            if (produce && VendorId > 0xFFF4)
            {
                Fail(ErrorIds.VendorIdInvalid, "VendorId", $"{Hex(VendorId)} is not a valid vendor id (0, or 0x0001..0xFFF4).");
            }
            if (produce && ProductId == 0 && VendorId != 0)
            {
                Fail(ErrorIds.ProductIdInvalid, "ProductId", $"0 is only allowed with vendor id 0 (the vendor id is {Hex(VendorId)}).");
            }
        }
        if ((int)CommissioningFlow < 0 || (int)CommissioningFlow > 2)
        {
            throw CommissioningFlowInvalid((int)CommissioningFlow, "CommissioningFlow");
        }
        if (qr)
        {
            if (DiscoveryCapabilities is not { } d)
            {
                Fail(ErrorIds.DiscoveryCapabilitiesMissing, "DiscoveryCapabilities", "a QR code must say how the device is discovered (SoftAP 1, BLE 2, on-network 4, ...).");
            }
            else if ((int)d < 0 || (int)d > 0xFF || (produce && ((int)d & ~0x3F) != 0))
            {
                Fail(ErrorIds.DiscoveryCapabilitiesInvalid, "DiscoveryCapabilities",
                    $"0x{(int)d:X2} has unknown bits; valid are SoftAP 0x01, BLE 0x02, OnNetwork 0x04, WiFiPaf 0x08, NFC 0x10, Thread 0x20.");
            }
            if (HasShortDiscriminator)
            {
                Fail(ErrorIds.QrCodeShortDiscriminator, "Discriminator", "a QR code needs the full 12-bit discriminator; only the 4-bit short form is known.");
            }
        }
        NumberText.Check(Discriminator, HasShortDiscriminator ? "Discriminator (short, 4 bits)" : "Discriminator", 0, HasShortDiscriminator ? 15 : SetupDiscriminator.Max);
        SetupPasscode.Check(Passcode);
        if (qr)
        {
            SetupTlv.Validate(OptionalData);
        }
    }

    internal static string Hex(long v) => v < 0 ? v.ToString(CultureInfo.InvariantCulture) : "0x" + v.ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>The one wording of <see cref="ErrorIds.PayloadVersionInvalid"/>: <c>&lt;field&gt;: payload version N is not supported; the only payload version is 0.</c></summary>
    public static MfgException VersionInvalid(int version, string field, object? target = null) =>
        new(ErrorIds.PayloadVersionInvalid, MfgErrorKind.InvalidArgument, $"{field}: payload version {version} is not supported; the only payload version is 0.", target ?? field);

    /// <summary>The one wording of <see cref="ErrorIds.CommissioningFlowInvalid"/>: <c>&lt;field&gt;: N is not a commissioning flow (0 Standard, 1 UserIntent, 2 Custom).</c></summary>
    public static MfgException CommissioningFlowInvalid(long flow, string field) =>
        new(ErrorIds.CommissioningFlowInvalid, MfgErrorKind.InvalidArgument, $"{field}: {flow} is not a commissioning flow (0 Standard, 1 UserIntent, 2 Custom).", field);

    private static void Fail(string errorId, string field, string reason) =>
        throw new MfgException(errorId, MfgErrorKind.InvalidArgument, $"{field}: {reason}", field);
}

/// <summary>Which rules <see cref="SetupPayload.Validate"/> applies.</summary>
public enum PayloadCheck
{
    /// <summary>Generating a QR code (connectedhomeip produce mode).</summary>
    ProduceQrCode,
    /// <summary>Generating a manual pairing code.</summary>
    ProduceManualCode,
    /// <summary>A decoded QR code (consume mode: unknown discovery bits and any vendor id are accepted).</summary>
    ParsedQrCode,
    /// <summary>A decoded manual code.</summary>
    ParsedManualCode,
}
