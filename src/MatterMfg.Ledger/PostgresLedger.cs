using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;
using Npgsql;
using NpgsqlTypes;

namespace MatterMfg.Ledger;

/// <summary>
/// The device ledger in a PostgreSQL database, shared by stations on several machines. Every change is one transaction;
/// uniqueness of device ids, serial numbers, DAC serials and slots is enforced by constraints (a race the code did not
/// foresee still cannot issue a duplicate); history is an append-only table. A run's lease is a session advisory lock
/// held by a connection of its own from its first write until it is disposed, so the lease ends when the process dies
/// or its machine drops off the network (TCP keepalives), and a rerun then takes over its slots.
/// </summary>
public sealed class PostgresLedger : IDeviceLedger
{
    private const string HistoryColumns =
        "seq, time, state, device_id, run_id, batch, slot, serial_number, counter, serial_template, vendor_id, product_id, " +
        "discriminator, dac_serial, dac_sha256, output_folder, partition_path, port, station, detail";

    private const int MaxAttempts = 8;

    private readonly LedgerConnection _connection;
    private readonly object _gate = new();
    private NpgsqlConnection? _lease;
    private bool _disposed;

    private PostgresLedger(LedgerConnection connection)
    {
        _connection = connection;
        RunId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
    }

    /// <summary>Opens the ledger, creating or migrating its tables when needed (and allowed).</summary>
    public static PostgresLedger Open(LedgerConnection connection)
    {
        var ledger = new PostgresLedger(connection);
        ledger.SchemaVersionsApplied = ledger.Migrate();
        return ledger;
    }

    /// <inheritdoc />
    public string Location => _connection.Display;

    /// <inheritdoc />
    public string RunId { get; }

    /// <inheritdoc />
    public string Station { get; set; } = Environment.MachineName;

    /// <summary>The schema versions this open created or migrated (empty when the tables were up to date).</summary>
    public IReadOnlyList<int> SchemaVersionsApplied { get; private set; } = Array.Empty<int>();

    /// <summary>Creates the tables or brings them to <see cref="LedgerSchema.CurrentVersion"/>; returns the versions applied.</summary>
    private IReadOnlyList<int> Migrate() => Execute("opening the ledger", (c, tx) =>
    {
        Command(c, tx, "SELECT pg_advisory_xact_lock(@k)", ("k", LedgerSchema.MigrationLockKey)).ExecuteNonQuery();
        bool exists = (bool)Command(c, tx, "SELECT to_regclass('mattermfg_schema') IS NOT NULL").ExecuteScalar()!;
        int found = exists ? Convert.ToInt32(Command(c, tx, "SELECT coalesce(max(version), 0) FROM mattermfg_schema").ExecuteScalar(), CultureInfo.InvariantCulture) : 0;
        if (found > LedgerSchema.CurrentVersion)
        {
            throw new MfgException(ErrorIds.LedgerSchemaTooNew, MfgErrorKind.InvalidOperation,
                $"The ledger '{Location}' has schema version {found}; this MatterMfg knows versions up to {LedgerSchema.CurrentVersion}. Update MatterMfg on this station.", Location);
        }
        var applied = new List<int>();
        for (int v = found + 1; v <= LedgerSchema.CurrentVersion; v++)
        {
            try
            {
                Command(c, tx, LedgerSchema.Migrations[v - 1]).ExecuteNonQuery();
                Command(c, tx, "INSERT INTO mattermfg_schema (version) VALUES (@v)", ("v", v)).ExecuteNonQuery();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new MfgException(ErrorIds.LedgerSchemaMissing, MfgErrorKind.InvalidOperation,
                    $"The ledger '{Location}' has {(found == 0 ? "no tables" : "schema version " + found)} and user '{_connection.Builder.Username}' may not " +
                    $"create them ({_connection.Redact(e.MessageText)}). Have a DBA run Initialize-MatterManifest or the SQL of Initialize-MatterManifest -Script.", Location, e);
            }
            applied.Add(v);
        }
        return applied;
    });

    /// <inheritdoc />
    public ManifestSnapshot Read() => Execute("reading the ledger", (c, tx) =>
        ManifestSnapshot.FromHistory(History(c, tx, "TRUE")));

