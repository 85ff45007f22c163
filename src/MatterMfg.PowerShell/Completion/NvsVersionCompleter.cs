using System.Collections;
using System.Collections.Generic;

namespace MatterMfg.PowerShell.Completion;

/// <summary>-Version of an NVS partition: the two formats ESP-IDF reads.</summary>
public sealed class NvsVersionCompleter : ValueCompleter
{
    protected override IEnumerable<(string Value, string Meaning)> Values(string commandName, IDictionary boundParameters) => new[]
    {
        ("2", "multi-page blobs, ESP-IDF v4+ (the default)"),
        ("1", "single-page blobs, for ESP-IDF before v4"),
    };
}
