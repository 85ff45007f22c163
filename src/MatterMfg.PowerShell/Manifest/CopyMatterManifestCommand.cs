using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Manifest;

/// <summary>Copies a device ledger into another: a manifest file into a PostgreSQL ledger, or a PostgreSQL ledger into a file.</summary>
/// <remarks>
/// <para>Every device and every event of its history is copied in one all-or-nothing step, with its original time, run,
/// station and port, so the destination answers Get-MatterManifest exactly as the source did. The destination may
/// already hold other devices; a device, serial number or DAC serial that is in both stops the copy before anything is
/// written (LedgerImportConflict). A PostgreSQL destination gets its tables on first use; a file destination is created
/// when missing. The source is left as it was.</para>
/// <para>Either side is a path or a connection string (Host=...;Database=... or postgres://...). Passwords come from
/// -ManifestCredential / -DestinationCredential, the connection string, or PGPASSWORD, and are never shown.</para>
/// </remarks>
/// <example>
/// <code>PS> Copy-MatterManifest -Path .\line1.manifest -Destination 'Host=db01;Database=factory;Username=mfg' -DestinationCredential (Get-Credential mfg)</code>
/// <para>Moves one station's file manifest into the factory's shared PostgreSQL ledger.</para>
/// </example>
/// <example>
/// <code>PS> Copy-MatterManifest -Path postgres://mfg@db01/factory -Destination .\backup-2026-12-02.manifest</code>
/// <para>Writes the whole PostgreSQL ledger to a manifest file (a portable backup, readable with no server).</para>
/// </example>
[Cmdlet(VerbsCommon.Copy, "MatterManifest", SupportsShouldProcess = true)]
[OutputType(typeof(ManifestCopyResult))]
public sealed class CopyMatterManifestCommand : MatterMfgCmdlet
{
    /// <summary>The ledger to copy from: a manifest file or a PostgreSQL connection string.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Manifest")]
    public string Path { get; set; } = "";

    /// <summary>The ledger to copy into: a manifest file (created when missing) or a PostgreSQL connection string.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Destination { get; set; } = "";

    /// <summary>The user and password for a PostgreSQL source (else the connection string's, or PGPASSWORD).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ManifestCredential { get; set; }

    /// <summary>The user and password for a PostgreSQL destination (else the connection string's, or PGPASSWORD).</summary>
    [Parameter]
    [Credential]
    public PSCredential? DestinationCredential { get; set; }

    protected override void EndProcessingCore()
    {
        try
        {
            using var source = OpenLedger(Path, ManifestCredential, mustExist: true);
            using var destination = OpenLedger(Destination, DestinationCredential);
            if (!ShouldProcess(destination.Location, $"Copy the devices and history of '{source.Location}'"))
            {
                return;
            }
            WriteObject(ManifestCopy.Copy(source, destination));
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }
}
