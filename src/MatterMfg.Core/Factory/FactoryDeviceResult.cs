using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>One device of a run: where its files are and what the label printer needs, or why it failed.</summary>
public sealed class FactoryDeviceResult
{
    /// <summary>0-based input position.</summary>
    public int Index { get; set; }

    /// <summary>1-based input row number.</summary>
    public int RowNumber { get; set; }

    public string DeviceId { get; set; } = "";

    public string? SerialNumber { get; set; }

    public int VendorId { get; set; }

    public int ProductId { get; set; }

    public uint? Passcode { get; set; }

    public ushort Discriminator { get; set; }

    public string? QrCode { get; set; }

    /// <summary>The manual code as printed (dashes; a line feed between the two halves of a 21-digit code).</summary>
    public string? ManualCode { get; set; }

    public string? OutputFolder { get; set; }

    public string? PartitionPath { get; set; }

    public string? KeysPartitionPath { get; set; }

    public string? SecureCertPath { get; set; }

    public string? DacPath { get; set; }

    public string? QrCodePath { get; set; }

    public string? OnboardingCodesPath { get; set; }

    /// <summary>The DAC (DER) when the run has attestation; for manifests (serial, fingerprint).</summary>
    public byte[]? DacCertificateDer { get; set; }

    /// <summary>Set when this device failed; nothing of it was left on disk.</summary>
    public MfgException? Error { get; set; }

    internal string? MasterRow { get; set; }

    internal string? SummaryRow { get; set; }

    internal string? CnDacsRow { get; set; }
}
