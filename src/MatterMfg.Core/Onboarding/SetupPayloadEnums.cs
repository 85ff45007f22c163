using System;

namespace MatterMfg.Onboarding;

/// <summary>How a device enters commissioning (QR bits 35–36).</summary>
public enum CommissioningFlow
{
    /// <summary>Commissionable as soon as it is powered.</summary>
    Standard = 0,
    /// <summary>The user must act on the device first (the manual code then carries VID/PID).</summary>
    UserIntent = 1,
    /// <summary>A vendor-specific procedure, looked up through the DCL.</summary>
    Custom = 2,
}

/// <summary>The transports a device can be discovered on (QR bits 37–44).</summary>
[Flags]
public enum DiscoveryCapabilities
{
    None = 0,
    SoftAP = 0x01,
    Ble = 0x02,
    OnNetwork = 0x04,
    WiFiPaf = 0x08,
    Nfc = 0x10,
    Thread = 0x20,
}
