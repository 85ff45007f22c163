using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace MatterMfg.PowerShell.Completion;

/// <summary>
/// -DiscoveryMode / -DiscoveryCapabilities: the discovery bitmask values. New-MatterFactoryImage takes what
/// esp-matter-mfg-tool takes (2, 4, 6); Get-MatterOnboardingPayload takes any capability bit a QR code can carry.
/// </summary>
public sealed class DiscoveryModeCompleter : ValueCompleter
{
    private static readonly (string Value, string Meaning)[] Factory =
    {
        ("2", "BLE (the default)"),
        ("4", "On-network"),
        ("6", "BLE and on-network"),
    };

    private static readonly (string Value, string Meaning)[] MoreBits =
    {
        ("1", "SoftAP"),
        ("8", "Wi-Fi PAF"),
        ("16", "NFC"),
        ("32", "Thread"),
    };

    protected override IEnumerable<(string Value, string Meaning)> Values(string commandName, IDictionary boundParameters) =>
        commandName.Equals("New-MatterFactoryImage", StringComparison.OrdinalIgnoreCase)
            ? Factory
            : Factory.Concat(MoreBits).OrderBy(v => int.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture));
}