    /// <inheritdoc />
    public ManifestDevice? Find(string deviceId) => Execute("reading the ledger", (c, tx) => Device(c, tx, deviceId));

    /// <inheritdoc />
    public ManifestDevice? FindBySerialNumber(string serialNumber) => Execute("reading the ledger", (c, tx) =>
    {
        var records = History(c, tx, "device_id = (SELECT device_id FROM mattermfg_devices WHERE serial_number = @s)", ("s", serialNumber));
        return records.Count == 0 ? null : ManifestSnapshot.FromHistory(records).Find(records[0].DeviceId);
    });

    /// <inheritdoc />
    public long NextCounter(string template, long start) => Execute("reading the ledger", (c, tx) =>
        Command(c, tx, "SELECT last FROM mattermfg_counters WHERE template = @t", ("t", template)).ExecuteScalar() is long last ? Math.Max(last + 1, start) : start);

    /// <inheritdoc />
    public bool IsRunAlive(string runId) =>
        runId == RunId || Execute("reading the ledger", (c, tx) => IsAlive(c, tx, runId));

    /// <inheritdoc />
    public Reservation Reserve(string batch, int slot, ReservationRequest request)
    {
        EnsureLease();
        return Execute("reserving a device", (c, tx) =>
        {
            using (var r = Command(c, tx, "SELECT device_id, state, run_id FROM mattermfg_devices WHERE batch = @b AND slot = @s FOR UPDATE", ("b", batch), ("s", slot)).ExecuteReader())
            {
                if (r.Read())
                {
                    string id = r.GetString(0);
                    var state = Parse(r.GetString(1));
                    string holder = r.GetString(2);
                    r.Close();
                    if (state is DeviceState.Generated or DeviceState.Flashed or DeviceState.Verified)
                    {
                        return Outcome(c, tx, id, ReservationOutcome.AlreadyDone);
                    }
                    if (holder != RunId && IsAlive(c, tx, holder))
                    {
                        return Outcome(c, tx, id, ReservationOutcome.HeldByAnotherRun);
                    }
                    Command(c, tx, "UPDATE mattermfg_devices SET state = 'Reserved', run_id = @run, detail = 'resumed', reserved_at = clock_timestamp() WHERE device_id = @d",
                        ("run", RunId), ("d", id)).ExecuteNonQuery();
                    Append(c, tx, new ManifestRecord { State = DeviceState.Reserved, DeviceId = id, Batch = batch, Slot = slot, Detail = "resumed" });
                    return Outcome(c, tx, id, ReservationOutcome.Resumed);
                }
            }

            string? serial = request.SerialNumber;
            long? counter = null;
            if (serial == null && request.SerialNumberTemplate != null)
            {
                // The counter row stays locked until commit: stations draw serial numbers from one template one at a time.
                long c0 = (long)Command(c, tx,
                    "INSERT INTO mattermfg_counters (template, last) VALUES (@t, @start) " +
                    "ON CONFLICT (template) DO UPDATE SET last = greatest(mattermfg_counters.last + 1, @start) RETURNING last",
                    ("t", request.SerialNumberTemplate), ("start", request.CounterStart)).ExecuteScalar()!;
                while (true)
                {
                    serial = string.Format(CultureInfo.InvariantCulture, request.SerialNumberTemplate, c0);
                    if (Command(c, tx, "SELECT 1 FROM mattermfg_devices WHERE serial_number = @s", ("s", serial)).ExecuteScalar() == null)
                    {
                        break;
                    }
                    c0 = (long)Command(c, tx, "UPDATE mattermfg_counters SET last = last + 1 WHERE template = @t RETURNING last", ("t", request.SerialNumberTemplate)).ExecuteScalar()!;
                }
                counter = c0;
            }
            else if (serial != null && Command(c, tx, "SELECT device_id FROM mattermfg_devices WHERE serial_number = @s", ("s", serial)).ExecuteScalar() is string holder)
            {
                throw SerialInUse(serial, $"device {holder}");
            }

            string deviceId = request.NewDeviceId();
            for (int tries = 0; Command(c, tx, "SELECT 1 FROM mattermfg_devices WHERE device_id = @d", ("d", deviceId)).ExecuteScalar() != null; tries++)
            {
                if (tries == 100)
                {
                    throw LedgerErrors.DeviceIdInUse(deviceId, Location);
                }
                deviceId = request.NewDeviceId();
            }
            var record = new ManifestRecord
            {
                State = DeviceState.Reserved, DeviceId = deviceId, Batch = batch, Slot = slot, SerialNumber = serial, Counter = counter,
                SerialTemplate = counter != null ? request.SerialNumberTemplate : null, VendorId = request.VendorId, ProductId = request.ProductId,
            };
            try
            {
                Command(c, tx,
                    "INSERT INTO mattermfg_devices (device_id, state, run_id, batch, slot, serial_number, counter, serial_template, vendor_id, product_id, reserved_at) " +
                    "VALUES (@d, 'Reserved', @run, @b, @s, @sn, @n, @t, @vid, @pid, clock_timestamp())",
                    ("d", deviceId), ("run", RunId), ("b", batch), ("s", slot), ("sn", serial), ("n", counter), ("t", record.SerialTemplate),
                    ("vid", request.VendorId), ("pid", request.ProductId)).ExecuteNonQuery();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "mattermfg_devices_serial")
            {
                throw SerialInUse(serial!, "another device");
            }
            Append(c, tx, record);
            return Outcome(c, tx, deviceId, ReservationOutcome.New);
        });
    }

