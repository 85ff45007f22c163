using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;

namespace MatterMfg.Tests.Manifest;

/// <summary>
/// The promises every <see cref="IDeviceLedger"/> keeps, run on each backend by a subclass. <see cref="OpenRun"/> opens
/// the subclass's one ledger again, as a new run (its own run id and lease) would.
/// </summary>
public abstract class DeviceLedgerContract : IDisposable
{
    protected static readonly ReservationRequest Acme = new() { SerialNumberTemplate = "ACME-{0:D6}", VendorId = 0xFFF1, ProductId = 0x8000 };

    private readonly List<IDeviceLedger> _opened = new();

    /// <summary>Opens the test's ledger as a new run.</summary>
    protected abstract IDeviceLedger OpenNew();

    protected IDeviceLedger OpenRun() => Track(OpenNew());

    /// <summary>Disposes <paramref name="ledger"/> with the test.</summary>
    protected IDeviceLedger Track(IDeviceLedger ledger)
    {
        lock (_opened)
        {
            _opened.Add(ledger);
        }
        return ledger;
    }

    public virtual void Dispose()
    {
        foreach (var l in _opened)
        {
            l.Dispose();
        }
    }

    protected static void Generate(IDeviceLedger ledger, Reservation r) =>
        ledger.MarkGenerated(new ManifestRecord { DeviceId = r.Device.DeviceId, DacSerial = Guid.NewGuid().ToString("N").ToUpperInvariant(), OutputFolder = "/x/" + r.Device.DeviceId });

    [LedgerFact]
    public void A_rerun_skips_generated_slots_and_resumes_the_slots_of_a_dead_run()
    {
        string[] firstIds;
        using (var run1 = OpenNew())
        {
            var r = Enumerable.Range(0, 5).Select(i => run1.Reserve("batch", i, Acme)).ToArray();
            Assert.All(r, x => Assert.Equal(ReservationOutcome.New, x.Outcome));
            Generate(run1, r[0]);
            Generate(run1, r[1]);
            firstIds = r.Select(x => x.Device.DeviceId).ToArray();
        } // the run ends (or dies) with slots 2..4 reserved but not generated

        var run2 = OpenRun();
        var again = Enumerable.Range(0, 6).Select(i => run2.Reserve("batch", i, Acme)).ToArray();
        Assert.Equal(new[] { ReservationOutcome.AlreadyDone, ReservationOutcome.AlreadyDone, ReservationOutcome.Resumed,
            ReservationOutcome.Resumed, ReservationOutcome.Resumed, ReservationOutcome.New }, again.Select(x => x.Outcome));
        Assert.Equal(firstIds, again.Take(5).Select(x => x.Device.DeviceId));
        Assert.Equal(new[] { "ACME-000001", "ACME-000002", "ACME-000003", "ACME-000004", "ACME-000005", "ACME-000006" },
            again.Select(x => x.Device.SerialNumber));
        Assert.All(again.Skip(2), x => Assert.Equal(run2.RunId, x.Device.RunId));
    }

    [LedgerFact]
    public void A_slot_reserved_by_a_live_run_is_left_to_it_until_its_lease_ends()
    {
        var a = OpenNew();
        var b = OpenRun();
        Assert.Equal(ReservationOutcome.New, a.Reserve("b", 0, Acme).Outcome);
        Assert.True(b.IsRunAlive(a.RunId));
        Assert.Equal(ReservationOutcome.HeldByAnotherRun, b.Reserve("b", 0, Acme).Outcome);
        a.Dispose(); // its lease is gone: the slot may now be taken over
        Assert.False(b.IsRunAlive(a.RunId));
        Assert.True(b.IsRunAlive(b.RunId));
        Assert.Equal(ReservationOutcome.Resumed, b.Reserve("b", 0, Acme).Outcome);
    }

    [LedgerFact]
    public void Serial_counters_continue_across_runs_and_batches()
    {
        using (var s = OpenNew())
        {
            s.Reserve("monday", 0, Acme);
            s.Reserve("monday", 1, Acme);
        }
        var t = OpenRun();
        Assert.Equal(3, t.NextCounter(Acme.SerialNumberTemplate!, 1));
        Assert.Equal("ACME-000003", t.Reserve("tuesday", 0, Acme).Device.SerialNumber);
        var other = new ReservationRequest { SerialNumberTemplate = "B{0}", CounterStart = 100 };
        Assert.Equal(100, t.NextCounter("B{0}", 100));
        Assert.Equal("B100", t.Reserve("tuesday", 1, other).Device.SerialNumber);
        Assert.Equal(101, t.NextCounter("B{0}", 100));
    }

