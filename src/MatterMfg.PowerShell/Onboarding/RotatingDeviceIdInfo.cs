namespace MatterMfg.PowerShell.Onboarding;

/// <summary>What Get-MatterRotatingDeviceId writes.</summary>
public sealed class RotatingDeviceIdInfo
{
    /// <summary>The rotating-device-id unique id, lower-case hex as in rd-id-uid.</summary>
    public string UniqueId { get; set; } = "";

    public int LifetimeCounter { get; set; }

    /// <summary>The 18-byte id the device advertises, upper-case hex as connectedhomeip logs it.</summary>
    public string RotatingDeviceId { get; set; } = "";

    /// <summary>The additional-data payload TLV carrying it, upper-case hex.</summary>
    public string AdditionalDataPayload { get; set; } = "";
}
