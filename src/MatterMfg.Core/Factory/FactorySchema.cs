using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>Where a schema key's value comes from.</summary>
public enum FactoryValueSource
{
    /// <summary>The same text for every device (vendor id, names, labels, …).</summary>
    Fixed,
    Discriminator,
    IterationCount,
    Salt,
    RotatingDeviceIdUniqueId,
    SerialNumber,
    DacCertificate,
    DacKey,
    DacPublicKey,
    PaiCertificate,
    Verifier,
    CertificationDeclaration,
    /// <summary>The device's value of an extra key (per-device CSV or input row).</summary>
    Extra,
}

/// <summary>One key of the factory partition's schema: namespace, key, generator type and encoding, value source.</summary>
public sealed class FactorySchemaKey
{
    public FactorySchemaKey(string ns, string key, bool isFile, string encoding, FactoryValueSource source, string? fixedValue = null)
    {
        Namespace = ns;
        Key = key;
        IsFile = isFile;
        Encoding = encoding;
        Source = source;
        FixedValue = fixedValue;
    }

    public string Namespace { get; }

    public string Key { get; }

    public bool IsFile { get; }

    public string Encoding { get; }

    public FactoryValueSource Source { get; }

    public string? FixedValue { get; }
}

/// <summary>
/// The ordered key list of a run (esp-matter-mfg-tool's CHIP_NVS_MAP after <c>add_optional_KVs</c>): the
/// <c>chip-factory</c> keys in the reference's emission order, the extra keys of the key schema, the calendar,
/// locale, fixed-label and supported-mode keys, label and URL, then the extra namespaces. Built once per run.
/// </summary>
public sealed class FactorySchema
{
    private static readonly Dictionary<string, FactoryValueSource> DeviceKeys = new(StringComparer.Ordinal)
    {
        ["discriminator"] = FactoryValueSource.Discriminator,
        ["iteration-count"] = FactoryValueSource.IterationCount,
        ["salt"] = FactoryValueSource.Salt,
        ["verifier"] = FactoryValueSource.Verifier,
        ["serial-num"] = FactoryValueSource.SerialNumber,
        ["rd-id-uid"] = FactoryValueSource.RotatingDeviceIdUniqueId,
    };

    private readonly List<FactorySchemaKey> _keys;

    private FactorySchema(List<FactorySchemaKey> keys, IReadOnlyList<ExtraKeyDeclaration> extra)
    {
        _keys = keys;
        ExtraKeys = extra;
        Namespaces = keys.Select(k => k.Namespace).Distinct().ToList();
    }

    public IReadOnlyList<FactorySchemaKey> Keys => _keys;

    /// <summary>Namespaces in emission order (chip-factory first).</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>The declarations of the key schema (<c>--csv</c>).</summary>
    public IReadOnlyList<ExtraKeyDeclaration> ExtraKeys { get; }

    /// <summary>True when the key schema declares <paramref name="key"/> in chip-factory, so its per-device value wins.</summary>
    public bool DeclaresDeviceKey(string key) => ExtraKeys.Any(d => d.Namespace == ExtraKeyCsv.ChipFactory && d.Key == key);

