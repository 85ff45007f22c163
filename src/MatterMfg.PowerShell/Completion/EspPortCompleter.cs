using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using MatterMfg.Esp;

namespace MatterMfg.PowerShell.Completion;

/// <summary>-Port: the ports this computer has (Get-EspSerialPort), matched anywhere in the name (USB0 finds /dev/ttyUSB0).</summary>
public sealed class EspPortCompleter : ValueCompleter
{
    protected override IEnumerable<(string Value, string Meaning)> Values(string commandName, IDictionary boundParameters) =>
        EspPorts.List().Select(p => (p.Name,
            string.Join(" ", new[] { p.VidPid, p.Description }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } usb ? usb : "serial port"));

    protected override bool Matches(string value, string typed) => value.IndexOf(typed, StringComparison.OrdinalIgnoreCase) >= 0;
}
