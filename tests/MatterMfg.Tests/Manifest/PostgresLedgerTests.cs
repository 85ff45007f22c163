using System;
using System.Linq;
using System.Net;
using MatterMfg.Diagnostics;
using MatterMfg.Ledger;
using MatterMfg.Manifest;
using Npgsql;

namespace MatterMfg.Tests.Manifest;

/// <summary>What only the PostgreSQL ledger has: constraints and triggers in the database, schema versions, logins, leases tied to connections.</summary>
public class PostgresLedgerTests
{
    private static readonly ReservationRequest Acme = new() { SerialNumberTemplate = "ACME-{0:D6}" };

    private static PostgresException SqlFails(PostgresTestSchema schema, string sql) =>
        Assert.Throws<PostgresException>(() => schema.Scalar(sql));

    [PostgresFact]
    public void The_database_itself_refuses_duplicate_serials_DAC_serials_and_slots_and_any_change_to_history()
    {
        using var schema = PostgresTestServer.NewSchema();
        using (var ledger = DeviceLedger.Open(schema.ConnectionString))
        {
            var a = ledger.Reserve("b", 0, Acme);
            var b = ledger.Reserve("b", 1, Acme);
            ledger.MarkGenerated(new ManifestRecord { DeviceId = a.Device.DeviceId, DacSerial = "0A0B" });
            ledger.MarkGenerated(new ManifestRecord { DeviceId = b.Device.DeviceId, DacSerial = "0C0D" });
        }
        // Statements a buggy or hostile client could send: the constraints, not the client code, stop them.
        Assert.Equal("mattermfg_devices_serial", SqlFails(schema, "UPDATE mattermfg_devices SET serial_number = 'ACME-000001' WHERE serial_number = 'ACME-000002'").ConstraintName);
        Assert.Equal("mattermfg_devices_dac_serial", SqlFails(schema, "UPDATE mattermfg_devices SET dac_serial = '0a0b' WHERE dac_serial = '0C0D'").ConstraintName);
        Assert.Equal("mattermfg_devices_slot", SqlFails(schema, "INSERT INTO mattermfg_devices (device_id, state, run_id, batch, slot) VALUES ('x', 'Reserved', 'r', 'b', 1)").ConstraintName);
        Assert.Equal("mattermfg_devices_pkey", SqlFails(schema, "INSERT INTO mattermfg_devices (device_id, state, run_id) SELECT device_id, state, run_id FROM mattermfg_devices LIMIT 1").ConstraintName);
        foreach (string sql in new[] { "UPDATE mattermfg_history SET detail = 'edited'", "DELETE FROM mattermfg_history", "TRUNCATE mattermfg_history CASCADE" })
        {
            var e = SqlFails(schema, sql);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
            Assert.Contains("append-only", e.MessageText);
        }
        Assert.Equal(4L, schema.Scalar("SELECT count(*) FROM mattermfg_history"));
        // Who, where and when is in every history row.
        Assert.Equal(0L, schema.Scalar("SELECT count(*) FROM mattermfg_history WHERE db_user IS NULL OR host IS NULL OR os_user IS NULL OR time IS NULL"));
    }

    [PostgresFact]
    public void The_schema_is_created_on_first_use_versioned_and_a_newer_one_is_refused()
    {
        using var schema = PostgresTestServer.NewSchema();
        using (var first = PostgresLedger.Open(LedgerConnection.Parse(schema.ConnectionString)))
        {
            Assert.Equal(new[] { LedgerSchema.CurrentVersion }, first.SchemaVersionsApplied);
        }
        Assert.Empty(DeviceLedger.Initialize(schema.ConnectionString));
        Assert.Equal(LedgerSchema.CurrentVersion, schema.Scalar("SELECT max(version) FROM mattermfg_schema"));
        schema.Scalar("INSERT INTO mattermfg_schema (version) VALUES (99)");
        var e = Assert.Throws<MfgException>(() => DeviceLedger.Open(schema.ConnectionString));
        Assert.Equal(ErrorIds.LedgerSchemaTooNew, e.ErrorId);
        Assert.Contains("99", e.Message);
    }

    [PostgresFact]
    public void The_script_for_a_DBA_creates_the_same_schema()
    {
        using var schema = PostgresTestServer.NewSchema();
        schema.Scalar(LedgerSchema.Script());
        using var ledger = PostgresLedger.Open(LedgerConnection.Parse(schema.ConnectionString));
        Assert.Empty(ledger.SchemaVersionsApplied);
        Assert.Equal(ReservationOutcome.New, ledger.Reserve("b", 0, Acme).Outcome);
    }

