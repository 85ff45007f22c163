using System;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Manifest;

/// <summary>What only the file backend has: torn and damaged records. The ledger promises are in <see cref="DeviceLedgerContract"/>.</summary>
public class ManifestStoreTests
{
    private static readonly ReservationRequest Acme = new() { SerialNumberTemplate = "ACME-{0:D6}", VendorId = 0xFFF1, ProductId = 0x8000 };

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
}
