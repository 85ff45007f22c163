using System;
using MatterMfg.Ledger;
using Npgsql;

namespace MatterMfg.Tests.Manifest;

/// <summary>
/// The PostgreSQL server the ledger tests use: MATTERMFG_TEST_PG (a connection string; .ci/services/postgres.sh starts a
/// throwaway cluster and sets it). Each test gets a schema of its own (its search path), dropped afterwards. Without the
/// variable the tests are skipped visibly, except in CI (CI=true), where they fail: CI must have run them.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "MATTERMFG_TEST_PG";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string, or a failure that says why there is none (in CI).</summary>
    public static string Require() =>
        ConnectionString ?? throw new InvalidOperationException($"{Variable} is not set: CI must start PostgreSQL (.ci/services/postgres.sh) for the ledger tests.");

    /// <summary>A new, empty schema; its connection string has it as search path. Dispose drops it.</summary>
    public static PostgresTestSchema NewSchema() => new(Require());
}

/// <summary>A schema of its own for one test.</summary>
public sealed class PostgresTestSchema : IDisposable
{
    private readonly string _server;

    public PostgresTestSchema(string server)
    {
        _server = server;
        Name = "t_" + Guid.NewGuid().ToString("N").Substring(0, 16);
        Exec($"CREATE SCHEMA {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = Name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The server's connection string with this schema as search path (password included).</summary>
    public string ConnectionString { get; }

    /// <summary>Runs SQL in this schema (as the server's user, or as <paramref name="connectionString"/>); returns the first column of the first row.</summary>
    public object? Scalar(string sql, string? connectionString = null)
    {
        using var c = new NpgsqlConnection(connectionString ?? ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        try
        {
            Exec($"DROP SCHEMA {Name} CASCADE");
        }
        catch (NpgsqlException)
        {
        }
    }

    private void Exec(string sql)
    {
        using var c = new NpgsqlConnection(_server);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }
}

/// <summary>A fact that needs PostgreSQL: skipped visibly without MATTERMFG_TEST_PG, except in CI, where it runs (and fails).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestServer.ConnectionString == null && !PostgresTestServer.InCi)
        {
            Skip = $"{PostgresTestServer.Variable} is not set: the PostgreSQL ledger tests did not run (source .ci/services/postgres.sh to run them).";
        }
    }
}

/// <summary>Marks a test class whose tests all need PostgreSQL (its inherited <see cref="LedgerFactAttribute"/> tests skip or fail as <see cref="PostgresFactAttribute"/> does).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsPostgresAttribute : Attribute
{
}

/// <summary>
/// A ledger contract test: a plain fact, except in a class marked <see cref="NeedsPostgresAttribute"/> without a server
/// outside CI, where it is reported skipped with the reason.
/// </summary>
[Xunit.Sdk.XunitTestCaseDiscoverer("MatterMfg.Tests.Manifest.LedgerFactDiscoverer", "MatterMfg.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class LedgerFactAttribute : FactAttribute
{
}

public sealed class LedgerFactDiscoverer : Xunit.Sdk.FactDiscoverer
{
    public LedgerFactDiscoverer(Xunit.Abstractions.IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    protected override Xunit.Sdk.IXunitTestCase CreateTestCase(Xunit.Abstractions.ITestFrameworkDiscoveryOptions discoveryOptions,
        Xunit.Abstractions.ITestMethod testMethod, Xunit.Abstractions.IAttributeInfo factAttribute)
    {
        var type = (testMethod.TestClass.Class as Xunit.Abstractions.IReflectionTypeInfo)?.Type;
        if (type != null && type.IsDefined(typeof(NeedsPostgresAttribute), false) && new PostgresFactAttribute().Skip is string skip)
        {
            return new Xunit.Sdk.XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip);
        }
        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
