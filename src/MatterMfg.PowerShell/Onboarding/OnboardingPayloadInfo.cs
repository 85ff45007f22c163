using System.Collections.Generic;
using MatterMfg.Onboarding;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>What Get-MatterOnboardingPayload writes: the codes and the fields they hold.</summary>
public sealed class OnboardingPayloadInfo
{
    /// <summary>The extra type name of a payload decoded from a manual code, which selects its table view.</summary>
    public const string ManualCodeTypeName = "MatterMfg.PowerShell.Onboarding.OnboardingPayloadInfo#ManualCode";

    /// <summary>The QR code text (MT:...); null for a payload decoded from a manual code, which lacks the fields a QR code needs.</summary>
    public string? QrCode { get; set; }

    /// <summary>The manual pairing code digits (11 or 21, no dashes).</summary>
    public string? ManualCode { get; set; }

    /// <summary>The manual code as esp-matter-mfg-tool prints it (dashes; a line feed between the halves of a 21-digit code).</summary>
    public string? ManualCodeFormatted { get; set; }

    public int VendorId { get; set; }

    public int ProductId { get; set; }

    public CommissioningFlow CommissioningFlow { get; set; }

    /// <summary>Null when decoded from a manual code.</summary>
    public DiscoveryCapabilities? DiscoveryCapabilities { get; set; }

    /// <summary>The 12-bit discriminator, or the 4-bit short one (see HasShortDiscriminator).</summary>
    public int Discriminator { get; set; }

    public bool HasShortDiscriminator { get; set; }

    public long Passcode { get; set; }

    /// <summary>The serial number in the QR code's optional data, if any.</summary>
    public string? SerialNumber { get; set; }

    /// <summary>All optional data elements of the QR code.</summary>
    public IReadOnlyList<SetupPayloadElement> OptionalData { get; set; } = new List<SetupPayloadElement>();

    /// <summary>The image written with -QrImagePath.</summary>
    public string? QrImagePath { get; set; }

    internal static OnboardingPayloadInfo From(SetupPayload p, string? qr, string? manual) => new()
    {
        QrCode = qr,
        ManualCode = manual,
        ManualCodeFormatted = manual == null ? null : ManualPairingCode.Format(manual),
        VendorId = p.VendorId,
        ProductId = p.ProductId,
        CommissioningFlow = p.CommissioningFlow,
        DiscoveryCapabilities = p.DiscoveryCapabilities,
        Discriminator = p.Discriminator,
        HasShortDiscriminator = p.HasShortDiscriminator,
        Passcode = p.Passcode,
        SerialNumber = p.SerialNumber,
        OptionalData = p.OptionalData.ToArray(),
    };
}
