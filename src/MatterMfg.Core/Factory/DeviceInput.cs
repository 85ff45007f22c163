using System.Collections.Generic;

namespace MatterMfg.Factory;

/// <summary>
/// What one input row gives for one device (a pipeline row, a per-device CSV record, or the single-device options of the
/// command line). Null members are drawn at random or taken from the shared options. Text values are parsed strictly
/// and a bad one fails this device only, naming <see cref="RowNumber"/> and the field.
/// </summary>
public sealed class DeviceInput
{
    /// <summary>1-based row number used in error messages.</summary>
    public int RowNumber { get; set; }

    public string? DeviceId { get; set; }

    public string? Passcode { get; set; }

    public string? Discriminator { get; set; }

    /// <summary>Base64.</summary>
    public string? Salt { get; set; }

    /// <summary>Base64; checked against the passcode, salt and iteration count.</summary>
    public string? Verifier { get; set; }

    public string? IterationCount { get; set; }

    public string? SerialNumber { get; set; }

    /// <summary>32 hex characters.</summary>
    public string? RotatingDeviceIdUniqueId { get; set; }

    /// <summary>
    /// The device was reserved by a run that died before recording it: a folder already under its device id is that run's
    /// unrecorded output and is replaced.
    /// </summary>
    public bool ReplaceExisting { get; set; }

    /// <summary>Values of the extra schema keys by key name (a per-device CSV record or the row's other columns).</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; set; }
}
