using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MatterMfg.Attestation;
using MatterMfg.Nvs;

namespace MatterMfg.Tests.Cli;

/// <summary>One case of esp-matter-mfg-tool's integration suite (<c>mfg_tool/test_data/test_integration_inputs.json</c>).</summary>
public sealed class MfgToolSuiteCase
{
    public int TestNum { get; init; }
    public string Description { get; init; } = "";
    public string Command { get; init; } = "";
    public string ExpectedOutput { get; init; } = "";
    public bool ValidateCert { get; init; }
    public bool ValidateCnInPath { get; init; }
    public bool ValidateCnNotInPath { get; init; }
    public bool ValidateNoBin { get; init; }
    public bool ValidateCsvQuoting { get; init; }
    public bool ValidateSecureCert { get; init; }
    public bool ValidateNoSecureCertBin { get; init; }
}

/// <summary>
/// Judges one run as the reference suite does (<c>mfg_tool/tests/test_integration.py</c> and <c>tests/utils.py</c>,
/// described in the README's "Drop-in compatibility"): the expected text is a substring of stdout + stderr; then, for
/// every <c>Generated output files at: &lt;dir&gt;</c> line, the factory partition decoded and compared with the command
/// line, the certificate chain (chip-cert validate-att-cert against the test PAA), the DAC CN in the path, the
/// secure-cert file present or absent, and master.csv's quoting. The exit code is not the reference's business (the
/// test adds its own check). Returns the failures; none means the case passes. Written from the suite's description,
/// not from its code.
/// </summary>
public static class MfgToolSuiteJudge
{
    private const string GeneratedAt = "Generated output files at: ";

    public static List<string> Judge(MfgToolSuiteCase c, string output, string workingDirectory, string paaCertificate)
    {
        var failures = new List<string>();
        if (!output.Contains(c.ExpectedOutput, StringComparison.Ordinal))
        {
            failures.Add($"Expected output not found: {c.ExpectedOutput}");
            return failures;
        }
        if (c.ValidateNoBin && output.Contains("*-partition.bin", StringComparison.Ordinal))
        {
            failures.Add("partition.bin files generated but expected to be skipped");
        }
        var outputs = output.Split('\n').Where(l => l.Contains(GeneratedAt, StringComparison.Ordinal))
            .Select(l => l.Substring(l.IndexOf(GeneratedAt, StringComparison.Ordinal) + GeneratedAt.Length).Trim()).ToList();
        var args = CommandArguments(c.Command);
        if (c.ValidateCsvQuoting)
        {
            CheckCsvQuoting(args, workingDirectory, failures);
        }
        foreach (string dir in outputs)
        {
            CheckPartition(args, Path.Combine(workingDirectory, dir), workingDirectory, failures);
        }
        if (c.ValidateCert)
        {
            if (outputs.Count == 0)
            {
                failures.Add("Could not find output path, Certificates not generated");
            }
            foreach (string dir in outputs)
            {
                CheckChain(Path.Combine(workingDirectory, dir), paaCertificate, failures);
            }
        }
        if (c.ValidateCnInPath || c.ValidateCnNotInPath)
        {
            foreach (string dir in outputs)
            {
                string cn = CommonName(File.ReadAllBytes(Path.Combine(workingDirectory, dir, "internal", "DAC_cert.der")));
                if (dir.Contains(cn, StringComparison.Ordinal) != c.ValidateCnInPath)
                {
                    failures.Add($"DAC certificate common name '{cn}' {(c.ValidateCnInPath ? "not found" : "found")} in output path {dir}");
                }
            }
        }
        if (c.ValidateSecureCert || c.ValidateNoSecureCertBin)
        {
            foreach (string dir in outputs)
            {
                string sc = Path.Combine(workingDirectory, dir, Path.GetFileName(dir) + "_esp_secure_cert.bin");
                if (File.Exists(sc) != c.ValidateSecureCert)
                {
                    failures.Add($"Secure cert partition file {(c.ValidateSecureCert ? "not found" : "should not exist")}: {sc}");
                }
            }
        }
        return failures;
    }

    /// <summary>The tests' short-flag table (tests/utils.py normalize_key): an unknown short flag is an error of the case.</summary>
    private static readonly Dictionary<string, string> ShortToLong = new(StringComparer.Ordinal)
    {
        ["-v"] = "vendor-id", ["-p"] = "product-id", ["-c"] = "cert", ["-k"] = "key", ["-cd"] = "cert-dclrn", ["-cn"] = "cn-prefix",
        ["-dm"] = "discovery-mode", ["-cf"] = "commissioning-flow", ["-ds"] = "ds-peripheral", ["-lt"] = "lifetime",
        ["-vf"] = "valid-from", ["-n"] = "count", ["-s"] = "size", ["-e"] = "encrypt",
    };

