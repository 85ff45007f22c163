using System.Collections.Generic;
using System.Text;

namespace MatterMfg.Ledger;

/// <summary>
/// The PostgreSQL ledger's tables, versioned. A ledger is created (or brought to <see cref="CurrentVersion"/>) on first
/// use when the user may create tables; a DBA can instead run <see cref="Script"/> by hand (Initialize-MatterManifest
/// -Script prints it). Tables live in the connection's schema (its search path), so one database can hold several ledgers.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>mattermfg_devices</c>: one row per device, its current state. The database enforces the ledger's
/// promises: primary key on the device id, unique serial number, unique DAC serial (case-insensitive), unique (batch, slot).</item>
/// <item><c>mattermfg_history</c>: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE); one row per event with
/// who (database user, OS user), which station and host, which port, and when (server clock).</item>
/// <item><c>mattermfg_counters</c>: the last counter issued per serial-number template.</item>
/// <item><c>mattermfg_runs</c>: every run that wrote, with its lease key: the run holds a session advisory lock on that
/// key while it lives, so the lock ends with its connection (a killed process, a station off the network).</item>
/// <item><c>mattermfg_schema</c>: the versions applied.</item>
/// </list>
/// </remarks>
public static class LedgerSchema
{
    /// <summary>The schema version this MatterMfg writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Serializes schema creation and migration between stations starting at once (a transaction advisory lock).</summary>
    internal const long MigrationLockKey = 0x4D61_7474_6572_4D66; // "MatterMf"

    /// <summary>What a device row and a history row both hold: the fields of a manifest record.</summary>
    private const string RecordColumns = @"
    batch           text,
    slot            integer,
    serial_number   text,
    counter         bigint,
    serial_template text,
    vendor_id       integer,
    product_id      integer,
    discriminator   integer,
    dac_serial      text,
    dac_sha256      text,
    output_folder   text,
    partition_path  text,
    port            text,
    station         text,
    detail          text,
";

    internal static readonly IReadOnlyList<string> Migrations = new[]
    {
        // Version 1. A shipped version never changes (RecordColumns included): later changes are new versions.
        @"
CREATE TABLE mattermfg_schema (
    version     integer PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    applied_by  text NOT NULL DEFAULT session_user
);
CREATE TABLE mattermfg_devices (
    device_id       text PRIMARY KEY,
    state           text NOT NULL CHECK (state IN ('Reserved', 'Generated', 'Flashed', 'Verified', 'Failed')),
    run_id          text NOT NULL,
" + RecordColumns + @"    reserved_at     timestamptz,
    generated_at    timestamptz,
    flashed_at      timestamptz,
    verified_at     timestamptz,
    CONSTRAINT mattermfg_devices_slot UNIQUE (batch, slot),
    CONSTRAINT mattermfg_devices_serial UNIQUE (serial_number)
);
CREATE UNIQUE INDEX mattermfg_devices_dac_serial ON mattermfg_devices (upper(dac_serial));
CREATE TABLE mattermfg_history (
    seq             bigserial PRIMARY KEY,
    time            timestamptz NOT NULL DEFAULT clock_timestamp(),
    state           text NOT NULL CHECK (state IN ('Reserved', 'Generated', 'Flashed', 'Verified', 'Failed')),
    device_id       text NOT NULL REFERENCES mattermfg_devices (device_id),
    run_id          text NOT NULL,
" + RecordColumns + @"    db_user         text NOT NULL DEFAULT session_user,
    os_user         text,
    host            text
);
CREATE INDEX mattermfg_history_device ON mattermfg_history (device_id, seq);
CREATE FUNCTION mattermfg_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'mattermfg_history is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER mattermfg_history_no_change BEFORE UPDATE OR DELETE ON mattermfg_history
    FOR EACH ROW EXECUTE FUNCTION mattermfg_history_append_only();
CREATE TRIGGER mattermfg_history_no_truncate BEFORE TRUNCATE ON mattermfg_history
    FOR EACH STATEMENT EXECUTE FUNCTION mattermfg_history_append_only();
CREATE TABLE mattermfg_counters (
    template  text PRIMARY KEY,
    last      bigint NOT NULL
);
CREATE TABLE mattermfg_runs (
    run_id      text PRIMARY KEY,
    lease_a     integer NOT NULL,
    lease_b     integer NOT NULL,
    station     text,
    host        text,
    os_user     text,
    db_user     text NOT NULL DEFAULT session_user,
    process_id  integer,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
",
    };

    /// <summary>The SQL that creates the current schema from nothing, for a DBA to review and run by hand.</summary>
    public static string Script()
    {
        var sb = new StringBuilder();
        sb.AppendLine("-- MatterMfg device ledger, schema version " + CurrentVersion + ".");
        sb.AppendLine("-- Run in the database (and schema, via search_path) that stations name in -Manifest. Stations need");
        sb.AppendLine("-- SELECT, INSERT, UPDATE on the tables and USAGE on the sequence; history is append-only by trigger.");
        sb.AppendLine("BEGIN;");
        for (int v = 1; v <= Migrations.Count; v++)
        {
            sb.AppendLine(Migrations[v - 1].Trim());
            sb.AppendLine($"INSERT INTO mattermfg_schema (version) VALUES ({v});");
        }
        sb.AppendLine("COMMIT;");
        return sb.ToString();
    }
}
