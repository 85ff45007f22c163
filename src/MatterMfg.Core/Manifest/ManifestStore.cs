using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MatterMfg.Diagnostics;
using MatterMfg.IO;

namespace MatterMfg.Manifest;

/// <summary>
/// The device manifest: an append-only log of <see cref="ManifestRecord"/>s shared by every run and station that uses
/// the same file. Every read and write happens under an exclusive lock file (<c>&lt;manifest&gt;.lock</c>), so two runs
/// never allocate the same device id, serial number or DAC serial, and never interleave their writes. Records are
/// appended and flushed to disk in one write; a record torn by a crash or power loss lacks its newline or fails its
/// CRC and is never read as valid (a torn last record is discarded with a warning, damage anywhere else stops the run).
/// Each run holds a lease lock (<c>&lt;manifest&gt;.runs/&lt;run&gt;.lock</c>) while it lives, so a rerun can tell a
/// reservation of a killed run (taken over) from one of a run still working (left alone).
/// The ledger of one machine, or of a few sharing a folder; PostgreSQL (MatterMfg.Ledger) is the one for a factory network.
/// </summary>
public sealed class ManifestStore : IDeviceLedger
{
    private readonly TimeSpan _lockTimeout;
    private ManifestSnapshot _snapshot = new();
    private long _position;
    private int _lines;
    private FileLock? _lease;
    private readonly object _gate = new();

    public ManifestStore(string path, TimeSpan? lockTimeout = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
        RunId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
    }

    public string Path { get; }

    /// <inheritdoc />
    public string Location => Path;

    /// <summary>This run's id, written into every record it appends.</summary>
    public string RunId { get; }

    /// <summary>The station name recorded with flash and verify events (defaults to the machine name).</summary>
    public string Station { get; set; } = Environment.MachineName;

    private string LockPath => Path + ".lock";

    private string LeaseDirectory => Path + ".runs";

    /// <summary>The manifest as it is now (reads what other runs appended since the last call).</summary>
    public ManifestSnapshot Read() => Update((s, _) => s);

    /// <summary>
    /// Runs <paramref name="action"/> while holding the manifest lock, with the current snapshot; the records it adds to
    /// the transaction are appended in one flushed write when it returns (nothing is written if it throws).
    /// </summary>
    public T Update<T>(Func<ManifestSnapshot, ManifestTransaction, T> action)
    {
        lock (_gate)
        using (FileLock.Acquire(LockPath, _lockTimeout, $"The manifest '{Path}'"))
        {
            Refresh();
            var tx = new ManifestTransaction(this, _snapshot.LastSequence);
            T result = action(_snapshot, tx);
            if (tx.Records.Count > 0)
            {
                Commit(tx.Records);
            }
            return result;
        }
    }

    /// <summary>
    /// Claims slot <paramref name="slot"/> of <paramref name="batch"/> for this run. A slot already generated is not
    /// claimed again (<see cref="ReservationOutcome.AlreadyDone"/>); one reserved by a run that is still alive is left to
    /// it; one reserved by a dead run is taken over with its device id and serial number; a new slot gets a fresh device
    /// id and serial number that no other device in the manifest has.
    /// </summary>
    public Reservation Reserve(string batch, int slot, ReservationRequest request)
    {
        var (deviceId, outcome) = Update((s, tx) => ReserveLocked(s, tx, batch, slot, request));
        lock (_gate)
        {
            return new Reservation(_snapshot.Find(deviceId)!, outcome);
        }
    }