    /// <inheritdoc />
    public ManifestDevice MarkGenerated(ManifestRecord details)
    {
        EnsureLease();
        return Execute("recording a generated device", (c, tx) =>
        {
            string holder = LockDevice(c, tx, details.DeviceId);
            if (holder != RunId && IsAlive(c, tx, holder))
            {
                throw new MfgException(ErrorIds.LedgerLeaseLost, MfgErrorKind.InvalidOperation,
                    $"Device {details.DeviceId} was taken over by run {holder} (this run's lease on '{Location}' was lost); it is not recorded as generated by this run.", details.DeviceId);
            }
            if (details.DacSerial != null
                && Command(c, tx, "SELECT device_id FROM mattermfg_devices WHERE upper(dac_serial) = upper(@x) AND device_id <> @d", ("x", details.DacSerial), ("d", details.DeviceId)).ExecuteScalar() != null)
            {
                throw DacInUse(details.DacSerial);
            }
            try
            {
                Command(c, tx,
                    "UPDATE mattermfg_devices SET state = 'Generated', run_id = @run, serial_number = coalesce(@sn, serial_number), vendor_id = coalesce(@vid, vendor_id), " +
                    "product_id = coalesce(@pid, product_id), discriminator = coalesce(@disc, discriminator), dac_serial = coalesce(@dac, dac_serial), " +
                    "dac_sha256 = coalesce(@sha, dac_sha256), output_folder = coalesce(@folder, output_folder), partition_path = coalesce(@part, partition_path), " +
                    "detail = @detail, generated_at = clock_timestamp() WHERE device_id = @d",
                    ("run", RunId), ("sn", details.SerialNumber), ("vid", details.VendorId), ("pid", details.ProductId), ("disc", details.Discriminator),
                    ("dac", details.DacSerial), ("sha", details.DacSha256), ("folder", details.OutputFolder), ("part", details.PartitionPath),
                    ("detail", details.Detail), ("d", details.DeviceId)).ExecuteNonQuery();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "mattermfg_devices_dac_serial")
            {
                throw DacInUse(details.DacSerial!);
            }
            var r = details.Clone();
            r.State = DeviceState.Generated;
            Append(c, tx, r);
            return Device(c, tx, details.DeviceId)!;
        });
    }

