namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A ledger cannot take another ledger's history: a device, serial number or DAC serial is in both. Fix: copy into an empty ledger, or only the devices it does not have.</summary>
    public const string LedgerImportConflict = nameof(LedgerImportConflict);

    /// <summary>The PostgreSQL connection string (or postgres:// URL) given as -Manifest is malformed. Fix: use Host=...;Database=...;Username=... or postgres://user@host:5432/db.</summary>
    public const string LedgerConnectionStringInvalid = nameof(LedgerConnectionStringInvalid);

    /// <summary>The PostgreSQL ledger cannot be reached or refused the login. Fix: check host, port, database and user; give the password through PGPASSWORD, -ManifestCredential or the connection string.</summary>
    public const string LedgerConnectionFailed = nameof(LedgerConnectionFailed);

    /// <summary>The ledger's tables do not exist and this user may not create them. Fix: have a DBA run Initialize-MatterManifest (or mattermfg --manifest-init), or the SQL from Initialize-MatterManifest -Script.</summary>
    public const string LedgerSchemaMissing = nameof(LedgerSchemaMissing);

    /// <summary>The ledger's schema was made by a newer MatterMfg than this one. Fix: update MatterMfg on this station.</summary>
    public const string LedgerSchemaTooNew = nameof(LedgerSchemaTooNew);

    /// <summary>This run lost its lease (its database connection dropped) and another run took its device over. Fix: nothing was recorded for that device; run the same command again to finish the batch.</summary>
    public const string LedgerLeaseLost = nameof(LedgerLeaseLost);

    /// <summary>The PostgreSQL ledger refused or failed a statement. Fix: the message gives the server's reason (permissions, disk, connection lost); run again once it is fixed.</summary>
    public const string LedgerQueryFailed = nameof(LedgerQueryFailed);
}