    private (string, ReservationOutcome) ReserveLocked(ManifestSnapshot s, ManifestTransaction tx, string batch, int slot, ReservationRequest request)
    {
        if (s.FindSlot(batch, slot) is ManifestDevice existing)
        {
            if (existing.State is DeviceState.Generated or DeviceState.Flashed or DeviceState.Verified)
            {
                return (existing.DeviceId, ReservationOutcome.AlreadyDone);
            }
            if (existing.RunId != RunId && IsRunAlive(existing.RunId!))
            {
                return (existing.DeviceId, ReservationOutcome.HeldByAnotherRun);
            }
            tx.Append(new ManifestRecord { State = DeviceState.Reserved, DeviceId = existing.DeviceId, Batch = batch, Slot = slot, Detail = "resumed" });
            return (existing.DeviceId, ReservationOutcome.Resumed);
        }

        string? serial = request.SerialNumber;
        long? counter = null;
        if (serial == null && request.SerialNumberTemplate != null)
        {
            for (long c = s.NextCounter(request.SerialNumberTemplate, request.CounterStart); ; c++)
            {
                serial = string.Format(CultureInfo.InvariantCulture, request.SerialNumberTemplate, c);
                if (s.FindSerial(serial) == null)
                {
                    counter = c;
                    break;
                }
            }
        }
        else if (serial != null && s.FindSerial(serial) is ManifestDevice holder)
        {
            throw LedgerErrors.SerialNumberInUse(serial, $"device {holder.DeviceId}", Path);
        }

        string deviceId = request.NewDeviceId();
        for (int tries = 0; s.Find(deviceId) != null; tries++)
        {
            if (tries == 100)
            {
                throw LedgerErrors.DeviceIdInUse(deviceId, Path);
            }
            deviceId = request.NewDeviceId();
        }

        tx.Append(new ManifestRecord
        {
            State = DeviceState.Reserved, DeviceId = deviceId, Batch = batch, Slot = slot, SerialNumber = serial,
            Counter = counter, SerialTemplate = counter != null ? request.SerialNumberTemplate : null,
            VendorId = request.VendorId, ProductId = request.ProductId,
        });
        return (deviceId, ReservationOutcome.New);
    }

    /// <summary>Records that a reserved device's files are complete. Fails if its DAC serial was already issued to another device.</summary>
    public ManifestDevice MarkGenerated(ManifestRecord details) => Device(Update((s, tx) =>
    {
        if (details.DacSerial != null && s.IsDacSerialUsed(details.DacSerial) && s.Find(details.DeviceId)?.DacSerial != details.DacSerial)
        {
            throw LedgerErrors.DacSerialInUse(details.DacSerial, Path);
        }
        var r = details.Clone();
        r.State = DeviceState.Generated;
        tx.Append(r);
        return r.DeviceId;
    }));

    /// <summary>Appends a state change (flashed, verified, failed) for a device already in the manifest.</summary>
    public ManifestDevice Mark(string deviceId, DeviceState state, string? port = null, string? detail = null) => Device(Update((s, tx) =>
    {
        if (s.Find(deviceId) == null)
        {
            throw LedgerErrors.DeviceNotFound(deviceId, Path);
        }
        tx.Append(new ManifestRecord { State = state, DeviceId = deviceId, Port = port, Station = port != null ? Station : null, Detail = detail });
        return deviceId;
    }));

    private ManifestDevice Device(string deviceId)
    {
        lock (_gate)
        {
            return _snapshot.Find(deviceId)!;
        }
    }

    /// <inheritdoc />
    public ManifestDevice? Find(string deviceId) => Read().Find(deviceId);

    /// <inheritdoc />
    public ManifestDevice? FindBySerialNumber(string serialNumber) => Read().FindSerial(serialNumber);

    /// <inheritdoc />
    public long NextCounter(string template, long start) => Read().NextCounter(template, start);

    /// <inheritdoc />
    public void Import(IReadOnlyList<ManifestRecord> history) => Update<object?>((s, tx) =>
    {
        foreach (var r in history)
        {
            string? clash = s.Find(r.DeviceId) != null ? $"device {r.DeviceId}"
                : r.SerialNumber != null && s.FindSerial(r.SerialNumber) is ManifestDevice bySerial && bySerial.DeviceId != r.DeviceId ? $"serial number {r.SerialNumber}"
                : r.DacSerial != null && s.IsDacSerialUsed(r.DacSerial) ? $"DAC serial {r.DacSerial}"
                : null;
            if (clash != null)
            {
                throw LedgerErrors.ImportConflict(Path, clash, r.DeviceId);
            }
        }
        foreach (var r in history)
        {
            tx.AppendAsRecorded(r);
        }
        return null;
    });