    /// <inheritdoc />
    public ManifestDevice Mark(string deviceId, DeviceState state, string? port = null, string? detail = null)
    {
        EnsureLease();
        return Execute("recording a device's state", (c, tx) =>
        {
            LockDevice(c, tx, deviceId);
            string? station = port != null ? Station : null;
            string stamp = state switch
            {
                DeviceState.Reserved => "reserved_at = clock_timestamp(), ",
                DeviceState.Generated => "generated_at = clock_timestamp(), ",
                DeviceState.Flashed => "flashed_at = clock_timestamp(), ",
                DeviceState.Verified => "verified_at = clock_timestamp(), ",
                _ => "",
            };
            Command(c, tx,
                $"UPDATE mattermfg_devices SET {stamp}state = @state, run_id = @run, port = coalesce(@port, port), station = coalesce(@station, station), detail = @detail WHERE device_id = @d",
                ("state", state.ToString()), ("run", RunId), ("port", port), ("station", station), ("detail", detail), ("d", deviceId)).ExecuteNonQuery();
            Append(c, tx, new ManifestRecord { State = state, DeviceId = deviceId, Port = port, Station = station, Detail = detail });
            return Device(c, tx, deviceId)!;
        });
    }

    /// <inheritdoc />
    public void Import(IReadOnlyList<ManifestRecord> history)
    {
        var snapshot = ManifestSnapshot.FromHistory(history);
        Execute<object?>("copying into the ledger", (c, tx) =>
        {
            foreach (var d in snapshot.Devices)
            {
                try
                {
                    Command(c, tx,
                        "INSERT INTO mattermfg_devices (device_id, state, run_id, batch, slot, serial_number, counter, serial_template, vendor_id, product_id, discriminator, " +
                        "dac_serial, dac_sha256, output_folder, partition_path, port, station, detail, reserved_at, generated_at, flashed_at, verified_at) VALUES " +
                        "(@d, @state, @run, @b, @s, @sn, @n, @t, @vid, @pid, @disc, @dac, @sha, @folder, @part, @port, @station, @detail, @ra, @ga, @fa, @va)",
                        ("d", d.DeviceId), ("state", d.State.ToString()), ("run", d.RunId), ("b", d.Batch), ("s", d.Slot), ("sn", d.SerialNumber), ("n", d.Counter),
                        ("t", d.SerialTemplate), ("vid", d.VendorId), ("pid", d.ProductId), ("disc", d.Discriminator), ("dac", d.DacSerial), ("sha", d.DacSha256),
                        ("folder", d.OutputFolder), ("part", d.PartitionPath), ("port", d.Port), ("station", d.Station), ("detail", d.Detail),
                        ("ra", d.ReservedAt), ("ga", d.GeneratedAt), ("fa", d.FlashedAt), ("va", d.VerifiedAt)).ExecuteNonQuery();
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    string what = e.ConstraintName switch
                    {
                        "mattermfg_devices_serial" => $"serial number {d.SerialNumber}",
                        "mattermfg_devices_dac_serial" => $"DAC serial {d.DacSerial}",
                        "mattermfg_devices_slot" => $"slot {d.Slot} of batch {d.Batch}",
                        _ => $"device {d.DeviceId}",
                    };
                    throw LedgerErrors.ImportConflict(Location, what, d.DeviceId, e);
                }
            }
            foreach (var r in history)
            {
                Append(c, tx, r, asRecorded: true);
            }
            foreach (var t in snapshot.Devices.Where(d => d.SerialTemplate != null && d.Counter != null).GroupBy(d => d.SerialTemplate!))
            {
                Command(c, tx,
                    "INSERT INTO mattermfg_counters (template, last) VALUES (@t, @n) ON CONFLICT (template) DO UPDATE SET last = greatest(mattermfg_counters.last, @n)",
                    ("t", t.Key), ("n", t.Max(d => d.Counter!.Value))).ExecuteNonQuery();
            }
            return null;
        });
    }

