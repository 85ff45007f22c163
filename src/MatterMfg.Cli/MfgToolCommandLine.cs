using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Text;

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

    /// <summary><c>--version</c>: print the version and exit.</summary>
    public bool Version { get; set; }

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
        public Spec(string[] names, Kind kind, Action<MfgToolArguments, string, object> apply, NumberRange? range = null)
        {
            Names = names;
            Kind = kind;
            Apply = apply;
            Range = range;
        }

        public string[] Names { get; }
        public Kind Kind { get; }
        public Action<MfgToolArguments, string, object> Apply { get; }
        public NumberRange? Range { get; }
        public string Display => string.Join("' / '", Names);
    }

    /// <summary>
    /// What an integer option allows. <see cref="Reference"/>: the sentence esp-matter-mfg-tool reports for the same
    /// condition (<c>{0}</c> is the value as written), put before the catalogue's wording so that a script grepping
    /// the reference's log still matches.
    /// </summary>
    private sealed record NumberRange(long Min, long Max, string? Reference = null, NumberSyntax Syntax = NumberSyntax.Python);

    private static readonly List<Spec> Specs = new()
    {
        F(new[] { "-h", "--help" }, a => a.Help = true),
        F(new[] { "--version" }, a => a.Version = true),
        I(new[] { "-n", "--count" }, new(1, FactoryOptions.MaxCount), (o, v) => o.Count = (int)v),
        T(new[] { "--target" }, (o, v) => o.Target = v),
        // The upper bound only: the NVS size rules (a multiple of 4096, at least 0x1000) keep the generator's sentences.
        I(new[] { "-s", "--size" }, new(0, FactoryOptions.MaxPartitionSize), (o, v) => o.PartitionSize = (int)v),
        F(new[] { "-e", "--encrypt" }, a => a.Options.Encrypt = true),
        TA(new[] { "--log-level" }, (a, v) => a.LogLevel = Choice(v, "--log-level", "debug", "info", "error")),
        T(new[] { "--outdir" }, (o, v) => o.OutputDirectory = v),
        F(new[] { "--no-bin" }, a => a.Options.NoBin = true),
        F(new[] { "--no-secure-cert-bin" }, a => a.Options.NoSecureCertBin = true),
        I(new[] { "--passcode" }, new(0, SetupPasscode.FieldMax), (o, v) => o.Passcode = v),
        I(new[] { "--discriminator" }, new(0, SetupDiscriminator.Max, "Discriminator is out of range, should be in range [0, 4095]"), (o, v) => o.Discriminator = v),
        TA(new[] { "-cf", "--commissioning-flow" }, (a, v) => a.Options.CommissioningFlow = IntChoice(v, "'-cf' / '--commissioning-flow'", 0, 1, 2)),
        TA(new[] { "-dm", "--discovery-mode" }, (a, v) => a.Options.DiscoveryMode = IntChoice(v, "'-dm' / '--discovery-mode'", 2, 4, 6)),
        F(new[] { "--enable-dynamic-passcode" }, a => a.Options.EnableDynamicPasscode = true),
        T(new[] { "--salt" }, (o, v) => o.Salt = v),
        T(new[] { "--verifier" }, (o, v) => o.Verifier = v),
        I(new[] { "--iteration-count" }, new(Spake2pVerifier.MinIterations, Spake2pVerifier.MaxIterations, "--iteration-count must be between 1000 and 100000"),
            (o, v) => o.IterationCount = (int)v),
        F(new[] { "--commissionable-data-in-secure-cert" }, a => a.Options.CommissionableDataInSecureCert = true),
        F(new[] { "--dac-in-secure-cert" }, a => a.Options.DacInSecureCert = true),
        I(new[] { "-lt", "--lifetime" }, new(0, int.MaxValue), (o, v) => o.LifetimeDays = v == 0 ? null : (int)v),
        T(new[] { "-vf", "--valid-from" }, (o, v) => o.ValidFrom = ParseValidFrom(v)),
        T(new[] { "-cn", "--cn-prefix" }, (o, v) => o.CnPrefix = v),
        T(new[] { "-c", "--cert" }, (o, v) => o.CertificatePath = v),
        T(new[] { "-k", "--key" }, (o, v) => o.KeyPath = v),
        T(new[] { "-cd", "--cert-dclrn" }, (o, v) => o.CertificationDeclarationPath = v),
        T(new[] { "--cd-signing-cert" }, (o, v) => o.CdSigningCertificatePath = v),
        T(new[] { "--dac-cert" }, (o, v) => o.DacCertificatePath = v),
        T(new[] { "--dac-key" }, (o, v) => o.DacKeyPath = v),
        F(new[] { "-ds", "--ds-peripheral" }, a => a.Options.DsPeripheral = true),
        // Click's IntRange(-1, 5): Python's int(x), decimal only.
        I(new[] { "--efuse-key-id" }, new(-1, 5, "Invalid value for '--efuse-key-id': {0} is not in the range -1<=x<=5", NumberSyntax.PythonDecimal),
            (o, v) => o.EfuseKeyId = (int)v),
        T(new[] { "--port" }, (o, v) => o.Port = v),
        T(new[] { "--pwd", "--password" }, (o, v) => o.KeyPassword = v.ToCharArray()),
        T(new[] { "--pwd-file" }, (o, v) => o.KeyPasswordFile = v),
        F(new[] { "--paa" }, a => SetMode(a, AttestationMode.Paa, "--paa")),
        F(new[] { "--pai" }, a => SetMode(a, AttestationMode.Pai, "--pai")),
        F(new[] { "--test-pki" }, a => SetMode(a, AttestationMode.TestPki, "--test-pki")),
        I(new[] { "-v", "--vendor-id" }, new(0, 0xFFFF, "Vendor id is out of range, should be in range [0, 65535]"), (o, v) => o.VendorId = (int)v),
        T(new[] { "--vendor-name" }, (o, v) => o.VendorName = v),
        I(new[] { "-p", "--product-id" }, new(0, 0xFFFF, "Product id is out of range, should be in range [0, 65535]"), (o, v) => o.ProductId = (int)v),
        T(new[] { "--product-name" }, (o, v) => o.ProductName = v),
        I(new[] { "--hw-ver" }, new(0, 0xFFFF, "Hardware version is out of range, should be in range [0, 65535]"), (o, v) => o.HardwareVersion = v),
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
                    spec.Apply(result, name, spec.Kind == Kind.Int ? ParseInt(value, spec.Display, spec.Range!) : value);
                    break;
            }
        }
        if (result.Help || result.Version)
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

    /// <summary>
    /// An integer option's value as Python's <c>int(x, 0)</c> reads it (the reference's <c>any_base_int</c>): text that
    /// is no integer is a usage error; an integer outside the option's range, however large, is NumberOutOfRange with
    /// the value as written (never clamped), after the reference's own sentence where it has one.
    /// </summary>
    private static long ParseInt(string text, string display, NumberRange range)
    {
        RequireInteger(text, $"'{display}'", range.Syntax);
        try
        {
            return NumberText.Parse(text, $"'{display}'", range.Min, range.Max, range.Syntax);
        }
        catch (MfgException e) when (range.Reference != null)
        {
            throw new MfgException(e.ErrorId, e.Kind, string.Format(CultureInfo.InvariantCulture, range.Reference, text.Trim()) + ". " + e.Message, e.Target, e);
        }
    }

    private static string Next(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"Option '{name}' requires an argument.");
        }
        return args[++i];
    }

    /// <summary>
    /// Text that is no integer at all is a usage error, as Click reports a value its type cannot convert (its IntRange,
    /// the only decimal-only option here, says "not a valid integer range").
    /// </summary>
    private static void RequireInteger(string text, string display, NumberSyntax syntax)
    {
        if (!NumberText.TryRead(text, syntax, out _, out _, out _))
        {
            throw new UsageException(syntax == NumberSyntax.PythonDecimal
                ? $"Invalid value for {display}: '{text}' is not a valid integer range."
                : $"Invalid value for {display}: '{text}' is not a valid integer ({NumberText.Expected(syntax)}).");
        }
    }

    /// <summary>The reference's <c>int_choice</c>: an integer (any base), then one of <paramref name="choices"/>; the message quotes the value as written.</summary>
    private static int IntChoice(string text, string display, params int[] choices)
    {
        RequireInteger(text, display, NumberSyntax.Python);
        if (!NumberText.TryParse(text, NumberSyntax.Python, out long v) || !choices.Contains((int)v) || v != (int)v)
        {
            throw new UsageException($"Invalid value for {display}: invalid choice: {text.Trim()}. (choose from {string.Join(", ", choices)})");
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

    private static Spec I(string[] names, NumberRange range, Action<FactoryOptions, long> apply) => new(names, Kind.Int, (a, _, v) => apply(a.Options, (long)v), range);

    private static Spec T(string[] names, Action<FactoryOptions, string> apply) => new(names, Kind.Text, (a, _, v) => apply(a.Options, (string)v));

    private static Spec TA(string[] names, Action<MfgToolArguments, string> apply) => new(names, Kind.Text, (a, _, v) => apply(a, (string)v));

    private static Spec M(string[] names, Action<FactoryOptions, List<string>> apply) => new(names, Kind.Multi, (a, _, v) => apply(a.Options, (List<string>)v));

    /// <summary>Every option the parser takes, each with all its names (the help must describe each: CliHelpTests).</summary>
    public static IEnumerable<IReadOnlyList<string>> OptionNames => Specs.Select(s => (IReadOnlyList<string>)s.Names);
}