    /// <summary>True when the run is this one, or another process still holds its lease.</summary>
    public bool IsRunAlive(string runId) =>
        runId == RunId || FileLock.IsHeld(System.IO.Path.Combine(LeaseDirectory, runId + ".lock"));

    public void Dispose()
    {
        if (_lease != null)
        {
            string leasePath = _lease.Path;
            _lease.Dispose();
            _lease = null;
            try
            {
                File.Delete(leasePath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    internal void Commit(List<ManifestRecord> records)
    {
        _lease ??= FileLock.Acquire(System.IO.Path.Combine(LeaseDirectory, RunId + ".lock"), _lockTimeout, "This run's lease");
        var sb = new StringBuilder();
        foreach (var r in records)
        {
            sb.Append(r.Serialize());
        }
        byte[] bytes = new UTF8Encoding(false).GetBytes(sb.ToString());
        try
        {
            using var fs = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.WriteThrough);
            fs.Write(bytes, 0, bytes.Length);
            fs.Flush(true);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw MfgException.FileError("The manifest", Path, e, writing: true);
        }
        Refresh();
    }

    /// <summary>Reads what was appended since the last read. Called with the lock held.</summary>
    private void Refresh()
    {
        if (!File.Exists(Path))
        {
            return;
        }
        using var fs = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (fs.Length < _position)
        {
            _snapshot = new ManifestSnapshot();
            _position = 0;
            _lines = 0;
        }
        if (fs.Length == _position)
        {
            return;
        }
        fs.Position = _position;
        var buffer = new byte[fs.Length - _position];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = fs.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        int start = 0;
        for (int i = 0; i < read; i++)
        {
            if (buffer[i] != (byte)'\n')
            {
                continue;
            }
            _lines++;
            string line = Encoding.UTF8.GetString(buffer, start, i - start);
            var record = ManifestRecord.Parse(line, out string? error);
            if (record == null)
            {
                throw new MfgException(ErrorIds.ManifestCorrupt, MfgErrorKind.InvalidData,
                    $"The manifest '{Path}' is damaged at line {_lines} (byte {_position + start}): {error}. " +
                    "Nothing was written. Restore the file from a backup, or move the damaged line out after checking it.", _lines);
            }
            _snapshot.Apply(record);
            start = i + 1;
        }
        if (start < read)
        {
            // A record without its newline: a write cut off by a crash or power loss. It was never valid; drop it.
            long tornAt = _position + start;
            fs.SetLength(tornAt);
            fs.Flush(true);
            _snapshot.AddWarning($"Discarded an incomplete record at byte {tornAt} of '{Path}' (a run was interrupted while writing it).");
        }
        _position += start;
    }
}

/// <summary>The records one <see cref="ManifestStore.Update{T}"/> call appends.</summary>
public sealed class ManifestTransaction
{
    private readonly ManifestStore _store;
    private long _sequence;

    internal ManifestTransaction(ManifestStore store, long lastSequence)
    {
        _store = store;
        _sequence = lastSequence;
    }

    internal List<ManifestRecord> Records { get; } = new();

    public void Append(ManifestRecord record)
    {
        record.Sequence = ++_sequence;
        record.Time = DateTimeOffset.UtcNow;
        record.RunId = _store.RunId;
        Records.Add(record);
    }

    /// <summary>Appends a copy of a record from another ledger, keeping its time and run (a new sequence number here).</summary>
    internal void AppendAsRecorded(ManifestRecord record)
    {
        var copy = record.Clone();
        copy.Sequence = ++_sequence;
        Records.Add(copy);
    }
}
