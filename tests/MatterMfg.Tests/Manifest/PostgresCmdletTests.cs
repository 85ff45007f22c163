using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using MatterMfg.Ledger;
using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;
using Npgsql;

namespace MatterMfg.Tests.Manifest;

/// <summary>Every cmdlet that takes -Manifest, on a PostgreSQL ledger, with the password only in -ManifestCredential.</summary>
public class PostgresCmdletTests
{
    private static (string Ledger, PSCredential Credential) Station(PostgresTestSchema schema)
    {
        var b = new NpgsqlConnectionStringBuilder(schema.ConnectionString);
        var credential = new PSCredential(b.Username!, new NetworkCredential("", b.Password).SecurePassword);
        b.Password = null;
        b.Username = null;
        return (b.ConnectionString, credential);
    }

    [PostgresFact]
    public void Factory_images_end_of_line_checks_listing_and_export_all_work_on_a_PostgreSQL_ledger()
    {
        using var d = new TempDir();
        using var schema = PostgresTestServer.NewSchema();
        var (ledger, credential) = Station(schema);
        var gen = Ps.Run("New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -Manifest $m -ManifestCredential $c -SerialNumberFormat 'DB-{0:D3}' -WarningAction SilentlyContinue",
            ("out", d.Path), ("m", ledger), ("c", credential)).Ok();
        Assert.Equal(3, gen.Count);
        string shown = (string)gen[0].Properties["Manifest"].Value;
        Assert.Contains("Search Path=" + schema.Name, shown);
        Assert.DoesNotContain(credential.GetNetworkCredential().Password, shown);

        var check = Ps.Run("$d | Test-MatterFactoryImage -Manifest $m -ManifestCredential $c -TestAttestation",
            ("d", gen[0]), ("m", ledger), ("c", credential)).Ok();
        Assert.True((bool)Assert.Single(check).Properties["Passed"].Value);

        var listed = Ps.Run("Get-MatterManifest -Path $m -ManifestCredential $c", ("m", ledger), ("c", credential)).Ok();
        Assert.Equal(new[] { "DB-001", "DB-002", "DB-003" }, listed.Select(o => (string)o.Properties["SerialNumber"].Value).OrderBy(s => s));
        Assert.Equal(1, listed.Count(o => o.Properties["State"].Value.ToString() == "Verified"));
        Assert.Equal(2, listed.Count(o => o.Properties["State"].Value.ToString() == "Generated"));

        string csv = d.File("devices.csv");
        Ps.Run("Export-MatterManifest $m $o -ManifestCredential $c -State Verified", ("m", ledger), ("o", csv), ("c", credential)).Ok();
        Assert.Equal(2, File.ReadAllLines(csv).Length);

        // Without a password anywhere the login fails with the named error, and no password ever shows up.
        var denied = Ps.Run("Get-MatterManifest -Path $m", ("m", ledger + ";Username=" + credential.UserName + ";Password=nope-42"));
        var e = Assert.Single(denied.Errors);
        Assert.StartsWith("LedgerConnectionFailed", e.FullyQualifiedErrorId);
        Assert.DoesNotContain("nope-42", e.Exception.Message);
    }

    [PostgresFact]
    public void Copy_moves_a_file_manifest_into_PostgreSQL_and_back_and_WhatIf_copies_nothing()
    {
        using var d = new TempDir();
        using var schema = PostgresTestServer.NewSchema();
        var (ledger, credential) = Station(schema);
        Ps.Run("New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -Manifest $f -WarningAction SilentlyContinue",
            ("out", d.Path), ("f", d.File("line.manifest"))).Ok();

        Ps.Run("Copy-MatterManifest $f $m -DestinationCredential $c -WhatIf", ("f", d.File("line.manifest")), ("m", ledger), ("c", credential)).Ok();
        using (var db = DeviceLedger.Open(schema.ConnectionString))
        {
            Assert.Equal(0, db.Read().Count);
        }
        var copied = Ps.Run("Copy-MatterManifest $f $m -DestinationCredential $c", ("f", d.File("line.manifest")), ("m", ledger), ("c", credential)).Ok();
        Assert.Equal(2, Assert.Single(copied).Properties["Devices"].Value);
        var again = Ps.Run("Copy-MatterManifest $f $m -DestinationCredential $c", ("f", d.File("line.manifest")), ("m", ledger), ("c", credential));
        Assert.StartsWith("LedgerImportConflict", Assert.Single(again.Errors).FullyQualifiedErrorId);

        Ps.Run("Copy-MatterManifest $m $back -ManifestCredential $c", ("m", ledger), ("back", d.File("back.manifest")), ("c", credential)).Ok();
        var original = new ManifestStore(d.File("line.manifest")).Read().History;
        var back = new ManifestStore(d.File("back.manifest")).Read().History;
        Assert.Equal(original.Select(r => (r.DeviceId, r.State, r.SerialNumber, r.DacSerial, r.RunId)), back.Select(r => (r.DeviceId, r.State, r.SerialNumber, r.DacSerial, r.RunId)));
    }

    [PostgresFact]
    public void Initialize_creates_the_tables_once_and_Script_prints_them_without_a_server()
    {
        using var schema = PostgresTestServer.NewSchema();
        var (ledger, credential) = Station(schema);
        var whatIf = Ps.Run("Initialize-MatterManifest $m -ManifestCredential $c -WhatIf", ("m", ledger), ("c", credential)).Ok();
        Assert.Empty(whatIf);
        Assert.Equal(false, schema.Scalar("SELECT to_regclass('mattermfg_devices') IS NOT NULL"));
        var first = Ps.Run("Initialize-MatterManifest $m -ManifestCredential $c", ("m", ledger), ("c", credential)).Ok();
        Assert.Equal(new[] { 1 }, ((System.Collections.Generic.IEnumerable<int>)Assert.Single(first).Properties["Applied"].Value).ToArray());
        var second = Ps.Run("Initialize-MatterManifest $m -ManifestCredential $c", ("m", ledger), ("c", credential)).Ok();
        Assert.Empty((System.Collections.Generic.IEnumerable<int>)Assert.Single(second).Properties["Applied"].Value);
        string sql = (string)Assert.Single(Ps.Run("Initialize-MatterManifest -Script").Ok()).BaseObject;
        Assert.Contains("CREATE TABLE mattermfg_history", sql);
        Assert.Contains("append-only", sql);
        var notDb = Ps.Run("Initialize-MatterManifest line.manifest");
        Assert.StartsWith("LedgerConnectionStringInvalid", Assert.Single(notDb.Errors).FullyQualifiedErrorId);
    }
}
