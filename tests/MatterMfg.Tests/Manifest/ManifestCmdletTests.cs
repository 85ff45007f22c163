using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Manifest;

public class ManifestCmdletTests
{
    private static string MakeManifest(TempDir d)
    {
        string path = d.File("line1.manifest");
        using var s = new ManifestStore(path);
        var req = new ReservationRequest { SerialNumberTemplate = "ACME-{0:D6}", VendorId = 0xFFF1, ProductId = 0x8000 };
        for (int i = 0; i < 3; i++)
        {
            var r = s.Reserve("b", i, req);
            if (i < 2)
            {
                s.MarkGenerated(new ManifestRecord { DeviceId = r.Device.DeviceId, Discriminator = 3840 + i, DacSerial = "0" + i, DacSha256 = new string('a', 64) });
            }
        }
        s.Mark(s.Read().FindSerial("ACME-000001")!.DeviceId, DeviceState.Flashed, "COM5");
        return path;
    }

    [Fact]
    public void GetMatterManifestListsAndFiltersDevices()
    {
        using var d = new TempDir();
        string path = MakeManifest(d);
        var all = Ps.Run("Get-MatterManifest -Path $p", ("p", path)).Ok();
        Assert.Equal(new[] { "ACME-000001", "ACME-000002", "ACME-000003" }, all.Select(o => (string)o.Properties["SerialNumber"].Value));
        Assert.Equal(new[] { "Flashed", "Generated", "Reserved" }, all.Select(o => o.Properties["State"].Value.ToString()));
        var generated = Ps.Run("Get-MatterManifest $p -State Generated", ("p", path)).Ok();
        Assert.Equal("ACME-000002", Assert.Single(generated).Properties["SerialNumber"].Value);
        var wild = Ps.Run("Get-MatterManifest $p -SerialNumber 'acme-*3'", ("p", path)).Ok();
        Assert.Equal("ACME-000003", Assert.Single(wild).Properties["SerialNumber"].Value);
    }

    [Fact]
    public void ExportWritesCsvAndHonoursWhatIf()
    {
        using var d = new TempDir();
        string path = MakeManifest(d);
        string csv = d.File("out.csv");
        var whatIf = Ps.Run("Export-MatterManifest $p $o -WhatIf", ("p", path), ("o", csv));
        whatIf.Ok();
        Assert.False(File.Exists(csv));
        Assert.Contains("What if:", whatIf.HostText);
        Ps.Run("Export-MatterManifest $p $o -State Generated,Flashed", ("p", path), ("o", csv)).Ok();
        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("DeviceId,State,SerialNumber,VendorId,ProductId,Discriminator,DacSerial,DacSha256", lines[0]);
        Assert.Equal(3, lines.Length);
        var row = lines[1].Split(',');
        Assert.Equal(new[] { "Flashed", "ACME-000001", "FFF1", "8000", "3840", "00" }, row.Skip(1).Take(6));
        Assert.Equal("COM5", row[10]);
    }

    [Fact]
    public void ADamagedManifestIsReportedWithItsLine()
    {
        using var d = new TempDir();
        string path = MakeManifest(d);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2].Replace("ACME", "ACNE");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        var r = Ps.Run("Get-MatterManifest $p", ("p", path));
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ManifestCorrupt", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        Assert.Contains("line 3", e.Exception.Message);
        Assert.Empty(r.Output);
        var x = Ps.Run("Export-MatterManifest $p $o", ("p", path), ("o", d.File("x.csv")));
        // A terminating (statement-terminating) error: reported in the error stream, nothing written.
        Assert.StartsWith("ManifestCorrupt", Assert.Single(x.Errors).FullyQualifiedErrorId);
        Assert.False(File.Exists(d.File("x.csv")));
    }

    [Fact]
    public void AMissingManifestIsANamedError()
    {
        using var d = new TempDir();
        var r = Ps.Run("Get-MatterManifest $p", ("p", d.File("nope")));
        Assert.StartsWith("InputFileNotFound", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void ExportedCellsAreQuotedAndNeverFormulas()
    {
        using var d = new TempDir();
        string path = d.File("m");
        using (var s = new ManifestStore(path))
        {
            s.Reserve("b", 0, new ReservationRequest { SerialNumber = "=HYPERLINK(\"x\",\"a,b\")" });
        }
        string csv = d.File("out.csv");
        Ps.Run("Export-MatterManifest $p $o", ("p", path), ("o", csv)).Ok();
        string row = File.ReadAllLines(csv)[1];
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\",\"\"a,b\"\")\",", row);
    }
}