    /// <param name="defaultCertificationDeclaration">The attestation source brings a CD (the test PKI's) for a run that names none.</param>
    public static FactorySchema Create(FactoryOptions o, IReadOnlyList<ExtraKeyDeclaration>? extra = null, bool defaultCertificationDeclaration = false)
    {
        extra ??= Array.Empty<ExtraKeyDeclaration>();
        const string cf = ExtraKeyCsv.ChipFactory;
        var keys = new List<FactorySchemaKey>();
        void Add(string key, string enc, FactoryValueSource src, string? value = null, bool file = false) =>
            Upsert(keys, new FactorySchemaKey(cf, key, file, enc, src, value));
        string Dec(long v) => v.ToString(CultureInfo.InvariantCulture);

        Add("discriminator", "u32", FactoryValueSource.Discriminator);
        Add("iteration-count", "u32", FactoryValueSource.IterationCount);
        Add("salt", "string", FactoryValueSource.Salt);
        Add("vendor-id", "u32", FactoryValueSource.Fixed, Dec(o.VendorId));
        if (o.VendorName != null)
        {
            Add("vendor-name", "string", FactoryValueSource.Fixed, o.VendorName);
        }
        Add("product-id", "u32", FactoryValueSource.Fixed, Dec(o.ProductId));
        if (o.ProductName != null)
        {
            Add("product-name", "string", FactoryValueSource.Fixed, o.ProductName);
        }
        if (o.HardwareVersion is long hw)
        {
            Add("hardware-ver", "u32", FactoryValueSource.Fixed, Dec(hw));
        }
        if (o.HardwareVersionString != null)
        {
            Add("hw-ver-str", "string", FactoryValueSource.Fixed, o.HardwareVersionString);
        }
        if (o.ManufacturingDate != null)
        {
            Add("mfg-date", "string", FactoryValueSource.Fixed, o.ManufacturingDate);
        }
        if (o.EnableRotatingDeviceId)
        {
            Add("rd-id-uid", "hex2bin", FactoryValueSource.RotatingDeviceIdUniqueId);
        }
        if (o.ProductFinish != null)
        {
            Add("product-finish", "u32", FactoryValueSource.Fixed, Dec(Array.IndexOf(FactoryEnums.ProductFinishes, o.ProductFinish)));
        }
        if (o.ProductColor != null)
        {
            Add("product-color", "u32", FactoryValueSource.Fixed, Dec(Array.IndexOf(FactoryEnums.ProductColors, o.ProductColor)));
        }
        if (!string.IsNullOrEmpty(o.PartNumber))
        {
            Add("part-number", "string", FactoryValueSource.Fixed, o.PartNumber);
        }
        Add("serial-num", "string", FactoryValueSource.SerialNumber);
        // With the DAC in the secure-cert partition it leaves NVS, unless that partition is not written at all.
        if (o.Attestation != AttestationMode.None && !(o.DacInSecureCert && !o.NoSecureCertBin))
        {
            Add("dac-cert", "binary", FactoryValueSource.DacCertificate, file: true);
            Add("dac-key", "binary", FactoryValueSource.DacKey, file: true);
            Add("dac-pub-key", "binary", FactoryValueSource.DacPublicKey, file: true);
            Add("pai-cert", "binary", FactoryValueSource.PaiCertificate, file: true);
        }
        if (!o.EnableDynamicPasscode)
        {
            Add("verifier", "string", FactoryValueSource.Verifier);
        }
        if (o.CertificationDeclarationPath != null || defaultCertificationDeclaration)
        {
            Add("cert-dclrn", "binary", FactoryValueSource.CertificationDeclaration, file: true);
        }
        foreach (var d in extra)
        {
            var src = d.Namespace == cf && DeviceKeys.TryGetValue(d.Key, out var s) ? s : FactoryValueSource.Extra;
            Upsert(keys, new FactorySchemaKey(d.Namespace, d.Key, d.IsFile, d.Encoding, src));
        }
        if (o.CalendarTypes is { Count: > 0 })
        {
            Add("cal-types", "u32", FactoryValueSource.Fixed, Dec(CalendarMask(o.CalendarTypes)));
        }
        if (o.Locales is { Count: > 0 })
        {
            Add("locale-sz", "u32", FactoryValueSource.Fixed, Dec(o.Locales.Count));
            for (int i = 0; i < o.Locales.Count; i++)
            {
                Add("locale/" + i.ToString("x", CultureInfo.InvariantCulture), "string", FactoryValueSource.Fixed, o.Locales[i]);
            }
        }
        if (o.FixedLabels is { Count: > 0 })
        {
            foreach (var (key, enc, value) in FixedLabelKeys(o.FixedLabels))
            {
                Add(key, enc, FactoryValueSource.Fixed, value);
            }
        }
        if (o.SupportedModes is { Count: > 0 })
        {
            foreach (var (key, enc, value) in SupportedModeKeys(o.SupportedModes))
            {
                Add(key, enc, FactoryValueSource.Fixed, value);
            }
        }
        if (o.ProductLabel != null)
        {
            Add("product-label", "string", FactoryValueSource.Fixed, o.ProductLabel);
        }
        if (o.ProductUrl != null)
        {
            Add("product-url", "string", FactoryValueSource.Fixed, o.ProductUrl);
        }

        // Keys that live in the secure-cert partition leave NVS.
        bool secureCert = o.Attestation != AttestationMode.None && !o.NoSecureCertBin && (o.DacInSecureCert || o.CommissionableDataInSecureCert || o.RotatingDeviceIdUniqueIdInSecureCert);
        if (secureCert && o.CommissionableDataInSecureCert)
        {
            keys.RemoveAll(k => k.Namespace == cf && (k.Key == "discriminator" || k.Key == "iteration-count" || k.Key == "salt" || k.Key == "verifier"));
        }
        if (secureCert && o.RotatingDeviceIdUniqueIdInSecureCert)
        {
            keys.RemoveAll(k => k.Namespace == cf && k.Key == "rd-id-uid");
        }
        // chip-factory first, then the other namespaces in first-declared order (a Python dict of dicts).
        var ordered = keys.Where(k => k.Namespace == cf).Concat(keys.Where(k => k.Namespace != cf)).ToList();
        foreach (var k in ordered)
        {
            if (k.Key.Length > 15)
            {
                throw Nvs.NvsPartitionWriter.KeyTooLong(null, "key", k.Key);
            }
        }
        return new FactorySchema(ordered, extra);
    }

