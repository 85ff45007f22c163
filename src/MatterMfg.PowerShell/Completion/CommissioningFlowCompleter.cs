using System.Collections;
using System.Collections.Generic;

namespace MatterMfg.PowerShell.Completion;

/// <summary>-CommissioningFlow: 0, 1, 2 with what each means for the device and its manual code.</summary>
public sealed class CommissioningFlowCompleter : ValueCompleter
{
    protected override IEnumerable<(string Value, string Meaning)> Values(string commandName, IDictionary boundParameters) => new[]
    {
        ("0", "Standard: commissionable when powered on; 11-digit manual code"),
        ("1", "User intent: commissionable after a user action; 21-digit manual code"),
        ("2", "Custom: the vendor's own steps; 21-digit manual code"),
    };
}