    /// <summary>
    /// The command line as the suite reads it: shell words after the program name; an option takes the following words
    /// up to the next one that starts with '-' (a negative number excepted); one value is kept as is, several as a list,
    /// none as true.
    /// </summary>
    public static Dictionary<string, List<string>?> CommandArguments(string command)
    {
        var tokens = ShellWords(command).Skip(1).ToList();
        var result = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count;)
        {
            string token = tokens[i];
            if (!token.StartsWith('-'))
            {
                i++;
                continue;
            }
            string key = token.StartsWith("--", StringComparison.Ordinal) ? token.Substring(2)
                : ShortToLong.TryGetValue(token, out string? name) ? name : throw new InvalidOperationException($"unknown short flag '{token}' in the test command");
            var values = new List<string>();
            int j = i + 1;
            while (j < tokens.Count && !(tokens[j].StartsWith('-') && !tokens[j].TrimStart('-').All(char.IsDigit)))
            {
                values.Add(tokens[j++]);
            }
            result[key] = values.Count == 0 ? null : values;
            i = j;
        }
        return result;
    }

    /// <summary>POSIX shell words (what Python's shlex.split gives): single quotes literal, double quotes with \" \\ \$ \`, backslash outside quotes.</summary>
    public static List<string> ShellWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (char.IsWhiteSpace(ch))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (ch == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                word.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (ch == '"')
            {
                for (i++; text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && "\"\\$`".IndexOf(text[i + 1]) >= 0)
                    {
                        i++;
                    }
                    word.Append(text[i]);
                }
            }
            else if (ch == '\\')
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(ch);
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>Python's <c>int(x, 0)</c> for the values the cases hold (decimal, 0x/0o/0b, underscores); null when it would raise.</summary>
    private static BigInteger? PythonInt(string text)
    {
        string s = text.Trim().Replace("_", "");
        bool negative = s.StartsWith('-');
        s = s.TrimStart('-', '+');
        int radix = s.Length > 2 && s[0] == '0' ? char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 10 } : 10;
        string digits = radix == 10 ? s : s.Substring(2);
        if (digits.Length == 0 || (radix == 10 && digits.Length > 1 && digits[0] == '0'))
        {
            return null;
        }
        BigInteger v = 0;
        foreach (char d in digits)
        {
            int x = Uri.IsHexDigit(d) ? Convert.ToInt32(d.ToString(), 16) : 99;
            if (x >= radix)
            {
                return null;
            }
            v = v * radix + x;
        }
        return negative ? -v : v;
    }

    private static string? One(Dictionary<string, List<string>?> args, string key) =>
        args.TryGetValue(key, out var v) && v != null ? v[0] : null;

    private static void CheckCsvQuoting(Dictionary<string, List<string>?> args, string cwd, List<string> failures)
    {
        string master = Path.Combine(OutDir(args, cwd), "staging", "master.csv");
        if (!File.Exists(master))
        {
            failures.Add("master.csv not found: " + master);
            return;
        }
        var rows = Csv(File.ReadAllText(master));
        int column = rows[0].IndexOf("vendor-name");
        foreach (var row in rows.Skip(1))
        {
            if (column < 0 || row[column] != "Test Vendor,LLC")
            {
                failures.Add("Vendor name should be quoted");
            }
        }
    }

    /// <summary>The folder the suite cleans and reads master.csv from: --outdir, or out/&lt;vid&gt;_&lt;pid&gt; (hex, 4 digits).</summary>
    private static string OutDir(Dictionary<string, List<string>?> args, string cwd)
    {
        string? outdir = One(args, "outdir");
        if (outdir != null)
        {
            return Path.Combine(cwd, outdir);
        }
        string Hex(string key) => ((int)ParseHex(One(args, key)!)).ToString("x4", CultureInfo.InvariantCulture);
        return Path.Combine(cwd, "out", Hex("vendor-id") + "_" + Hex("product-id"));
    }

    private static long ParseHex(string text) => Convert.ToInt64(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.Substring(2) : text, 16);

    /// <summary>A CSV file as rows of fields (RFC 4180 quoting, any line end).</summary>
    private static List<List<string>> Csv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = new List<string>();
            }
            else
            {
                field.Append(ch);
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// The suite's partition check: the chip-factory namespace of &lt;dir&gt;/&lt;dir&gt;-partition.bin against the
    /// command line and the device's internal/ files. A missing partition is skipped (--no-bin), as the suite does; an
    /// encrypted one is read with the device's keys partition.
    /// </summary>
    private static void CheckPartition(Dictionary<string, List<string>?> args, string dir, string cwd, List<string> failures)
    {
        string name = Path.GetFileName(dir);
        string bin = Path.Combine(dir, name + "-partition.bin");
        if (!File.Exists(bin))
        {
            return;
        }
        string keysBin = Path.Combine(dir, name + "-keys-partition.bin");
        var keys = args.ContainsKey("encrypt") && File.Exists(keysBin) ? NvsKeys.FromPartition(File.ReadAllBytes(keysBin)) : null;
        var nvs = NvsPartitionReader.Read(File.ReadAllBytes(bin), keys).Entries.Where(e => e.Namespace == "chip-factory")
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

        void Expect(string what, object? expected, string nvsKey, Func<object, object> actualAs)
        {
            if (expected != null && nvs.TryGetValue(nvsKey, out object? actual) && !Equals(expected, actualAs(actual)))
            {
                failures.Add($"{what}: expected {Show(expected)}, got {Show(actualAs(actual))} ({nvsKey} in {bin})");
            }
        }
        object Integer(object v) => v is string or byte[] ? v : (BigInteger)Convert.ToDecimal(v, CultureInfo.InvariantCulture);
        object Text(object v) => v is string s ? s.TrimEnd('\0').Trim() : v;
        object Bytes(object v) => v is byte[] b ? Convert.ToHexString(b) : v;

        foreach (var (arg, key) in new[] { ("vendor-id", "vendor-id"), ("product-id", "product-id"), ("hw-ver", "hardware-ver"), ("discriminator", "discriminator"), ("iteration-count", "iteration-count") })
        {
            string? v = One(args, arg);
            Expect(arg, v == null ? null : (object?)PythonInt(v) ?? v, key, Integer);
        }
        foreach (string arg in new[] { "vendor-name", "product-name", "hw-ver-str", "serial-num", "mfg-date", "product-label", "product-url", "part-number", "salt", "verifier" })
        {
            Expect(arg, One(args, arg)?.Trim(), arg, Text);
        }
        if (One(args, "product-finish") is string finish)
        {
            Expect("product-finish", (BigInteger)Array.IndexOf(MatterMfg.Factory.FactoryEnums.ProductFinishes, finish), "product-finish", Integer);
        }
        if (One(args, "product-color") is string color)
        {
            Expect("product-color", (BigInteger)Array.IndexOf(MatterMfg.Factory.FactoryEnums.ProductColors, color), "product-color", Integer);
        }
        if (args.TryGetValue("calendar-types", out var calendars) && calendars != null)
        {
            Expect("calendar-types", (BigInteger)calendars.Sum(t => 1L << Array.IndexOf(MatterMfg.Factory.FactoryEnums.CalendarTypes, t)), "cal-types", Integer);
        }
        Expect("rd-id-uid", One(args, "rd-id-uid")?.ToUpperInvariant(), "rd-id-uid", Bytes);
        if (One(args, "cert-dclrn") is string cd)
        {
            Expect("cert-dclrn", Convert.ToHexString(File.ReadAllBytes(Path.Combine(cwd, cd))), "cert-dclrn", Bytes);
        }
        if (!args.ContainsKey("dac-in-secure-cert"))
        {
            string internalDir = Path.Combine(dir, "internal");
            string? Hex(string file, Func<byte[], byte[]>? convert = null)
            {
                string path = Path.Combine(internalDir, file);
                return File.Exists(path) ? Convert.ToHexString((convert ?? (b => b))(File.ReadAllBytes(path))) : null;
            }
            Expect("dac-cert", Hex("DAC_cert.der"), "dac-cert", Bytes);
            Expect("dac-key", Hex("DAC_key.der", PrivateScalar), "dac-key", Bytes);
            Expect("dac-pub-key", Hex("DAC_public_key.bin"), "dac-pub-key", Bytes);
            Expect("pai-cert", Hex("PAI_cert.der"), "pai-cert", Bytes);
        }
        if (args.ContainsKey("enable-rotating-device-id") && !nvs.ContainsKey("rd-id-uid"))
        {
            failures.Add("rd-id-uid missing while enable-rotating-device-id is set");
        }
        if (args.ContainsKey("enable-dynamic-passcode") && nvs.ContainsKey("verifier"))
        {
            failures.Add("verifier should be absent when enable-dynamic-passcode is set");
        }
        if (args.TryGetValue("locales", out var locales) && locales != null && nvs.ContainsKey("locale-sz"))
        {
            Expect("locale-sz", (BigInteger)locales.Count, "locale-sz", Integer);
            for (int i = 0; i < locales.Count; i++)
            {
                Expect($"locale/{i}", locales[i].Trim(), $"locale/{i:x}", Text);
            }
        }
        if (args.TryGetValue("fixed-labels", out var labels) && labels != null)
        {
            foreach (var endpoint in labels.Select(l => l.Split('/')).GroupBy(p => int.Parse(p[0], CultureInfo.InvariantCulture)))
            {
                if (!nvs.ContainsKey($"fl-sz/{endpoint.Key:x}"))
                {
                    continue;
                }
                Expect($"fl-sz/{endpoint.Key}", (BigInteger)endpoint.Count(), $"fl-sz/{endpoint.Key:x}", Integer);
                foreach (var (label, i) in endpoint.Select((l, i) => (l, i)))
                {
                    Expect($"fl-k/{endpoint.Key}/{i}", label[1], $"fl-k/{endpoint.Key:x}/{i:x}", Text);
                    Expect($"fl-v/{endpoint.Key}/{i}", label[2], $"fl-v/{endpoint.Key:x}/{i:x}", Text);
                }
            }
        }
        if (args.TryGetValue("supported-modes", out var modes) && modes != null)
        {
            foreach (var endpoint in modes.Select(m => m.Split('/')).GroupBy(p => int.Parse(p[2], CultureInfo.InvariantCulture)))
            {
                int ep = endpoint.Key;
                if (!nvs.ContainsKey($"sm-sz/{ep:x}"))
                {
                    continue;
                }
                Expect($"sm-sz/{ep}", (BigInteger)endpoint.Count(), $"sm-sz/{ep:x}", Integer);
                foreach (var (mode, i) in endpoint.Select((m, i) => (m, i)))
                {
                    Expect($"sm-label/{ep}/{i}", mode[1], $"sm-label/{ep:x}/{i:x}", Text);
                    Expect($"sm-mode/{ep}/{i}", (BigInteger)int.Parse(mode[0], CultureInfo.InvariantCulture), $"sm-mode/{ep:x}/{i:x}", Integer);
                    var tags = mode.Length == 4 ? mode[3].Split(", ") : Array.Empty<string>();
                    if (tags.Length == 0 || !nvs.ContainsKey($"sm-st-sz/{ep:x}/{i:x}"))
                    {
                        continue;
                    }
                    Expect($"sm-st-sz/{ep}/{i}", (BigInteger)tags.Length, $"sm-st-sz/{ep:x}/{i:x}", Integer);
                    foreach (var (tag, j) in tags.Select((t, j) => (t.Split('\\'), j)))
                    {
                        Expect($"st-v/{ep}/{i}/{j}", (BigInteger)int.Parse(tag[0], CultureInfo.InvariantCulture), $"st-v/{ep:x}/{i:x}/{j:x}", Integer);
                        Expect($"st-mfg/{ep}/{i}/{j}", (BigInteger)Convert.ToInt32(tag[1], 16), $"st-mfg/{ep:x}/{i:x}/{j:x}", Integer);
                    }
                }
            }
        }
    }

    private static string Show(object v) => v is string s ? "'" + s + "'" : Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The 32-byte private value of a DER EC key (SEC1 or PKCS#8), as the suite takes it from DAC_key.der.</summary>
    private static byte[] PrivateScalar(byte[] der)
    {
        using var ec = ECDsa.Create();
        try
        {
            ec.ImportECPrivateKey(der, out _);
        }
        catch (CryptographicException)
        {
            ec.ImportPkcs8PrivateKey(der, out _);
        }
        return ec.ExportParameters(true).D!;
    }

    /// <summary>
    /// chip-cert validate-att-cert -d DAC_cert.der -i PAI_cert.der -a &lt;test PAA&gt;: the X.509 path with the PAA as the only
    /// trust anchor (the platform's chain engine), and every Matter attestation rule of the three certificates.
    /// </summary>
    private static void CheckChain(string dir, string paaPath, List<string> failures)
    {
        string dacPath = Path.Combine(dir, "internal", "DAC_cert.der"), paiPath = Path.Combine(dir, "internal", "PAI_cert.der");
        if (!File.Exists(dacPath) || !File.Exists(paiPath) || !File.Exists(paaPath))
        {
            failures.Add("Certificate files not generated: " + dir);
            return;
        }
        using var dac = X509CertificateLoader.LoadCertificate(File.ReadAllBytes(dacPath));
        using var pai = X509CertificateLoader.LoadCertificate(File.ReadAllBytes(paiPath));
        using var paa = X509Certificate2.CreateFromPem(File.ReadAllText(paaPath));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(paa);
        chain.ChainPolicy.ExtraStore.Add(pai);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(dac) || chain.ChainElements.Count != 3)
        {
            failures.Add($"Certificate validation failed for {dir}: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
        }
        var report = AttestationChain.Check(AttestationCredentials.ReadCertificate(dacPath), AttestationCredentials.ReadCertificate(paiPath), AttestationCredentials.ReadCertificate(paaPath));
        failures.AddRange(report.Failures.Select(f => $"Certificate validation failed for {dir}: [{f.Rule}] {f.Message}"));
    }

    private static string CommonName(byte[] der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        return cert.GetNameInfo(X509NameType.SimpleName, false);
    }
}