    /// <summary>Adds a key, or replaces the one with the same namespace and name in place (Python dict update).</summary>
    private static void Upsert(List<FactorySchemaKey> keys, FactorySchemaKey key)
    {
        int i = keys.FindIndex(k => k.Namespace == key.Namespace && k.Key == key.Key);
        if (i >= 0)
        {
            keys[i] = key;
        }
        else
        {
            keys.Add(key);
        }
    }

    public static uint CalendarMask(IEnumerable<string> names)
    {
        uint mask = 0;
        foreach (string n in names)
        {
            int i = Array.IndexOf(FactoryEnums.CalendarTypes, n);
            if (i < 0)
            {
                throw new MfgException(ErrorIds.CalendarTypeInvalid, MfgErrorKind.InvalidArgument,
                    $"Calendar type '{n}' is not one of {string.Join(", ", FactoryEnums.CalendarTypes)}.", n);
            }
            mask |= 1u << i;
        }
        return mask;
    }

    private static readonly Regex FixedLabelPattern = new(@"^([0-9]{1,5})/([^/]{1,15})/([^/]{1,15})$", RegexOptions.CultureInvariant);

    /// <summary>
    /// <c>fl-sz/&lt;ep&gt;</c>, then per label <c>fl-k</c>/<c>fl-v</c>, per endpoint in first-seen order. The endpoint is
    /// decimal, label and value 1..15 characters without '/'.
    /// </summary>
    public static List<(string Key, string Encoding, string Value)> FixedLabelKeys(IEnumerable<string> labels)
    {
        var byEp = new List<(int Ep, List<(string L, string V)> Items)>();
        foreach (string fl in labels)
        {
            var m = FixedLabelPattern.Match(fl);
            if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int ep) || ep > 0xFFFF)
            {
                throw new MfgException(ErrorIds.FixedLabelInvalid, MfgErrorKind.InvalidArgument,
                    $"Invalid fixed label: {fl} (use <endpoint>/<label>/<value> with a decimal endpoint 0..65535 and a label and value of 1..15 characters without '/').", fl);
            }
            var group = byEp.FirstOrDefault(g => g.Ep == ep);
            if (group.Items == null)
            {
                group = (ep, new List<(string, string)>());
                byEp.Add(group);
            }
            group.Items.Add((m.Groups[2].Value, m.Groups[3].Value));
        }
        var keys = new List<(string, string, string)>();
        foreach (var (ep, items) in byEp)
        {
            string e = ep.ToString("x", CultureInfo.InvariantCulture);
            keys.Add(($"fl-sz/{e}", "u32", items.Count.ToString(CultureInfo.InvariantCulture)));
            for (int i = 0; i < items.Count; i++)
            {
                string x = i.ToString("x", CultureInfo.InvariantCulture);
                keys.Add(($"fl-k/{e}/{x}", "string", items[i].L));
                keys.Add(($"fl-v/{e}/{x}", "string", items[i].V));
            }
        }
        return keys;
    }

    /// <summary>
    /// <c>&lt;mode&gt;/&lt;label&gt;/&lt;ep&gt;[/&lt;value&gt;\&lt;mfgcode-hex&gt;, …]</c> → <c>sm-sz/ep</c>, then per mode
    /// <c>sm-label</c>, <c>sm-mode</c>, <c>sm-st-sz</c>, and per semantic tag <c>st-v</c>, <c>st-mfg</c>.
    /// </summary>
    public static List<(string Key, string Encoding, string Value)> SupportedModeKeys(IEnumerable<string> modes)
    {
        var byEp = new List<(int Ep, List<(int Mode, string Label, List<(long V, long Mfg)> Tags)> Items)>();
        foreach (string sm in modes)
        {
            string[] parts = sm.Split(new[] { '/' }, 4);
            if (parts.Length < 3 || !TryDec(parts[0], out long mode) || parts[1].Length == 0 || !TryDec(parts[2], out long ep) || ep > 0xFFFF || mode > uint.MaxValue)
            {
                throw BadMode(sm);
            }
            var tags = new List<(long, long)>();
            if (parts.Length == 4 && parts[3].Length > 0)
            {
                foreach (string tag in parts[3].Split(new[] { ", " }, StringSplitOptions.None))
                {
                    string[] tv = tag.Split('\\');
                    string mfg = tv.Length == 2 ? tv[1].Trim() : "";
                    if (mfg.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                    {
                        mfg = mfg.Substring(2);
                    }
                    if (tv.Length != 2 || !TryDec(tv[0], out long v) || !long.TryParse(mfg, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long m)
                        || v > uint.MaxValue || m > uint.MaxValue)
                    {
                        throw BadMode(sm);
                    }
                    tags.Add((v, m));
                }
            }
            var group = byEp.FirstOrDefault(g => g.Ep == (int)ep);
            if (group.Items == null)
            {
                group = ((int)ep, new List<(int, string, List<(long, long)>)>());
                byEp.Add(group);
            }
            group.Items.Add(((int)mode, parts[1], tags));
        }
        var keys = new List<(string, string, string)>();
        string D(long v) => v.ToString(CultureInfo.InvariantCulture);
        string X(long v) => v.ToString("x", CultureInfo.InvariantCulture);
        foreach (var (ep, items) in byEp)
        {
            keys.Add(($"sm-sz/{X(ep)}", "u32", D(items.Count)));
            for (int i = 0; i < items.Count; i++)
            {
                var (mode, label, tags) = items[i];
                keys.Add(($"sm-label/{X(ep)}/{X(i)}", "string", label));
                keys.Add(($"sm-mode/{X(ep)}/{X(i)}", "u32", D(mode)));
                keys.Add(($"sm-st-sz/{X(ep)}/{X(i)}", "u32", D(tags.Count)));
                for (int j = 0; j < tags.Count; j++)
                {
                    keys.Add(($"st-v/{X(ep)}/{X(i)}/{X(j)}", "u32", D(tags[j].V)));
                    keys.Add(($"st-mfg/{X(ep)}/{X(i)}/{X(j)}", "u32", D(tags[j].Mfg)));
                }
            }
        }
        return keys;
    }

    private static bool TryDec(string s, out long v) =>
        long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out v);

    private static MfgException BadMode(string sm) =>
        new(ErrorIds.SupportedModeInvalid, MfgErrorKind.InvalidArgument,
            $"Invalid supported mode '{sm}': use <mode>/<label>/<endpoint>[/<value>\\<mfgcode-hex>, <value>\\<mfgcode-hex>…] with decimal mode, endpoint and tag values.", sm);
}
