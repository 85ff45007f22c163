using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MatterMfg.Checksums;

namespace MatterMfg.Manifest;

/// <summary>
/// One line of the manifest log: an event in a device's life. Never holds a passcode or key material.
/// On disk: <c>v1</c>, then tab-separated <c>name=value</c> fields (tab, newline and backslash escaped), then
/// <c>crc=XXXXXXXX</c> over everything before it. A line that does not end in a newline, or whose CRC does not match,
/// is never taken as valid.
/// </summary>
public sealed class ManifestRecord
{
    public long Sequence { get; set; }
    public DateTimeOffset Time { get; set; }
    public DeviceState State { get; set; }
    public string DeviceId { get; set; } = "";
    /// <summary>The run that wrote the record (its lease lock decides whether it is still alive).</summary>
    public string RunId { get; set; } = "";
    /// <summary>The batch a reserved device belongs to, and its position in it: the key that makes reruns resume.</summary>
    public string? Batch { get; set; }
    public int? Slot { get; set; }
    public string? SerialNumber { get; set; }
    /// <summary>The counter value the serial number was made from, with the template, so counters continue across runs.</summary>
    public long? Counter { get; set; }
    public string? SerialTemplate { get; set; }
    public int? VendorId { get; set; }
    public int? ProductId { get; set; }
    public int? Discriminator { get; set; }
    public string? DacSerial { get; set; }
    public string? DacSha256 { get; set; }
    public string? OutputFolder { get; set; }
    public string? PartitionPath { get; set; }
    public string? Port { get; set; }
    public string? Station { get; set; }
    public string? Detail { get; set; }

    internal string Serialize()
    {
        var sb = new StringBuilder(256);
        sb.Append("v1");
        Field(sb, "seq", Sequence.ToString(CultureInfo.InvariantCulture));
        Field(sb, "time", Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        Field(sb, "state", State.ToString());
        Field(sb, "device", DeviceId);
        Field(sb, "run", RunId);
        Field(sb, "batch", Batch);
        Field(sb, "slot", Slot?.ToString(CultureInfo.InvariantCulture));
        Field(sb, "serial", SerialNumber);
        Field(sb, "counter", Counter?.ToString(CultureInfo.InvariantCulture));
        Field(sb, "template", SerialTemplate);
        Field(sb, "vid", VendorId?.ToString(CultureInfo.InvariantCulture));
        Field(sb, "pid", ProductId?.ToString(CultureInfo.InvariantCulture));
        Field(sb, "disc", Discriminator?.ToString(CultureInfo.InvariantCulture));
        Field(sb, "dacserial", DacSerial);
        Field(sb, "dacsha256", DacSha256);
        Field(sb, "folder", OutputFolder);
        Field(sb, "partition", PartitionPath);
        Field(sb, "port", Port);
        Field(sb, "station", Station);
        Field(sb, "detail", Detail);
        uint crc = EspCrc32.Compute(Encoding.UTF8.GetBytes(sb.ToString()));
        sb.Append("\tcrc=").Append(crc.ToString("x8", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Parses one complete line (without its newline); the error text says what is wrong, null when valid.</summary>
    internal static ManifestRecord? Parse(string line, out string? error)
    {
        error = null;
        int crcAt = line.LastIndexOf("\tcrc=", StringComparison.Ordinal);
        if (!line.StartsWith("v1\t", StringComparison.Ordinal) || crcAt < 0)
        {
            error = "not a manifest record (no 'v1' prefix or no crc field)";
            return null;
        }
        string body = line.Substring(0, crcAt);
        if (!uint.TryParse(line.Substring(crcAt + 5), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint stored)
            || stored != EspCrc32.Compute(Encoding.UTF8.GetBytes(body)))
        {
            error = "checksum mismatch (the record was altered or damaged)";
            return null;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in body.Split('\t'))
        {
            int eq = part.IndexOf('=');
            if (eq > 0)
            {
                fields[part.Substring(0, eq)] = Unescape(part.Substring(eq + 1));
            }
        }
        try
        {
            return new ManifestRecord
            {
                Sequence = long.Parse(fields["seq"], CultureInfo.InvariantCulture),
                Time = DateTimeOffset.Parse(fields["time"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                State = (DeviceState)Enum.Parse(typeof(DeviceState), fields["state"]),
                DeviceId = fields["device"],
                RunId = fields["run"],
                Batch = Get(fields, "batch"),
                Slot = Int(fields, "slot"),
                SerialNumber = Get(fields, "serial"),
                Counter = Get(fields, "counter") is string c ? long.Parse(c, CultureInfo.InvariantCulture) : null,
                SerialTemplate = Get(fields, "template"),
                VendorId = Int(fields, "vid"),
                ProductId = Int(fields, "pid"),
                Discriminator = Int(fields, "disc"),
                DacSerial = Get(fields, "dacserial"),
                DacSha256 = Get(fields, "dacsha256"),
                OutputFolder = Get(fields, "folder"),
                PartitionPath = Get(fields, "partition"),
                Port = Get(fields, "port"),
                Station = Get(fields, "station"),
                Detail = Get(fields, "detail"),
            };
        }
        catch (Exception e) when (e is KeyNotFoundException || e is FormatException || e is ArgumentException || e is OverflowException)
        {
            error = "a required field is missing or malformed: " + e.Message;
            return null;
        }
    }

    /// <summary>A copy of the record (ledgers stamp their own sequence, time and run on it).</summary>
    public ManifestRecord Clone() => (ManifestRecord)MemberwiseClone();

    private static string? Get(Dictionary<string, string> f, string name) => f.TryGetValue(name, out string? v) ? v : null;

    private static int? Int(Dictionary<string, string> f, string name) =>
        Get(f, name) is string v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    private static void Field(StringBuilder sb, string name, string? value)
    {
        if (value == null)
        {
            return;
        }
        sb.Append('\t').Append(name).Append('=');
        foreach (char ch in value)
        {
            switch (ch)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(ch); break;
            }
        }
    }

    private static string Unescape(string s)
    {
        if (s.IndexOf('\\') < 0)
        {
            return s;
        }
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                char n = s[++i];
                sb.Append(n switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => n });
            }
            else
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }
}
