using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Ledger;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Manifest;

/// <summary>Creates (or brings up to date) the tables of a PostgreSQL device ledger, or prints their SQL for a DBA.</summary>
/// <remarks>
/// <para>Stations create the ledger's tables themselves on first use when their database user may. Where only a DBA
/// may create tables, the DBA runs this command once with an owner's login, or runs the SQL that -Script prints
/// (schema version, tables, the unique constraints on device id, serial number, DAC serial and batch slot, and the
/// trigger that keeps the history append-only), then grants the stations' user SELECT, INSERT and UPDATE on the
/// tables and USAGE on the history sequence. The tables go into the connection's schema (its search path).</para>
/// <para>Running it again is safe: it applies only the schema versions the ledger does not have yet, one station
/// at a time (an advisory lock). A ledger made by a newer MatterMfg is refused (LedgerSchemaTooNew).</para>
/// </remarks>
/// <example>
/// <code>PS> Initialize-MatterManifest -Manifest 'Host=db01;Database=factory;Username=mfg_owner' -ManifestCredential (Get-Credential mfg_owner)</code>
/// <para>Creates the ledger's tables in the factory database.</para>
/// </example>
/// <example>
/// <code>PS> Initialize-MatterManifest -Script | Set-Content ledger-schema.sql</code>
/// <para>Writes the SQL for a DBA to review and run by hand.</para>
/// </example>
[Cmdlet(VerbsData.Initialize, "MatterManifest", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetLedger)]
[OutputType(typeof(LedgerSchemaInfo), ParameterSetName = new[] { ParameterSetLedger })]
[OutputType(typeof(string), ParameterSetName = new[] { ParameterSetScript })]
public sealed class InitializeMatterManifestCommand : MatterMfgCmdlet
{
    public const string ParameterSetLedger = "Ledger";
    public const string ParameterSetScript = "Script";

    /// <summary>The PostgreSQL ledger: a connection string (Host=...;Database=...) or postgres:// URL.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSetLedger)]
    public string Manifest { get; set; } = "";

    /// <summary>The user and password to create the tables with (else the connection string's, or PGPASSWORD).</summary>
    [Parameter(ParameterSetName = ParameterSetLedger)]
    [Credential]
    public PSCredential? ManifestCredential { get; set; }

    /// <summary>Print the SQL that creates the current schema instead of connecting.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetScript)]
    public SwitchParameter Script { get; set; }

    protected override void EndProcessingCore()
    {
        if (Script)
        {
            WriteObject(LedgerSchema.Script());
            return;
        }
        try
        {
            DeviceLedger.RequireDatabase(Manifest);
            var connection = LedgerConnection.Parse(Manifest, ManifestCredential?.GetNetworkCredential());
            if (!ShouldProcess(connection.Display, $"Create or migrate the device ledger's tables to schema version {LedgerSchema.CurrentVersion}"))
            {
                return;
            }
            var applied = DeviceLedger.Initialize(Manifest, ManifestCredential?.GetNetworkCredential());
            WriteObject(new LedgerSchemaInfo(connection.Display, LedgerSchema.CurrentVersion, applied));
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }
}
