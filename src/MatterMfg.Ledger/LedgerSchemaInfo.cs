using System.Collections.Generic;

namespace MatterMfg.Ledger;

/// <summary>A PostgreSQL ledger's schema after Initialize-MatterManifest: its version and what this call applied.</summary>
public sealed class LedgerSchemaInfo
{
    public LedgerSchemaInfo(string ledger, int schemaVersion, IReadOnlyList<int> applied)
    {
        Ledger = ledger;
        SchemaVersion = schemaVersion;
        Applied = applied;
    }

    /// <summary>The ledger (its connection string without the password).</summary>
    public string Ledger { get; }

    /// <summary>The schema version the ledger has now.</summary>
    public int SchemaVersion { get; }

    /// <summary>The versions this call created or migrated (empty when it was up to date).</summary>
    public IReadOnlyList<int> Applied { get; }
}
