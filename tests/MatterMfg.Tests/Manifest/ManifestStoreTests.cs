using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Manifest;

public class ManifestStoreTests
{
    private static readonly ReservationRequest Acme = new() { SerialNumberTemplate = "ACME-{0:D6}", VendorId = 0xFFF1, ProductId = 0x8000 };

    private static void Generate(ManifestStore store, Reservation r) =>
        store.MarkGenerated(new ManifestRecord { DeviceId = r.Device.DeviceId, DacSerial = Guid.NewGuid().ToString("N"), OutputFolder = "/x/" + r.Device.DeviceId });

    [Fact]
    public void ARerunSkipsGeneratedSlotsAndResumesSlotsOfADeadRun()
    {
        using var d = new TempDir();
        string path = d.File("devices.manifest");
        string[] firstIds;
        using (var run1 = new ManifestStore(path))
        {
            var r = Enumerable.Range(0, 5).Select(i => run1.Reserve("batch", i, Acme)).ToArray();
            Assert.All(r, x => Assert.Equal(ReservationOutcome.New, x.Outcome));
            Generate(run1, r[0]);
            Generate(run1, r[1]);
            firstIds = r.Select(x => x.Device.DeviceId).ToArray();
        } // the run ends (or dies) with slots 2..4 reserved but not generated

        using var run2 = new ManifestStore(path);
        var again = Enumerable.Range(0, 6).Select(i => run2.Reserve("batch", i, Acme)).ToArray();
        Assert.Equal(new[] { ReservationOutcome.AlreadyDone, ReservationOutcome.AlreadyDone, ReservationOutcome.Resumed,
            ReservationOutcome.Resumed, ReservationOutcome.Resumed, ReservationOutcome.New }, again.Select(x => x.Outcome));
        Assert.Equal(firstIds, again.Take(5).Select(x => x.Device.DeviceId));
        Assert.Equal(new[] { "ACME-000001", "ACME-000002", "ACME-000003", "ACME-000004", "ACME-000005", "ACME-000006" },
            again.Select(x => x.Device.SerialNumber));
    }

    [Fact]
    public void ASlotReservedByALiveRunIsLeftToIt()
    {
        using var d = new TempDir();
        string path = d.File("m");
        using var a = new ManifestStore(path);
        using var b = new ManifestStore(path);
        Assert.Equal(ReservationOutcome.New, a.Reserve("b", 0, Acme).Outcome);
        Assert.Equal(ReservationOutcome.HeldByAnotherRun, b.Reserve("b", 0, Acme).Outcome);
        a.Dispose(); // its lease is gone: the slot may now be taken over
        Assert.Equal(ReservationOutcome.Resumed, b.Reserve("b", 0, Acme).Outcome);
    }

    [Fact]
    public void SerialCountersContinueAcrossRunsAndBatches()
    {
        using var d = new TempDir();
        string path = d.File("m");
        using (var s = new ManifestStore(path))
        {
            s.Reserve("monday", 0, Acme);
            s.Reserve("monday", 1, Acme);
        }
        using (var s = new ManifestStore(path))
        {
            Assert.Equal("ACME-000003", s.Reserve("tuesday", 0, Acme).Device.SerialNumber);
            var other = new ReservationRequest { SerialNumberTemplate = "B{0}", CounterStart = 100 };
            Assert.Equal("B100", s.Reserve("tuesday", 1, other).Device.SerialNumber);
        }
    }

    [Fact]
    public void AGivenSerialNumberAlreadyIssuedIsRefused()
    {
        using var d = new TempDir();
        using var s = new ManifestStore(d.File("m"));
        s.Reserve("b", 0, new ReservationRequest { SerialNumber = "SN1" });
        var e = Assert.Throws<MfgException>(() => s.Reserve("b", 1, new ReservationRequest { SerialNumber = "SN1" }));
        Assert.Equal("SerialNumberInUse", e.ErrorId);
        Assert.Contains("SN1", e.Message);
    }

    [Fact]
    public void ADuplicateDacSerialIsRefused()
    {
        using var d = new TempDir();
        using var s = new ManifestStore(d.File("m"));
        var a = s.Reserve("b", 0, Acme);
        var b = s.Reserve("b", 1, Acme);
        s.MarkGenerated(new ManifestRecord { DeviceId = a.Device.DeviceId, DacSerial = "0A0B" });
        var e = Assert.Throws<MfgException>(() => s.MarkGenerated(new ManifestRecord { DeviceId = b.Device.DeviceId, DacSerial = "0a0b" }));
        Assert.Equal("DacSerialInUse", e.ErrorId);
    }

