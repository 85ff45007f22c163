namespace MatterMfg.Onboarding;

/// <summary>The onboarding codes of one device in the shape the factory writes them (onb_codes.csv and -qrcode.png).</summary>
public static class OnboardingCodes
{
    /// <summary>
    /// The QR string and the manual code digits (11, or 21 for a non-standard flow; no dashes) for a device without
    /// optional data, as esp-matter-mfg-tool computes them. Thread-safe.
    /// </summary>
    public static (string QrCode, string ManualCode) Generate(ushort vendorId, ushort productId, int flow, int discovery, ushort discriminator, uint passcode)
    {
        var payload = new SetupPayload
        {
            VendorId = vendorId,
            ProductId = productId,
            CommissioningFlow = (CommissioningFlow)flow,
            DiscoveryCapabilities = (DiscoveryCapabilities)discovery,
            Discriminator = discriminator,
            Passcode = passcode,
        };
        return (payload.ToQrCode(), payload.ToManualCode());
    }

    /// <summary>The QR image as the reference writes it: PNG, error correction M, 6 px per module, 4-module quiet zone.</summary>
    public static byte[] QrPng(string qrCode) => QrImage.Png(qrCode);
}
