using System.IO;
using System.Net;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;

namespace MatterMfg.Ledger;

/// <summary>
/// Opens what <c>-Manifest</c> / <c>--manifest</c> names: a PostgreSQL ledger when the value is a connection string
/// (<c>Host=…;Database=…</c>) or a <c>postgres://</c> URL, otherwise a manifest file (the default, no server).
/// </summary>
public static class DeviceLedger
{
    /// <summary>True when <paramref name="manifest"/> is a database connection string rather than a file path.</summary>
    public static bool IsDatabase(string manifest) => LedgerConnection.IsConnectionString(manifest);

    /// <summary>
    /// Opens the ledger. A file path is resolved against <paramref name="workingDirectory"/> (for a cmdlet: the current
    /// PowerShell location); <paramref name="mustExist"/> refuses a manifest file that is not there (readers), where a
    /// writer creates it. A database ledger gets its tables on first use. <paramref name="credential"/> (user and password)
    /// wins over the connection string's; without a password there, Npgsql reads PGPASSWORD or the pgpass file.
    /// </summary>
    public static IDeviceLedger Open(string manifest, string? workingDirectory = null, NetworkCredential? credential = null, bool mustExist = false)
    {
        if (IsDatabase(manifest))
        {
            return PostgresLedger.Open(LedgerConnection.Parse(manifest, credential));
        }
        string path = workingDirectory == null ? Path.GetFullPath(manifest) : Path.GetFullPath(Path.Combine(workingDirectory, manifest));
        if (mustExist && !File.Exists(path))
        {
            throw MfgException.InputFileNotFound("-Manifest", path);
        }
        return new ManifestStore(path);
    }

    /// <summary>
    /// Refuses a <c>-Manifest</c> that is not a PostgreSQL connection string where only a database ledger will do
    /// (initializing tables): <see cref="ErrorIds.LedgerConnectionStringInvalid"/>.
    /// </summary>
    public static void RequireDatabase(string manifest)
    {
        if (!IsDatabase(manifest))
        {
            throw LedgerConnection.Invalid(manifest, "it is neither Host=...;Database=... nor postgres://..., and a manifest file has no tables to initialize");
        }
    }

    /// <summary>Creates or migrates a database ledger's tables now (what a DBA runs once); returns the versions applied.</summary>
    public static System.Collections.Generic.IReadOnlyList<int> Initialize(string connectionString, NetworkCredential? credential = null)
    {
        RequireDatabase(connectionString);
        using var ledger = PostgresLedger.Open(LedgerConnection.Parse(connectionString, credential));
        return ledger.SchemaVersionsApplied;
    }
}
