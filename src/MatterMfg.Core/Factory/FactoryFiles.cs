using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MatterMfg.Factory;

/// <summary>The text files of the output tree, in the reference's exact format (columns, quoting, line ends).</summary>
public static class FactoryFiles
{
    /// <summary><c>internal/partition.csv</c>: the generator's input for the device, CRLF.</summary>
    public static string PartitionCsv(IEnumerable<FactoryEntry> entries)
    {
        var sb = new StringBuilder("key,type,encoding,value\r\n");
        string? ns = null;
        foreach (var e in entries)
        {
            if (e.Namespace != ns)
            {
                ns = e.Namespace;
                sb.Append(CsvText.Field(ns)).Append(",namespace,,\r\n");
            }
            sb.Append(CsvText.Line(new[] { e.Key, e.IsFile ? "file" : "data", e.Encoding, e.Value })).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The manual code as the reference prints it: 11 digits as <c>DDDD-DDD-DDDD</c>; 21 digits as
    /// <c>DDDD-DDD-DDDD</c>, a line feed, <c>DDDD-DDD-DD-D</c>.
    /// </summary>
    public static string DisplayManualCode(string digits)
    {
        string s = digits.Replace("-", "").Replace("\n", "");
        if (s.Length <= 11)
        {
            return s.Substring(0, 4) + "-" + s.Substring(4, 3) + "-" + s.Substring(7);
        }
        return s.Substring(0, 4) + "-" + s.Substring(4, 3) + "-" + s.Substring(7, 4) + "\n" + s.Substring(11, 4) + "-" + s.Substring(15, 3) + "-" + s.Substring(18, 2) + "-" + s.Substring(20);
    }

    /// <summary><c>&lt;uuid&gt;-onb_codes.csv</c> (LF).</summary>
    public static string OnboardingCodesCsv(string qrCode, string manualCodeDisplay, ushort discriminator, uint passcode) =>
        "qrcode,manualcode,discriminator,passcode\n" +
        CsvText.Line(new[] { qrCode, manualCodeDisplay, discriminator.ToString(CultureInfo.InvariantCulture), passcode.ToString(CultureInfo.InvariantCulture) }) + "\n";

    /// <summary>
    /// Reads back what <see cref="OnboardingCodesCsv"/> wrote: the QR code, the manual code as displayed and the passcode
    /// (null when the cell is not a number); null when the file has no data row.
    /// </summary>
    public static (string QrCode, string ManualCode, uint? Passcode)? ReadOnboardingCodes(string path)
    {
        var rows = CsvText.Parse(System.IO.File.ReadAllText(path), path);
        if (rows.Count < 2 || rows[1].Count < 4)
        {
            return null;
        }
        var cells = rows[1];
        return (cells[0], cells[1], uint.TryParse(cells[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint pc) ? pc : null);
    }

    /// <summary>The header of <c>summary-*.csv</c> (CRLF line end not included).</summary>
    public static string SummaryHeader(FactorySchema schema, FactoryOptions o)
    {
        var cols = schema.Keys.Select(k => k.Key).ToList();
        if (!o.EnableDynamicPasscode)
        {
            cols.AddRange(new[] { "pincode", "qrcode", "manualcode" });
        }
        if (SecureCertHoldsCommissionableData(o))
        {
            cols.AddRange(new[] { "discriminator", "iteration-count", "salt" });
        }
        if (SecureCertHoldsRdIdUid(o))
        {
            cols.Add("rd-id-uid");
        }
        return CsvText.Line(cols);
    }

    /// <summary>One device's summary row: the partition values (file keys show their paths), then the onboarding columns.</summary>
    public static string SummaryRow(IReadOnlyList<FactoryEntry> entries, FactoryOptions o, DeviceValues d, string? qrCode, string? manualCodeDisplay)
    {
        var cols = entries.Select(e => e.Value).ToList();
        if (!o.EnableDynamicPasscode)
        {
            cols.Add(d.Passcode?.ToString(CultureInfo.InvariantCulture) ?? "");
            cols.Add(qrCode ?? "");
            cols.Add(manualCodeDisplay ?? "");
        }
        if (SecureCertHoldsCommissionableData(o))
        {
            cols.Add(d.Discriminator.ToString(CultureInfo.InvariantCulture));
            cols.Add(d.IterationCount.ToString(CultureInfo.InvariantCulture));
            cols.Add(d.SaltText);
        }
        if (SecureCertHoldsRdIdUid(o))
        {
            cols.Add((d.RotatingDeviceIdUniqueId ?? "").ToLowerInvariant());
        }
        return CsvText.Line(cols);
    }

    /// <summary>The <c>cn_dacs-*.csv</c> header.</summary>
    public const string CnDacsHeader = "CN,certs";

    /// <summary>One <c>cn_dacs</c> row: the CN and the DAC as PEM (always quoted: it holds line feeds).</summary>
    public static string CnDacsRow(string commonName, string dacPem) => CsvText.Line(new[] { commonName, dacPem });

    /// <summary><c>staging/config.csv</c>: the schema, one <c>ns,namespace,</c> line per namespace.</summary>
    public static string ConfigCsv(FactorySchema schema)
    {
        var sb = new StringBuilder();
        string? ns = null;
        foreach (var k in schema.Keys)
        {
            if (k.Namespace != ns)
            {
                ns = k.Namespace;
                sb.Append(ns).Append(",namespace,\n");
            }
            sb.Append(k.Key).Append(',').Append(k.IsFile ? "file" : "data").Append(',').Append(k.Encoding).Append('\n');
        }
        return sb.ToString();
    }

    public static bool WritesSecureCert(FactoryOptions o) =>
        o.Attestation != AttestationMode.None && !o.NoSecureCertBin
        && (o.DacInSecureCert || o.CommissionableDataInSecureCert || o.RotatingDeviceIdUniqueIdInSecureCert);

    public static bool SecureCertHoldsCommissionableData(FactoryOptions o) => WritesSecureCert(o) && o.CommissionableDataInSecureCert;

    public static bool SecureCertHoldsRdIdUid(FactoryOptions o) => WritesSecureCert(o) && o.RotatingDeviceIdUniqueIdInSecureCert;
}
