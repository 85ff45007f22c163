using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MatterMfg.Factory;

namespace MatterMfg.Cli;

/// <summary>A command-line usage error: printed as <c>Error: …</c>, exit code 2 (as Click does).</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message)
    {
    }
}

/// <summary>The parsed command line.</summary>
public sealed class MfgToolArguments
{
    public FactoryOptions Options { get; } = new();

    public bool Help { get; set; }

    /// <summary><c>--log-level</c>: debug, info or error.</summary>
    public string LogLevel { get; set; } = "info";

    /// <summary><c>--manifest</c> (MatterMfg only): the device manifest that makes the run resumable.</summary>
    public string? Manifest { get; set; }

    /// <summary><c>--batch</c> (MatterMfg only): the manifest batch name.</summary>
    public string? Batch { get; set; }

    /// <summary><c>--serial-num-format</c> (MatterMfg only): serial numbers from a counter template, such as <c>ACME-{0:D6}</c>.</summary>
    public string? SerialNumberFormat { get; set; }

    /// <summary>The long names of the options given (e.g. <c>--count</c>), to tell a default from a given value.</summary>
    public HashSet<string> Given { get; } = new(StringComparer.Ordinal);

    /// <summary><c>--log-file</c> (MatterMfg only): a plain-text log for administrators (never secrets).</summary>
    public string? LogFile { get; set; }
}

/// <summary>
/// esp-matter-mfg-tool's command line (1.0.23, Click): the same short and long option names, integers in any base as
/// Python's <c>int(x, 0)</c> reads them, multi-value options that take tokens up to the next one starting with '-',
/// last occurrence wins; plus <c>--test-pki</c>.
/// </summary>
public static class MfgToolCommandLine
{
    private enum Kind { Flag, Int, Text, Multi }

    private sealed class Spec
    {
        public Spec(string[] names, Kind kind, Action<MfgToolArguments, string, object> apply)
        {
            Names = names;
            Kind = kind;
            Apply = apply;
        }

        public string[] Names { get; }
        public Kind Kind { get; }
        public Action<MfgToolArguments, string, object> Apply { get; }
        public string Display => string.Join("' / '", Names);
    }

