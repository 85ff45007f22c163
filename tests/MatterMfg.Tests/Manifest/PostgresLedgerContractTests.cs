using System;
using MatterMfg.Ledger;
using MatterMfg.Manifest;

namespace MatterMfg.Tests.Manifest;

/// <summary>The ledger contract on PostgreSQL: a schema of its own per test on the MATTERMFG_TEST_PG server.</summary>
[NeedsPostgres]
public sealed class PostgresLedgerContractTests : DeviceLedgerContract
{
    private readonly Lazy<PostgresTestSchema> _schema = new(PostgresTestServer.NewSchema);
    private readonly Lazy<PostgresTestSchema> _target = new(PostgresTestServer.NewSchema);

    protected override IDeviceLedger OpenNew() => DeviceLedger.Open(_schema.Value.ConnectionString);

    protected override IDeviceLedger OpenTarget() => Track(DeviceLedger.Open(_target.Value.ConnectionString));

    public override void Dispose()
    {
        base.Dispose();
        if (_schema.IsValueCreated)
        {
            _schema.Value.Dispose();
        }
        if (_target.IsValueCreated)
        {
            _target.Value.Dispose();
        }
    }
}