    /// <summary>Ends this run's lease: its reservations that are not generated may now be taken over by another run.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_lease != null)
            {
                try
                {
                    // Released now, not when the server notices the closed session: a rerun may follow at once.
                    Command(_lease, null, "SELECT pg_advisory_unlock_all()").ExecuteNonQuery();
                }
                catch (Exception e) when (e is NpgsqlException || e is InvalidOperationException || e is TimeoutException)
                {
                    // The session is already gone, and its lock with it.
                }
                _lease.Dispose(); // not pooled: closing ends the session
                _lease = null;
            }
        }
    }

    /// <summary>From the first write on, this run holds its lease: a row in mattermfg_runs and a session advisory lock on its key.</summary>
    private void EnsureLease()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(PostgresLedger));
            }
            if (_lease != null)
            {
                return;
            }
            var keys = new byte[8];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(keys);
            }
            int a = BitConverter.ToInt32(keys, 0) & int.MaxValue, b = BitConverter.ToInt32(keys, 4) & int.MaxValue;
            var lease = new NpgsqlConnection(_connection.ConnectionString(pooled: false));
            try
            {
                lease.Open();
                // The server notices a station that vanished from the network within about half a minute.
                Command(lease, null, "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3").ExecuteNonQuery();
                Command(lease, null, "SELECT pg_advisory_lock(@a, @b)", ("a", a), ("b", b)).ExecuteNonQuery();
                Command(lease, null,
                    "INSERT INTO mattermfg_runs (run_id, lease_a, lease_b, station, host, os_user, process_id) VALUES (@r, @a, @b, @station, @host, @os, @pid)",
                    ("r", RunId), ("a", a), ("b", b), ("station", Station), ("host", Environment.MachineName), ("os", Environment.UserName),
                    ("pid", System.Diagnostics.Process.GetCurrentProcess().Id)).ExecuteNonQuery();
            }
            catch (Exception e) when (e is NpgsqlException || e is TimeoutException)
            {
                lease.Dispose();
                throw Translate(e, "starting this run's lease");
            }
            _lease = lease;
        }
    }

    /// <summary>True while the run's lease lock is held by some session (pg_locks shows every session's locks).</summary>
    private static bool IsAlive(NpgsqlConnection c, NpgsqlTransaction? tx, string runId) =>
        (bool)Command(c, tx,
            "SELECT EXISTS (SELECT 1 FROM mattermfg_runs r JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted " +
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
            "AND l.classid = r.lease_a::oid AND l.objid = r.lease_b::oid AND l.objsubid = 2 WHERE r.run_id = @r)", ("r", runId)).ExecuteScalar()!;

    /// <summary>Locks a device's row for this transaction; returns the run that holds it.</summary>
    private string LockDevice(NpgsqlConnection c, NpgsqlTransaction tx, string deviceId) =>
        Command(c, tx, "SELECT run_id FROM mattermfg_devices WHERE device_id = @d FOR UPDATE", ("d", deviceId)).ExecuteScalar() as string
        ?? throw LedgerErrors.DeviceNotFound(deviceId, Location);

    private static Reservation Outcome(NpgsqlConnection c, NpgsqlTransaction tx, string deviceId, ReservationOutcome outcome) =>
        new(Device(c, tx, deviceId)!, outcome);

    private static ManifestDevice? Device(NpgsqlConnection c, NpgsqlTransaction? tx, string deviceId)
    {
        var records = History(c, tx, "device_id = @d", ("d", deviceId));
        return records.Count == 0 ? null : ManifestSnapshot.FromHistory(records).Find(deviceId);
    }

    private void Append(NpgsqlConnection c, NpgsqlTransaction tx, ManifestRecord r, bool asRecorded = false)
    {
        string time = asRecorded ? "@time" : "clock_timestamp()";
        Command(c, tx,
            "INSERT INTO mattermfg_history (time, state, device_id, run_id, batch, slot, serial_number, counter, serial_template, vendor_id, product_id, " +
            "discriminator, dac_serial, dac_sha256, output_folder, partition_path, port, station, detail, os_user, host) VALUES " +
            $"({time}, @state, @d, @run, @b, @s, @sn, @n, @t, @vid, @pid, @disc, @dac, @sha, @folder, @part, @port, @station, @detail, @os, @host)",
            ("time", r.Time), ("state", r.State.ToString()), ("d", r.DeviceId), ("run", asRecorded ? r.RunId : RunId), ("b", r.Batch), ("s", r.Slot),
            ("sn", r.SerialNumber), ("n", r.Counter), ("t", r.SerialTemplate), ("vid", r.VendorId), ("pid", r.ProductId), ("disc", r.Discriminator),
            ("dac", r.DacSerial), ("sha", r.DacSha256), ("folder", r.OutputFolder), ("part", r.PartitionPath), ("port", r.Port), ("station", r.Station),
            ("detail", r.Detail), ("os", asRecorded ? null : Environment.UserName), ("host", asRecorded ? null : Environment.MachineName)).ExecuteNonQuery();
    }

    private static List<ManifestRecord> History(NpgsqlConnection c, NpgsqlTransaction? tx, string where, params (string, object?)[] args)
    {
        var list = new List<ManifestRecord>();
        using var r = Command(c, tx, $"SELECT {HistoryColumns} FROM mattermfg_history WHERE {where} ORDER BY seq", args).ExecuteReader();
        while (r.Read())
        {
            list.Add(new ManifestRecord
            {
                Sequence = r.GetInt64(0),
                Time = new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc)),
                State = Parse(r.GetString(2)),
                DeviceId = r.GetString(3),
                RunId = r.GetString(4),
                Batch = Text(r, 5),
                Slot = r.IsDBNull(6) ? null : r.GetInt32(6),
                SerialNumber = Text(r, 7),
                Counter = r.IsDBNull(8) ? null : r.GetInt64(8),
                SerialTemplate = Text(r, 9),
                VendorId = r.IsDBNull(10) ? null : r.GetInt32(10),
                ProductId = r.IsDBNull(11) ? null : r.GetInt32(11),
                Discriminator = r.IsDBNull(12) ? null : r.GetInt32(12),
                DacSerial = Text(r, 13),
                DacSha256 = Text(r, 14),
                OutputFolder = Text(r, 15),
                PartitionPath = Text(r, 16),
                Port = Text(r, 17),
                Station = Text(r, 18),
                Detail = Text(r, 19),
            });
        }
        return list;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DeviceState Parse(string state) => (DeviceState)Enum.Parse(typeof(DeviceState), state);

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in args)
        {
            cmd.Parameters.Add(value switch
            {
                null => new NpgsqlParameter(name, NpgsqlDbType.Unknown) { Value = DBNull.Value },
                DateTimeOffset t => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = t.UtcDateTime },
                _ => new NpgsqlParameter(name, value),
            });
        }
        return cmd;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a pooled connection and commits it. A transaction that lost a
    /// race (another station inserted the same slot first, a deadlock, a serialization failure) is run again from the
    /// start, so it sees what the other station committed.
    /// </summary>
    private T Execute<T>(string what, Func<NpgsqlConnection, NpgsqlTransaction, T> work)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using var c = new NpgsqlConnection(_connection.ConnectionString());
                c.Open();
                using var tx = c.BeginTransaction(IsolationLevel.ReadCommitted);
                T result = work(c, tx);
                tx.Commit();
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && (e.SqlState == PostgresErrorCodes.DeadlockDetected
                || e.SqlState == PostgresErrorCodes.SerializationFailure
                || (e.SqlState == PostgresErrorCodes.UniqueViolation && (e.ConstraintName == "mattermfg_devices_slot" || e.ConstraintName == "mattermfg_devices_pkey"))))
            {
            }
            catch (Exception e) when (e is NpgsqlException || e is TimeoutException)
            {
                throw Translate(e, what);
            }
        }
    }

    private MfgException Translate(Exception e, string what)
    {
        string reason = _connection.Redact(e is PostgresException p ? $"{p.SqlState}: {p.MessageText}" : e.Message);
        string? state = (e as PostgresException)?.SqlState;
        bool connection = state == null || state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("28", StringComparison.Ordinal)
            || state == PostgresErrorCodes.InvalidCatalogName;
        return connection
            ? new MfgException(ErrorIds.LedgerConnectionFailed, MfgErrorKind.ConnectionError,
                $"Cannot reach the ledger '{Location}' while {what}: {reason}. Check host, port, database and user; give the password through PGPASSWORD, -ManifestCredential or the connection string.", Location, e)
            : new MfgException(ErrorIds.LedgerQueryFailed, MfgErrorKind.InvalidOperation, $"The ledger '{Location}' failed while {what}: {reason}.", Location, e);
    }

    private MfgException SerialInUse(string serial, string holder) => LedgerErrors.SerialNumberInUse(serial, holder, Location);

    private MfgException DacInUse(string dacSerial) => LedgerErrors.DacSerialInUse(dacSerial, Location);
}