    private static readonly List<Spec> Specs = new()
    {
        F(new[] { "-h", "--help" }, a => a.Help = true),
        I(new[] { "-n", "--count" }, (o, v) => o.Count = Clamp(v)),
        T(new[] { "--target" }, (o, v) => o.Target = v),
        I(new[] { "-s", "--size" }, (o, v) => o.PartitionSize = Clamp(v)),
        F(new[] { "-e", "--encrypt" }, a => a.Options.Encrypt = true),
        TA(new[] { "--log-level" }, (a, v) => a.LogLevel = Choice(v, "--log-level", "debug", "info", "error")),
        T(new[] { "--outdir" }, (o, v) => o.OutputDirectory = v),
        F(new[] { "--no-bin" }, a => a.Options.NoBin = true),
        F(new[] { "--no-secure-cert-bin" }, a => a.Options.NoSecureCertBin = true),
        I(new[] { "--passcode" }, (o, v) => o.Passcode = v),
        I(new[] { "--discriminator" }, (o, v) => o.Discriminator = v),
        I(new[] { "-cf", "--commissioning-flow" }, (o, v) => o.CommissioningFlow = IntChoice(v, "'-cf' / '--commissioning-flow'", 0, 1, 2)),
        I(new[] { "-dm", "--discovery-mode" }, (o, v) => o.DiscoveryMode = IntChoice(v, "'-dm' / '--discovery-mode'", 2, 4, 6)),
        F(new[] { "--enable-dynamic-passcode" }, a => a.Options.EnableDynamicPasscode = true),
        T(new[] { "--salt" }, (o, v) => o.Salt = v),
        T(new[] { "--verifier" }, (o, v) => o.Verifier = v),
        I(new[] { "--iteration-count" }, (o, v) => o.IterationCount = Clamp(v)),
        F(new[] { "--commissionable-data-in-secure-cert" }, a => a.Options.CommissionableDataInSecureCert = true),
        F(new[] { "--dac-in-secure-cert" }, a => a.Options.DacInSecureCert = true),
        I(new[] { "-lt", "--lifetime" }, (o, v) => o.LifetimeDays = v == 0 ? null : Clamp(v)),
        T(new[] { "-vf", "--valid-from" }, (o, v) => o.ValidFrom = ParseValidFrom(v)),
        T(new[] { "-cn", "--cn-prefix" }, (o, v) => o.CnPrefix = v),
        T(new[] { "-c", "--cert" }, (o, v) => o.CertificatePath = v),
        T(new[] { "-k", "--key" }, (o, v) => o.KeyPath = v),
        T(new[] { "-cd", "--cert-dclrn" }, (o, v) => o.CertificationDeclarationPath = v),
        T(new[] { "--cd-signing-cert" }, (o, v) => o.CdSigningCertificatePath = v),
        T(new[] { "--dac-cert" }, (o, v) => o.DacCertificatePath = v),
        T(new[] { "--dac-key" }, (o, v) => o.DacKeyPath = v),
        F(new[] { "-ds", "--ds-peripheral" }, a => a.Options.DsPeripheral = true),
        T(new[] { "--efuse-key-id" }, (o, v) => o.EfuseKeyId = EfuseKeyId(v)),
        T(new[] { "--port" }, (o, v) => o.Port = v),
        T(new[] { "--pwd", "--password" }, (o, v) => o.KeyPassword = v.ToCharArray()),
        T(new[] { "--pwd-file" }, (o, v) => o.KeyPasswordFile = v),
        F(new[] { "--paa" }, a => SetMode(a, AttestationMode.Paa, "--paa")),
        F(new[] { "--pai" }, a => SetMode(a, AttestationMode.Pai, "--pai")),
        F(new[] { "--test-pki" }, a => SetMode(a, AttestationMode.TestPki, "--test-pki")),
        I(new[] { "-v", "--vendor-id" }, (o, v) => o.VendorId = (int)Math.Max(Math.Min(v, int.MaxValue), int.MinValue)),
        T(new[] { "--vendor-name" }, (o, v) => o.VendorName = v),
        I(new[] { "-p", "--product-id" }, (o, v) => o.ProductId = (int)Math.Max(Math.Min(v, int.MaxValue), int.MinValue)),
        T(new[] { "--product-name" }, (o, v) => o.ProductName = v),
        I(new[] { "--hw-ver" }, (o, v) => o.HardwareVersion = v),
        T(new[] { "--hw-ver-str" }, (o, v) => o.HardwareVersionString = v),
        T(new[] { "--mfg-date" }, (o, v) => o.ManufacturingDate = v),
        T(new[] { "--serial-num" }, (o, v) => o.SerialNumber = v),
        F(new[] { "--enable-rotating-device-id" }, a => a.Options.EnableRotatingDeviceId = true),
        T(new[] { "--rd-id-uid" }, (o, v) => o.RotatingDeviceIdUniqueId = v),
        T(new[] { "--product-finish" }, (o, v) => o.ProductFinish = Choice(v, "--product-finish", FactoryEnums.ProductFinishes)),
        F(new[] { "--rd-id-uid-in-secure-cert" }, a => a.Options.RotatingDeviceIdUniqueIdInSecureCert = true),
        T(new[] { "--product-color" }, (o, v) => o.ProductColor = Choice(v, "--product-color", FactoryEnums.ProductColors)),
        T(new[] { "--part-number" }, (o, v) => o.PartNumber = v),
        M(new[] { "--calendar-types" }, (o, v) => o.CalendarTypes = v.Select(c => Choice(c, "--calendar-types", FactoryEnums.CalendarTypes)).ToList()),
        M(new[] { "--locales" }, (o, v) => o.Locales = v),
        M(new[] { "--fixed-labels" }, (o, v) => o.FixedLabels = v),
        M(new[] { "--supported-modes" }, (o, v) => o.SupportedModes = v),
        T(new[] { "--product-label" }, (o, v) => o.ProductLabel = v),
        T(new[] { "--product-url" }, (o, v) => o.ProductUrl = v),
        T(new[] { "--csv" }, (o, v) => o.ExtraKeyCsvPath = v),
        T(new[] { "--mcsv" }, (o, v) => o.PerDeviceCsvPath = v),
        TA(new[] { "--manifest" }, (a, v) => a.Manifest = v),
        TA(new[] { "--batch" }, (a, v) => a.Batch = v),
        TA(new[] { "--serial-num-format" }, (a, v) => a.SerialNumberFormat = v),
        TA(new[] { "--log-file" }, (a, v) => a.LogFile = v),
    };

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> for a usage error.</summary>
    public static MfgToolArguments Parse(IReadOnlyList<string> args)
    {
        var result = new MfgToolArguments();
        bool vid = false, pid = false;
        for (int i = 0; i < args.Count; i++)
        {
            string token = args[i];
            string name = token;
            string? inline = null;
            int eq = token.IndexOf('=');
            if (token.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                name = token.Substring(0, eq);
                inline = token.Substring(eq + 1);
            }
            var spec = Specs.FirstOrDefault(s => s.Names.Contains(name, StringComparer.Ordinal));
            if (spec == null)
            {
                throw new UsageException(token.StartsWith("-", StringComparison.Ordinal) ? $"No such option: {token}" : $"Got unexpected extra argument ({token})");
            }
            result.Given.Add(spec.Names[spec.Names.Length - 1]);
            vid |= spec.Names[0] == "-v";
            pid |= spec.Names[0] == "-p";
            switch (spec.Kind)
            {
                case Kind.Flag:
                    if (inline != null)
                    {
                        throw new UsageException($"Option '{name}' does not take a value.");
                    }
                    spec.Apply(result, name, true);
                    break;
                case Kind.Multi:
                    var values = new List<string>();
                    if (inline != null)
                    {
                        values.Add(inline);
                    }
                    else
                    {
                        values.Add(Next(args, ref i, name));
                    }
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("-", StringComparison.Ordinal))
                    {
                        values.Add(args[++i]);
                    }
                    spec.Apply(result, name, values);
                    break;
                default:
                    string value = inline ?? Next(args, ref i, name);
                    spec.Apply(result, name, spec.Kind == Kind.Int ? ParseInt(value, spec.Display) : value);
                    break;
            }
        }
        if (result.Help)
        {
            return result;
        }
        var o = result.Options;
        if (o.Attestation == AttestationMode.TestPki)
        {
            // The built-in test PAI is FFF1/8000: those are the defaults, and a CD comes with it.
            o.VendorId = vid ? o.VendorId : 0xFFF1;
            o.ProductId = pid ? o.ProductId : 0x8000;
            vid = pid = true;
        }
        if (!vid)
        {
            throw new UsageException("Missing option '-v' / '--vendor-id'.");
        }
        if (!pid)
        {
            throw new UsageException("Missing option '-p' / '--product-id'.");
        }
        return result;
    }

    /// <summary>Python's <c>int(x, 0)</c>: decimal without leading zeros, 0x/0o/0b prefixes, underscores between digits, a sign.</summary>
    public static bool TryParsePythonInt(string text, out long value)
    {
        value = 0;
        string s = text.Trim();
        bool neg = false;
        if (s.StartsWith("-", StringComparison.Ordinal) || s.StartsWith("+", StringComparison.Ordinal))
        {
            neg = s[0] == '-';
            s = s.Substring(1);
        }
        int radix = 10;
        if (s.Length > 1 && s[0] == '0' && "xXoObB".IndexOf(s[1]) >= 0)
        {
            radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            s = s.Substring(2);
            if (s.StartsWith("_", StringComparison.Ordinal))
            {
                s = s.Substring(1);
            }
        }
        if (s.Length == 0 || s.StartsWith("_", StringComparison.Ordinal) || s.EndsWith("_", StringComparison.Ordinal) || s.Contains("__"))
        {
            return false;
        }
        s = s.Replace("_", "");
        if (radix == 10 && s.Length > 1 && s[0] == '0' && s.Any(c => c != '0'))
        {
            return false; // int('010', 0) is an error
        }
        long v = 0;
        foreach (char c in s)
        {
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
            if (digit >= radix)
            {
                return false;
            }
            if (v > (long.MaxValue - digit) / radix)
            {
                return false;
            }
            v = v * radix + digit;
        }
        value = neg ? -v : v;
        return true;
    }

    private static long ParseInt(string text, string display)
    {
        if (!TryParsePythonInt(text, out long v))
        {
            throw new UsageException($"Invalid value for '{display}': '{text}' is not a valid integer (decimal, or 0x/0o/0b prefixed).");
        }
        return v;
    }

    private static string Next(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"Option '{name}' requires an argument.");
        }
        return args[++i];
    }

    private static int Clamp(long v) => (int)Math.Max(Math.Min(v, int.MaxValue), int.MinValue);

    private static int IntChoice(long v, string display, params int[] choices)
    {
        if (!choices.Contains((int)v) || v != (int)v)
        {
            throw new UsageException($"Invalid value for {display}: invalid choice: {v}. (choose from {string.Join(", ", choices)})");
        }
        return (int)v;
    }

    private static string Choice(string v, string option, params string[] choices)
    {
        if (!choices.Contains(v, StringComparer.Ordinal))
        {
            throw new UsageException($"Invalid value for '{option}': '{v}' is not one of {string.Join(", ", choices.Select(c => "'" + c + "'"))}.");
        }
        return v;
    }

    private static int EfuseKeyId(string v)
    {
        if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id))
        {
            throw new UsageException($"Invalid value for '--efuse-key-id': '{v}' is not a valid integer range.");
        }
        if (id < -1 || id > 5)
        {
            throw new UsageException($"Invalid value for '--efuse-key-id': {id} is not in the range -1<=x<=5.");
        }
        return id;
    }

    /// <summary><c>YYYY-MM-DDTHH:MM:SS</c> (what the reference accepts) or <c>YYYY-MM-DD [HH:MM:SS]</c> (what its help says), UTC.</summary>
    public static DateTime ParseValidFrom(string v)
    {
        string[] formats = { "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd" };
        if (!DateTime.TryParseExact(v.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t))
        {
            throw new UsageException($"Invalid value for '-vf' / '--valid-from': '{v}' is not YYYY-MM-DDTHH:MM:SS (UTC).");
        }
        return DateTime.SpecifyKind(t, DateTimeKind.Utc);
    }

    private static void SetMode(MfgToolArguments a, AttestationMode mode, string name)
    {
        if (a.Options.Attestation != AttestationMode.None && a.Options.Attestation != mode)
        {
            throw new UsageException($"Mutually exclusive options from 'Input certificate type' option group cannot be used at the same time: '--paa', '--pai', '--test-pki' ({name}).");
        }
        a.Options.Attestation = mode;
    }

    private static Spec F(string[] names, Action<MfgToolArguments> apply) => new(names, Kind.Flag, (a, _, _) => apply(a));

    private static Spec I(string[] names, Action<FactoryOptions, long> apply) => new(names, Kind.Int, (a, _, v) => apply(a.Options, (long)v));

    private static Spec T(string[] names, Action<FactoryOptions, string> apply) => new(names, Kind.Text, (a, _, v) => apply(a.Options, (string)v));

    private static Spec TA(string[] names, Action<MfgToolArguments, string> apply) => new(names, Kind.Text, (a, _, v) => apply(a, (string)v));

    private static Spec M(string[] names, Action<FactoryOptions, List<string>> apply) => new(names, Kind.Multi, (a, _, v) => apply(a.Options, (List<string>)v));

    /// <summary>The option names, for the help text.</summary>
    public static IEnumerable<string> OptionNames => Specs.Select(s => string.Join(", ", s.Names));
}