    [Fact]
    public void ConcurrentRunsNeverIssueTheSameSerialOrDeviceId()
    {
        for (int trial = 0; trial < 5; trial++)
        {
            using var d = new TempDir();
            string path = d.File("m");
            var serials = new ConcurrentBag<string>();
            var stores = Enumerable.Range(0, 4).Select(_ => new ManifestStore(path)).ToArray();
            // Four runs on their own threads, each with its own batch, all drawing serials from one counter at once.
            using var start = new System.Threading.Barrier(4);
            var failures = new ConcurrentBag<Exception>();
            var threads = Enumerable.Range(0, 4).Select(run => new System.Threading.Thread(() =>
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
            foreach (var s in stores)
            {
                s.Dispose();
            }
            Assert.Equal(100, serials.Distinct().Count());
            using var check = new ManifestStore(path);
            var snap = check.Read();
            Assert.Equal(100, snap.Count);
            Assert.Equal(100, snap.Devices.Select(x => x.SerialNumber).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, 100).Select(i => $"ACME-{i:D6}"), snap.Devices.Select(x => x.SerialNumber).OrderBy(x => x));
            Assert.All(snap.Devices, x => Assert.Equal(DeviceState.Generated, x.State));
        }
    }

    [Fact]
    public void AnInterruptedLastRecordIsDiscardedWithAWarningAndNeverUsed()
    {
        using var d = new TempDir();
        string path = d.File("m");
        using (var s = new ManifestStore(path))
        {
            s.Reserve("b", 0, Acme);
        }
        string full = File.ReadAllText(path);
        // A second record cut off half-way, as a power loss would leave it.
        string torn = full.Replace("\tserial=ACME-000001", "\tserial=ACME-000002").Replace("seq=1", "seq=2");
        File.AppendAllText(path, torn.Substring(0, torn.Length / 2));
        using var s2 = new ManifestStore(path);
        var snap = s2.Read();
        Assert.Equal(1, snap.Count);
        Assert.Contains(snap.Warnings, w => w.Contains("incomplete record"));
        Assert.Equal("ACME-000002", s2.Reserve("b", 1, Acme).Device.SerialNumber);
        Assert.All(File.ReadAllLines(path), l => Assert.StartsWith("v1\t", l));
    }

    [Theory]
    [InlineData("serial=ACME-000001", "serial=ACME-000009")] // an altered value
    [InlineData("state=Reserved", "state=Generated")]
    [InlineData("v1\t", "v2\t")]
    public void ADamagedRecordStopsTheRunAndNamesTheLine(string from, string to)
    {
        using var d = new TempDir();
        string path = d.File("m");
        using (var s = new ManifestStore(path))
        {
            s.Reserve("b", 0, Acme);
            s.Reserve("b", 1, Acme);
        }
        var lines = File.ReadAllLines(path);
        lines[0] = lines[0].Replace(from, to);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        long before = new FileInfo(path).Length;
        using var s2 = new ManifestStore(path);
        var e = Assert.Throws<MfgException>(() => s2.Reserve("b", 2, Acme));
        Assert.Equal("ManifestCorrupt", e.ErrorId);
        Assert.Contains("line 1", e.Message);
        Assert.Equal(before, new FileInfo(path).Length);
    }

    [Fact]
    public void RecordsRoundTripEscapedText()
    {
        using var d = new TempDir();
        using var s = new ManifestStore(d.File("m"));
        var r = s.Reserve("b", 0, new ReservationRequest { SerialNumber = "tab\there\nnew\\line" });
        s.Mark(r.Device.DeviceId, DeviceState.Failed, "COM5", "MD5 mismatch\tafter write");
        using var s2 = new ManifestStore(d.File("m"));
        var dev = s2.Read().Find(r.Device.DeviceId)!;
        Assert.Equal("tab\there\nnew\\line", dev.SerialNumber);
        Assert.Equal(DeviceState.Failed, dev.State);
        Assert.Equal("MD5 mismatch\tafter write", dev.Detail);
        Assert.Equal("COM5", dev.Port);
        Assert.Equal(Environment.MachineName, dev.Station);
        Assert.Equal(2, dev.History.Count);
    }
}
