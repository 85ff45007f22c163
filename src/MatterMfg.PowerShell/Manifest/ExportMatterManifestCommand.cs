using System.Globalization;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.IO;
using MatterMfg.Manifest;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Manifest;

/// <summary>Writes a device manifest as CSV, for spreadsheets, label printers and the contract manufacturer's systems.</summary>
/// <remarks>
/// <para>One row per device: DeviceId, State, SerialNumber, VendorId, ProductId (4 hex digits), Discriminator, DacSerial,
/// DacSha256, OutputFolder, PartitionPath, Port, Station, ReservedAt, GeneratedAt, FlashedAt, VerifiedAt (UTC, ISO 8601),
/// Detail. The file is written atomically; no passcode or key is ever in it.</para>
/// </remarks>
/// <example>
/// <code>PS> Export-MatterManifest -Path .\line1.manifest -OutFile .\line1-devices.csv -State Verified</code>
/// <para>Exports the devices that passed the end-of-line check.</para>
/// </example>
[Cmdlet(VerbsData.Export, "MatterManifest", SupportsShouldProcess = true)]
[OutputType(typeof(System.IO.FileInfo))]
public sealed class ExportMatterManifestCommand : MatterMfgCmdlet
{
    /// <summary>The ledger: a manifest file, or a PostgreSQL connection string (Host=...;Database=...) or postgres:// URL.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Manifest")]
    public string Path { get; set; } = "";

    /// <summary>The user and password for a PostgreSQL ledger (else the connection string's, or PGPASSWORD).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ManifestCredential { get; set; }

    /// <summary>The CSV file to write.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string OutFile { get; set; } = "";

    /// <summary>Only devices in these states.</summary>
    [Parameter]
    public DeviceState[]? State { get; set; }

    internal static readonly string[] Columns =
    {
        "DeviceId", "State", "SerialNumber", "VendorId", "ProductId", "Discriminator", "DacSerial", "DacSha256", "OutputFolder",
        "PartitionPath", "Port", "Station", "ReservedAt", "GeneratedAt", "FlashedAt", "VerifiedAt", "Detail",
    };

    protected override void EndProcessingCore()
    {
        string outFile = ResolvePath(OutFile);
        ManifestSnapshot snapshot;
        string path;
        try
        {
            using var store = OpenLedger(Path, ManifestCredential, mustExist: true);
            path = store.Location;
            snapshot = store.Read();
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
            return;
        }
        var devices = snapshot.Devices.Where(d => State == null || State.Contains(d.State)).ToList();
        if (!ShouldProcess(outFile, $"Write {devices.Count} device(s) from '{path}' as CSV"))
        {
            return;
        }
        var sb = new System.Text.StringBuilder();
        sb.Append(string.Join(",", Columns)).Append("\r\n");
        foreach (var d in devices)
        {
            string?[] cells =
            {
                d.DeviceId, d.State.ToString(), d.SerialNumber, Hex(d.VendorId), Hex(d.ProductId),
                d.Discriminator?.ToString(CultureInfo.InvariantCulture), d.DacSerial, d.DacSha256, d.OutputFolder, d.PartitionPath,
                d.Port, d.Station, Time(d.ReservedAt), Time(d.GeneratedAt), Time(d.FlashedAt), Time(d.VerifiedAt), d.Detail,
            };
            sb.Append(string.Join(",", cells.Select(Csv))).Append("\r\n");
        }
        try
        {
            AtomicFile.WriteAllText(outFile, sb.ToString());
        }
        catch (MfgException e)
        {
            ThrowSetupError(e, outFile);
        }
        WriteFileItem(outFile);
    }

    private static string? Hex(int? v) => v?.ToString("X4", CultureInfo.InvariantCulture);

    private static string? Time(System.DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs a cell as a formula.</summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        string v = value!;
        if ("=+-@".IndexOf(v[0]) >= 0)
        {
            v = "'" + v;
        }
        return v.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
    }
}
