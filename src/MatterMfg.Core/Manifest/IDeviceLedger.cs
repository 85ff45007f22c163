using System;
using System.Collections.Generic;

namespace MatterMfg.Manifest;

/// <summary>
/// The device ledger a factory run, a flashing station and an end-of-line bench share: which devices exist, which run
/// holds which slot of a batch, which serial numbers and DAC serials are issued, and every event in each device's life.
/// Two implementations keep the same promises (one contract test suite runs on both): <see cref="ManifestStore"/>, a
/// lock-guarded append-only file (the default, no setup), and a PostgreSQL database (MatterMfg.Ledger), where the
/// database's constraints and transactions enforce them for stations on several machines.
/// </summary>
/// <remarks>
/// Promises: a device id, a serial number and a DAC serial are issued to one device only; a slot of a batch belongs to
/// one device; a run's reservations stay its own while its lease lives (the lease ends with the run's process or
/// connection), and a rerun takes over the slots of a dead run with the same device id and serial number; serial-number
/// counters only move forward; history is only ever appended. Every member is thread-safe.
/// </remarks>
public interface IDeviceLedger : IDisposable
{
    /// <summary>Where the ledger is, for messages and logs: the file's full path, or the connection string without its password.</summary>
    string Location { get; }

    /// <summary>This run's id, recorded with every event it writes; its lease tells other runs it is alive.</summary>
    string RunId { get; }

    /// <summary>The station name recorded with flash and verify events (defaults to the machine name).</summary>
    string Station { get; set; }

    /// <summary>Everything the ledger holds now: every device with its state and history.</summary>
    ManifestSnapshot Read();

    /// <summary>One device with its history; null when the ledger has no such device.</summary>
    ManifestDevice? Find(string deviceId);

    /// <summary>The device a serial number was issued to; null when it was never issued.</summary>
    ManifestDevice? FindBySerialNumber(string serialNumber);

    /// <summary>
    /// Claims slot <paramref name="slot"/> of <paramref name="batch"/> for this run: a slot already generated is
    /// <see cref="ReservationOutcome.AlreadyDone"/>; one held by a live run is <see cref="ReservationOutcome.HeldByAnotherRun"/>;
    /// one held by a dead run is taken over (<see cref="ReservationOutcome.Resumed"/>, same device id and serial number);
    /// a new slot gets a device id and serial number no other device has (<see cref="ReservationOutcome.New"/>).
    /// Throws SerialNumberInUse when the request's own serial number is already issued.
    /// </summary>
    Reservation Reserve(string batch, int slot, ReservationRequest request);

    /// <summary>Records that a reserved device's files are complete. Throws DacSerialInUse when its DAC serial belongs to another device.</summary>
    ManifestDevice MarkGenerated(ManifestRecord details);

    /// <summary>Records a state change (flashed, verified, failed) of a device in the ledger; ManifestDeviceNotFound otherwise.</summary>
    ManifestDevice Mark(string deviceId, DeviceState state, string? port = null, string? detail = null);

    /// <summary>True when the run is this one, or its lease is still held (its process, or its database connection, lives).</summary>
    bool IsRunAlive(string runId);

    /// <summary>The counter value the next serial number made from <paramref name="template"/> would get.</summary>
    long NextCounter(string template, long start);

    /// <summary>
    /// Appends another ledger's history (in its order, with its times, runs and stations) in one all-or-nothing step.
    /// Refused (LedgerImportConflict) when a device, serial number or DAC serial is already in this ledger.
    /// </summary>
    void Import(IReadOnlyList<ManifestRecord> history);
}
