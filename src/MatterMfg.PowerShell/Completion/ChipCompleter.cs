using System.Collections;
using System.Collections.Generic;
using System.Linq;
using MatterMfg.Esp;

namespace MatterMfg.PowerShell.Completion;

/// <summary>-Target: the chips the loader knows, as esp-matter-mfg-tool's --target spells them (esp32, esp32c3, ...).</summary>
public sealed class ChipCompleter : ValueCompleter
{
    protected override IEnumerable<(string Value, string Meaning)> Values(string commandName, IDictionary boundParameters) =>
        EspChipDefinition.All.Select(c => (c.Name.Replace("-", "").ToLowerInvariant(), c.Name));
}
