namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>The manifest already records a device with this DAC serial number. Fix: this DAC was issued before; issue a new one.</summary>
    public const string DacSerialInUse = nameof(DacSerialInUse);

    /// <summary>A manifest line is damaged (not a record, a bad checksum, or a sequence gap). Fix: restore the manifest from its backup; the message names the line.</summary>
    public const string ManifestCorrupt = nameof(ManifestCorrupt);

    /// <summary>The manifest has no device with that id. Fix: check the device id (Get-MatterManifest lists them).</summary>
    public const string ManifestDeviceNotFound = nameof(ManifestDeviceNotFound);

    /// <summary>The manifest already records a device with this serial number. Fix: give another serial number.</summary>
    public const string SerialNumberInUse = nameof(SerialNumberInUse);
}