    [LedgerFact]
    public void A_counter_skips_a_serial_number_that_was_given_by_hand()
    {
        var s = OpenRun();
        s.Reserve("b", 0, new ReservationRequest { SerialNumber = "ACME-000002" });
        Assert.Equal("ACME-000001", s.Reserve("b", 1, Acme).Device.SerialNumber);
        Assert.Equal("ACME-000003", s.Reserve("b", 2, Acme).Device.SerialNumber);
    }

    [LedgerFact]
    public void A_given_serial_number_already_issued_is_refused()
    {
        var s = OpenRun();
        s.Reserve("b", 0, new ReservationRequest { SerialNumber = "SN1" });
        var e = Assert.Throws<MfgException>(() => s.Reserve("b", 1, new ReservationRequest { SerialNumber = "SN1" }));
        Assert.Equal(ErrorIds.SerialNumberInUse, e.ErrorId);
        Assert.Contains("SN1", e.Message);
        Assert.Null(s.Read().FindSlot("b", 1));
    }

    [LedgerFact]
    public void A_duplicate_DAC_serial_is_refused_whatever_its_case()
    {
        var s = OpenRun();
        var a = s.Reserve("b", 0, Acme);
        var b = s.Reserve("b", 1, Acme);
        s.MarkGenerated(new ManifestRecord { DeviceId = a.Device.DeviceId, DacSerial = "0A0B" });
        var e = Assert.Throws<MfgException>(() => s.MarkGenerated(new ManifestRecord { DeviceId = b.Device.DeviceId, DacSerial = "0a0b" }));
        Assert.Equal(ErrorIds.DacSerialInUse, e.ErrorId);
        Assert.Equal(DeviceState.Reserved, s.Find(b.Device.DeviceId)!.State);
        // The same device recorded again with its own DAC serial is not a duplicate.
        Assert.Equal(DeviceState.Generated, s.MarkGenerated(new ManifestRecord { DeviceId = a.Device.DeviceId, DacSerial = "0A0B" }).State);
    }

    [LedgerFact]
    public void Marking_a_device_that_is_not_in_the_ledger_is_refused()
    {
        var s = OpenRun();
        var e = Assert.Throws<MfgException>(() => s.Mark("no-such-device", DeviceState.Flashed, "COM3"));
        Assert.Equal(ErrorIds.ManifestDeviceNotFound, e.ErrorId);
        Assert.Equal(0, s.Read().Count);
    }

    [LedgerFact]
    public void A_device_moves_through_its_states_with_port_station_and_times_in_its_history()
    {
        var s = OpenRun();
        s.Station = "bench-2";
        var r = s.Reserve("b", 0, Acme);
        s.MarkGenerated(new ManifestRecord { DeviceId = r.Device.DeviceId, DacSerial = "ABCD", Discriminator = 3840, VendorId = 0xFFF1, ProductId = 0x8000 });
        s.Mark(r.Device.DeviceId, DeviceState.Flashed, "COM7", "esp32c3 md5 ok");
        var d = s.Mark(r.Device.DeviceId, DeviceState.Verified, "COM7");
        Assert.Equal(DeviceState.Verified, d.State);
        Assert.Equal(new[] { DeviceState.Reserved, DeviceState.Generated, DeviceState.Flashed, DeviceState.Verified }, d.History.Select(h => h.State));
        Assert.Equal("COM7", d.Port);
        Assert.Equal("bench-2", d.Station);
        Assert.Equal(3840, d.Discriminator);
        Assert.Equal("ABCD", d.DacSerial);
        Assert.True(d.ReservedAt <= d.GeneratedAt && d.GeneratedAt <= d.FlashedAt && d.FlashedAt <= d.VerifiedAt);
        Assert.True(d.History.Zip(d.History.Skip(1), (x, y) => x.Sequence < y.Sequence).All(x => x));

        var again = OpenRun();
        var found = again.FindBySerialNumber("ACME-000001")!;
        Assert.Equal(r.Device.DeviceId, found.DeviceId);
        Assert.Equal(4, found.History.Count);
        Assert.Equal(found.DeviceId, again.Find(found.DeviceId)!.DeviceId);
        Assert.Null(again.Find("nope"));
        Assert.Null(again.FindBySerialNumber("nope"));
    }

