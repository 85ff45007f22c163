namespace MatterMfg.Factory;

/// <summary>Whether a device was made by this run or found already made (in the manifest) by an earlier one.</summary>
public enum FactoryDeviceStatus
{
    /// <summary>Made by this run.</summary>
    Generated,
    /// <summary>Made by an earlier run of the same manifest batch; its files were found on disk and it was not made again.</summary>
    AlreadyGenerated,
}

/// <summary>
/// One finished device: where its files are and what the label printer needs. New-MatterFactoryImage writes these to
/// the pipeline; Write-EspPartition, Test-MatterFactoryImage and the manifest cmdlets bind their properties by name.
/// </summary>
public sealed class FactoryDevice
{
    /// <summary>The device folder name and DAC common name (a UUID unless the input named one).</summary>
    public string DeviceId { get; set; } = "";

    public string? SerialNumber { get; set; }

    public int VendorId { get; set; }

    public int ProductId { get; set; }

    /// <summary>The setup passcode; null with the dynamic passcode.</summary>
    public uint? Passcode { get; set; }

    public ushort Discriminator { get; set; }

    /// <summary>The QR payload (<c>MT:…</c>); null with the dynamic passcode.</summary>
    public string? QrCode { get; set; }

    /// <summary>The manual code as printed (dashes; a line feed between the two halves of a 21-digit code).</summary>
    public string? ManualCode { get; set; }

    public string? PartitionPath { get; set; }

    public string? KeysPartitionPath { get; set; }

    public string? SecureCertPath { get; set; }

    public string? DacPath { get; set; }

    public string? QrCodePath { get; set; }

    public string? OnboardingCodesPath { get; set; }

    public string? OutputFolder { get; set; }

    public FactoryDeviceStatus Status { get; set; }

    /// <summary>The manifest the device is recorded in; null when the run had none.</summary>
    public string? Manifest { get; set; }

    /// <summary>1-based input row (or slot) the device was made for.</summary>
    public int RowNumber { get; set; }
}
