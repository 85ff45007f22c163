using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;

namespace MatterMfg.PowerShell.Completion;

/// <summary>
/// Partition labels: those of -PartitionTable (a partitions.csv or table .bin) when it is on the command line and can be
/// read, otherwise the labels of a Matter app's usual table.
/// </summary>
public sealed class PartitionLabelCompleter : ValueCompleter
{
    private static readonly (string Value, string Meaning)[] Usual =
    {
        ("fctry", "factory NVS partition (New-MatterFactoryImage)"),
        ("nvs_keys", "NVS keys partition, for an encrypted factory partition"),
        ("esp_secure_cert", "secure-cert partition (DAC in secure cert)"),
        ("nvs", "the app's NVS partition"),
        ("otadata", "OTA data"),
        ("phy_init", "PHY calibration data"),
    };

    protected override IEnumerable<(string Value, string Meaning)> Values(string commandName, IDictionary boundParameters)
    {
        object? table = boundParameters["PartitionTable"];
        string? path = (table is PSObject p ? p.BaseObject : table) as string;
        if (string.IsNullOrEmpty(path))
        {
            return Usual;
        }
        try
        {
            var partitions = EspPartitionTable.Load(Resolve(path!), EspPartitionTable.DefaultOffset).Partitions;
            return partitions.Select(x => (x.Label, $"{x.TypeName}/{x.SubtypeName} at 0x{x.Offset:X}, 0x{x.Size:X} bytes"));
        }
        catch (MfgException)
        {
            // A table that cannot be read (yet): completion offers the usual labels; running the command reports why.
            return Usual;
        }
    }

    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }
        // The completer runs inside the session that is completing: ask it where it is (not the process's directory).
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddScript("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath");
        string? here = ps.Invoke<string>().FirstOrDefault();
        return Path.Combine(string.IsNullOrEmpty(here) ? Environment.CurrentDirectory : here!, path);
    }
}