    [PostgresFact]
    public void A_station_user_that_may_not_create_tables_is_sent_to_a_DBA_and_works_once_the_DBA_initialized()
    {
        using var schema = PostgresTestServer.NewSchema();
        string role = "station_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        string password = Guid.NewGuid().ToString("N");
        schema.Scalar($"CREATE ROLE {role} LOGIN PASSWORD '{password}'; GRANT USAGE ON SCHEMA {schema.Name} TO {role}");
        try
        {
            var station = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Username = role, Password = null }.ConnectionString;
            var login = new NetworkCredential(role, password);
            var e = Assert.Throws<MfgException>(() => DeviceLedger.Open(station, credential: login));
            Assert.Equal(ErrorIds.LedgerSchemaMissing, e.ErrorId);
            Assert.Contains("Initialize-MatterManifest", e.Message);
            Assert.DoesNotContain(password, e.Message);

            Assert.Equal(new[] { 1 }, DeviceLedger.Initialize(schema.ConnectionString)); // the DBA
            schema.Scalar($"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {schema.Name} TO {role}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema.Name} TO {role}");
            using var ledger = DeviceLedger.Open(station, credential: login);
            var r = ledger.Reserve("b", 0, Acme);
            Assert.Equal("ACME-000001", r.Device.SerialNumber);
            Assert.Equal(role, schema.Scalar("SELECT db_user FROM mattermfg_history"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            schema.Scalar($"DROP SCHEMA {schema.Name} CASCADE; CREATE SCHEMA {schema.Name}; DROP ROLE {role}");
        }
    }

    [PostgresFact]
    public void A_wrong_password_is_a_named_error_that_never_shows_a_password_and_a_credential_wins_over_the_string()
    {
        using var schema = PostgresTestServer.NewSchema();
        var good = new NpgsqlConnectionStringBuilder(schema.ConnectionString);
        string wrong = "Wr0ng-" + Guid.NewGuid().ToString("N");
        var bad = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Password = wrong }.ConnectionString;
        var e = Assert.Throws<MfgException>(() => DeviceLedger.Open(bad));
        Assert.Equal(ErrorIds.LedgerConnectionFailed, e.ErrorId);
        Assert.DoesNotContain(wrong, e.Message);
        Assert.DoesNotContain(good.Password!, e.Message);
        Assert.Contains("28P01", e.Message); // the server's reason: password authentication failed

        using var ledger = DeviceLedger.Open(bad, credential: new NetworkCredential(good.Username, good.Password));
        Assert.Equal(ReservationOutcome.New, ledger.Reserve("b", 0, Acme).Outcome);
        Assert.DoesNotContain(good.Password!, ledger.Location);
        Assert.DoesNotContain(wrong, ledger.Location);
        Assert.Contains("Host=", ledger.Location);
    }

