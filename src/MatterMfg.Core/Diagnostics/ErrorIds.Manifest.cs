namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A serial number given for a device is already issued to another device in the ledger. Fix: give an unused serial number, or leave it out and let -SerialNumberFormat number the device.</summary>
    public const string SerialNumberInUse = nameof(SerialNumberInUse);

    /// <summary>A DAC's serial number is already recorded for another device in the ledger (two DACs must never share one). Fix: issue the DAC again; check the PAI's issuing tool if this repeats.</summary>
    public const string DacSerialInUse = nameof(DacSerialInUse);

    /// <summary>A device id given for a new device (an input row's DeviceId) is already in the ledger for another slot. Fix: give each row its own device id, or leave DeviceId empty.</summary>
    public const string DeviceIdInUse = nameof(DeviceIdInUse);

    /// <summary>A device id named for a state change is not in the ledger. Fix: pass the DeviceId New-MatterFactoryImage reported, against the ledger that made it.</summary>
    public const string ManifestDeviceNotFound = nameof(ManifestDeviceNotFound);

    /// <summary>A record of the manifest file is damaged (bad checksum or malformed) before its end. Fix: restore the file from a backup, or move the named line out after checking it.</summary>
    public const string ManifestCorrupt = nameof(ManifestCorrupt);
}
