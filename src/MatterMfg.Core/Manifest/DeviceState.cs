namespace MatterMfg.Manifest;

/// <summary>Where a device is in its life on the line. States only move forward, except <see cref="Failed"/>.</summary>
public enum DeviceState
{
    /// <summary>Its identity (device id, serial number) is allocated to a run; its files may not exist yet.</summary>
    Reserved,
    /// <summary>Its factory data is complete on disk.</summary>
    Generated,
    /// <summary>Its partitions were written to a board and read back.</summary>
    Flashed,
    /// <summary>The end-of-line check passed on the board or image.</summary>
    Verified,
    /// <summary>A step failed; the record's detail says which and why.</summary>
    Failed,
}