    [PostgresFact]
    public void A_run_whose_connection_dies_loses_its_lease_its_slots_are_taken_over_and_it_cannot_record_them()
    {
        using var schema = PostgresTestServer.NewSchema();
        using var a = DeviceLedger.Open(schema.ConnectionString);
        using var b = DeviceLedger.Open(schema.ConnectionString);
        var held = a.Reserve("b", 0, Acme);
        Assert.Equal(ReservationOutcome.HeldByAnotherRun, b.Reserve("b", 0, Acme).Outcome);
        // What a station that crashed or dropped off the network looks like to the server: its lease session ends.
        Assert.Equal(true, schema.Scalar(
            "SELECT bool_and(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN mattermfg_runs r ON l.locktype = 'advisory' " +
            $"AND l.classid = r.lease_a::oid AND l.objid = r.lease_b::oid WHERE r.run_id = '{a.RunId}'"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (b.IsRunAlive(a.RunId) && DateTime.UtcNow < deadline)
        {
            System.Threading.Thread.Sleep(20);
        }
        Assert.False(b.IsRunAlive(a.RunId));
        var taken = b.Reserve("b", 0, Acme);
        Assert.Equal(ReservationOutcome.Resumed, taken.Outcome);
        Assert.Equal(held.Device.DeviceId, taken.Device.DeviceId);
        Assert.Equal("ACME-000001", taken.Device.SerialNumber);
        var e = Assert.Throws<MfgException>(() => a.MarkGenerated(new ManifestRecord { DeviceId = held.Device.DeviceId, DacSerial = "01" }));
        Assert.Equal(ErrorIds.LedgerLeaseLost, e.ErrorId);
        Assert.Equal(DeviceState.Reserved, b.Find(held.Device.DeviceId)!.State);
    }

    [Theory]
    [InlineData("Host=db01;Database=factory;Username=line1", true)]
    [InlineData("server = db01; database=factory", true)]
    [InlineData("postgres://line1@db01/factory", true)]
    [InlineData("POSTGRESQL://db01:6432/factory?sslmode=require", true)]
    [InlineData("line1.manifest", false)]
    [InlineData("C:\\factory\\line1.manifest", false)]
    [InlineData("/srv/share/a=b;c.manifest", false)]
    [InlineData("hostname=x.manifest", false)]
    public void A_connection_string_or_URL_is_told_from_a_manifest_path(string value, bool isDatabase) =>
        Assert.Equal(isDatabase, DeviceLedger.IsDatabase(value));

    [Fact]
    public void A_postgres_URL_becomes_a_connection_string_whose_display_has_no_password()
    {
        var c = LedgerConnection.Parse("postgres://line%201:s%3Acret@db01:6432/factory%20a?sslmode=require&application_name=station-4");
        var b = new NpgsqlConnectionStringBuilder(c.Display);
        Assert.Equal("db01", b.Host);
        Assert.Equal(6432, b.Port);
        Assert.Equal("factory a", b.Database);
        Assert.Equal("line 1", b.Username);
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal("station-4", b.ApplicationName);
        Assert.Null(b.Password);
        Assert.DoesNotContain("s:cret", c.Display);
        Assert.Equal("pwd *** here", c.Redact("pwd s:cret here"));

        var withCredential = LedgerConnection.Parse("Host=db01;Database=f;Username=a;Password=old", new NetworkCredential("b", "new"));
        Assert.Equal("b", new NpgsqlConnectionStringBuilder(withCredential.Display).Username);
        Assert.DoesNotContain("new", withCredential.Display);
        Assert.DoesNotContain("old", withCredential.Display);
    }

    [Theory]
    [InlineData("postgres://db01/factory?sslmod=require", "sslmod")]
    [InlineData("Host=db01;Bogus=1;Password=hunter22", "bogus")]
    [InlineData("postgres://u:hunter22@db01/f?connect_timeout=soon", "not valid")]
    public void A_malformed_connection_string_is_a_named_error_without_its_password(string value, string reason)
    {
        var e = Assert.Throws<MfgException>(() => LedgerConnection.Parse(value));
        Assert.Equal(ErrorIds.LedgerConnectionStringInvalid, e.ErrorId);
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter22", e.Message);
    }

    [PostgresFact]
    public void A_file_manifest_moves_into_PostgreSQL_and_back_unchanged()
    {
        using var d = new Infrastructure.TempDir();
        using var schema = PostgresTestServer.NewSchema();
        using (var file = new ManifestStore(d.File("line.manifest")))
        {
            file.Station = "line-1";
            for (int i = 0; i < 5; i++)
            {
                var r = file.Reserve("b", i, Acme);
                file.MarkGenerated(new ManifestRecord { DeviceId = r.Device.DeviceId, DacSerial = "DA" + i });
                if (i < 3)
                {
                    file.Mark(r.Device.DeviceId, DeviceState.Flashed, "COM" + i);
                }
            }
        }
        ManifestCopyResult there, back;
        using (var file = DeviceLedger.Open(d.File("line.manifest"), mustExist: true))
        using (var db = DeviceLedger.Open(schema.ConnectionString))
        {
            there = ManifestCopy.Copy(file, db);
        }
        using (var db = DeviceLedger.Open(schema.ConnectionString))
        using (var copy = DeviceLedger.Open(d.File("copy.manifest")))
        {
            back = ManifestCopy.Copy(db, copy);
            Assert.Equal("ACME-000006", db.Reserve("b", 5, Acme).Device.SerialNumber); // the counter came along
        }
        Assert.Equal((5, 13), (there.Devices, there.Records));
        Assert.Equal((5, 13), (back.Devices, back.Records));
        string Fold(string path) => string.Join("\n", new ManifestStore(path).Read().Devices.OrderBy(x => x.SerialNumber).Select(x =>
            $"{x.DeviceId} {x.State} {x.SerialNumber} {x.DacSerial} {x.Port} {x.Station} {x.RunId} {x.FlashedAt?.ToUnixTimeMilliseconds()} {x.History.Count}"));
        Assert.Equal(Fold(d.File("line.manifest")), Fold(d.File("copy.manifest")));
    }
}
