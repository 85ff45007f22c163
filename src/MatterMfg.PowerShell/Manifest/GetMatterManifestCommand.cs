using System.Linq;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Manifest;

/// <summary>Lists the devices recorded in a device manifest, with their state and history.</summary>
/// <remarks>
/// <para>A manifest is the append-only log that New-MatterFactoryImage -Manifest, Write-EspPartition -Manifest and
/// Test-MatterFactoryImage -Manifest keep: one entry per device with its id, serial number, VID/PID, discriminator,
/// DAC serial and SHA-256 fingerprint, output paths and its state (Reserved, Generated, Flashed, Verified, Failed) with
/// the port, station and times of each step. It never holds passcodes or keys.</para>
/// <para>-Path is a manifest file or a PostgreSQL ledger (a connection string); both list the same objects.
/// Reading takes the manifest's lock briefly, so it is safe while a batch or a station is writing to it.
/// A damaged record stops the command with a ManifestCorrupt error naming the line.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-MatterManifest -Path .\line1.manifest -State Generated</code>
/// <para>Lists the devices generated but not yet flashed.</para>
/// </example>
/// <example>
/// <code>PS> Get-MatterManifest .\line1.manifest -SerialNumber ACME-000042 | Select-Object -ExpandProperty History</code>
/// <para>Shows every event recorded for one device.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "MatterManifest")]
[OutputType(typeof(ManifestDevice))]
public sealed class GetMatterManifestCommand : MatterMfgCmdlet
{
    /// <summary>The ledger: a manifest file, or a PostgreSQL connection string (Host=...;Database=...) or postgres:// URL.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Manifest")]
    public string Path { get; set; } = "";

    /// <summary>The user and password for a PostgreSQL ledger (else the connection string's, or PGPASSWORD).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ManifestCredential { get; set; }

    /// <summary>Only devices in these states.</summary>
    [Parameter]
    public DeviceState[]? State { get; set; }

    /// <summary>Only the devices with these serial numbers (wildcards allowed).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? SerialNumber { get; set; }

    /// <summary>Only the devices with these ids.</summary>
    [Parameter]
    public string[]? DeviceId { get; set; }

    protected override void ProcessRecordCore()
    {
        try
        {
            using var store = OpenLedger(Path, ManifestCredential, mustExist: true);
            var snapshot = store.Read();
            foreach (string w in snapshot.Warnings)
            {
                WriteWarning(w);
            }
            var patterns = SerialNumber?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
            foreach (var device in snapshot.Devices)
            {
                if ((State == null || State.Contains(device.State))
                    && (DeviceId == null || DeviceId.Contains(device.DeviceId))
                    && (patterns == null || (device.SerialNumber != null && patterns.Any(p => p.IsMatch(device.SerialNumber)))))
                {
                    WriteObject(device);
                }
            }
        }
        catch (MfgException e)
        {
            WriteItemError(e);
        }
    }
}