    [LedgerFact]
    public void Records_round_trip_escaped_text()
    {
        var s = OpenRun();
        var r = s.Reserve("b", 0, new ReservationRequest { SerialNumber = "tab\there\nnew\\line" });
        s.Mark(r.Device.DeviceId, DeviceState.Failed, "COM5", "MD5 mismatch\tafter write");
        var dev = OpenRun().Read().Find(r.Device.DeviceId)!;
        Assert.Equal("tab\there\nnew\\line", dev.SerialNumber);
        Assert.Equal(DeviceState.Failed, dev.State);
        Assert.Equal("MD5 mismatch\tafter write", dev.Detail);
        Assert.Equal("COM5", dev.Port);
        Assert.Equal(Environment.MachineName, dev.Station);
        Assert.Equal(2, dev.History.Count);
    }

    [LedgerFact]
    public void Concurrent_runs_never_issue_the_same_serial_or_device_id()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenRun()).ToArray();
        var serials = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<Exception>();
        // Four runs on their own threads, each with its own batch, all drawing serials from one counter at once.
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(run => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                for (int i = 0; i < 25; i++)
                {
                    var r = stores[run].Reserve("run" + run, i, Acme);
                    serials.Add(r.Device.SerialNumber!);
                    Generate(stores[run], r);
                }
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
        Assert.Equal(100, serials.Distinct().Count());
        var snap = OpenRun().Read();
        Assert.Equal(100, snap.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"ACME-{i:D6}"), snap.Devices.Select(x => x.SerialNumber).OrderBy(x => x));
        Assert.All(snap.Devices, x => Assert.Equal(DeviceState.Generated, x.State));
    }

    [LedgerFact]
    public void Two_runs_racing_for_one_slot_get_one_device()
    {
        var a = OpenRun();
        var b = OpenRun();
        using var start = new Barrier(2);
        var outcomes = new ConcurrentBag<(string Run, Reservation R)>();
        var threads = new[] { a, b }.Select(l => new Thread(() =>
        {
            start.SignalAndWait();
            for (int slot = 0; slot < 20; slot++)
            {
                outcomes.Add((l.RunId, l.Reserve("race", slot, Acme)));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var snap = a.Read();
        Assert.Equal(20, snap.Count);
        foreach (var slot in outcomes.GroupBy(o => o.R.Device.Slot))
        {
            Assert.Equal(1, slot.Count(o => o.R.Outcome == ReservationOutcome.New));
            Assert.Equal(1, slot.Count(o => o.R.Outcome == ReservationOutcome.HeldByAnotherRun));
            Assert.Single(slot.Select(o => o.R.Device.DeviceId).Distinct());
        }
    }

    [LedgerFact]
    public void Import_copies_the_history_of_another_ledger_and_refuses_a_second_copy()
    {
        var source = OpenRun();
        source.Station = "line-1";
        var r0 = source.Reserve("b", 0, Acme);
        Generate(source, r0);
        source.Mark(r0.Device.DeviceId, DeviceState.Flashed, "COM3");
        var r1 = source.Reserve("b", 1, Acme);
        var history = source.Read().History;

        var target = OpenTarget();
        target.Import(history);
        var copied = target.Read();
        Assert.Equal(2, copied.Count);
        var d0 = copied.Find(r0.Device.DeviceId)!;
        Assert.Equal(DeviceState.Flashed, d0.State);
        Assert.Equal("line-1", d0.Station);
        Assert.Equal(source.RunId, d0.RunId);
        Assert.Equal(history.Where(h => h.DeviceId == d0.DeviceId).Select(h => h.Time.ToUnixTimeMilliseconds()), d0.History.Select(h => h.Time.ToUnixTimeMilliseconds()));
        Assert.Equal(DeviceState.Reserved, copied.Find(r1.Device.DeviceId)!.State);
        Assert.Equal(3, target.NextCounter(Acme.SerialNumberTemplate!, 1));

        var e = Assert.Throws<MfgException>(() => target.Import(history));
        Assert.Equal(ErrorIds.LedgerImportConflict, e.ErrorId);
        Assert.Equal(history.Count, target.Read().History.Count);
    }

    /// <summary>A second, empty ledger of the same kind (the target of a copy).</summary>
    protected abstract IDeviceLedger OpenTarget();
}
