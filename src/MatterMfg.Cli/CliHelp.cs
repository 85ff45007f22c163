using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using MatterMfg.Factory;

namespace MatterMfg.Cli;

/// <summary>One option in <c>mattermfg --help</c>: its names, the value it takes, what it does, the values allowed, its default.</summary>
public sealed class CliOption
{
    public CliOption(string[] names, string? value, string text, string? allowed = null, string? @default = null)
    {
        Names = names;
        Value = value;
        Text = text;
        Allowed = allowed;
        Default = @default;
    }

    /// <summary>The option's names, exactly as the parser takes them (short first).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The value's placeholder (INTEGER, PATH, ...); null for a flag.</summary>
    public string? Value { get; }

    public string Text { get; }

    public string? Allowed { get; }

    public string? Default { get; }
}

/// <summary>A titled group of options, as esp-matter-mfg-tool's help groups them.</summary>
public sealed class CliOptionGroup
{
    public CliOptionGroup(string title, params CliOption[] options)
    {
        Title = title;
        Options = options;
    }

    public string Title { get; }

    public IReadOnlyList<CliOption> Options { get; }
}

/// <summary>
/// <c>mattermfg --help</c> and <c>--version</c>. The options are grouped and ordered as esp-matter-mfg-tool 1.0.23's Click
/// help (General, Commissioning, Device attestation credential, Input certificate type, Device instance information,
/// Device instance, Few more Basic clusters, Extra information using csv files), then MatterMfg's own options. Each
/// says what it does, the values it allows and its default; the defaults come from <see cref="FactoryOptions"/>.
/// </summary>
public static class CliHelp
{
    private const int Width = 80;
    private const int NameColumn = 32;

    private static readonly FactoryOptions Defaults = new();

    private static string Choices(IEnumerable<string> values) => string.Join(", ", values);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every option the command line takes, in help order.</summary>
    public static IReadOnlyList<CliOptionGroup> Groups { get; } = new[]
    {
        new CliOptionGroup("Options",
            new CliOption(new[] { "-h", "--help" }, null, "Show this message and exit."),
            new CliOption(new[] { "--version" }, null, "Show mattermfg's version and exit.")),
        new CliOptionGroup("General options",
            new CliOption(new[] { "-n", "--count" }, "INTEGER",
                "Number of devices to make. With --csv and --mcsv, the number of rows of the --mcsv file instead.",
                "1.." + Number(FactoryOptions.MaxCount) + " (also the most --mcsv rows)", Number(Defaults.Count)),
            new CliOption(new[] { "--target" }, "CHIP",
                "The chip the devices use. Only --ds-peripheral checks it (esp32h2).",
                "esp32, esp32s2, esp32s3, esp32c2, esp32c3, esp32c6, esp32h2 (not checked)", Defaults.Target),
            new CliOption(new[] { "-s", "--size" }, "INTEGER",
                "Size of the factory NVS partition in bytes (decimal or 0x hex).",
                "a multiple of 4096 up to 0x" + FactoryOptions.MaxPartitionSize.ToString("X", CultureInfo.InvariantCulture) + ": 0x1000 and 0x2000 give a read-only partition, 0x3000 or more a writable one",
                "0x" + Defaults.PartitionSize.ToString("X", CultureInfo.InvariantCulture)),
            new CliOption(new[] { "-e", "--encrypt" }, null,
                "Encrypt the factory NVS partition (AES-XTS) and write each device's NVS keys partition beside it."),
            new CliOption(new[] { "--log-level" }, "LEVEL", "How much to print.", "debug, info, error", "info"),
            new CliOption(new[] { "--outdir" }, "PATH",
                "Root of the output tree: <outdir>/<vid>_<pid>/<device id>/... and the summary CSVs.",
                @default: Defaults.OutputDirectory + " (under the current directory)"),
            new CliOption(new[] { "--no-bin" }, null,
                "Do not write the NVS partition binaries (nor the keys partitions); the CSVs, DACs, codes and secure-cert partitions are still written."),
            new CliOption(new[] { "--no-secure-cert-bin" }, null,
                "Never write the secure-cert partition (refused with the *-in-secure-cert options, whose data would be dropped).")),
        new CliOptionGroup("Commissioning options",
            new CliOption(new[] { "--passcode" }, "INTEGER",
                "The setup passcode (one device only). Not with --enable-dynamic-passcode.", "1..99999998 except 11111111, 22222222, ..., 12345678, 87654321",
                "random for each device"),
            new CliOption(new[] { "--discriminator" }, "INTEGER", "The 12-bit discriminator (one device only).", "0..4095",
                "random for each device"),
            new CliOption(new[] { "-cf", "--commissioning-flow" }, "INTEGER",
                "Commissioning flow, in the QR code and the manual code (21 digits for 1 and 2).",
                "0 Standard, 1 User-Intent, 2 Custom", Number(Defaults.CommissioningFlow)),
            new CliOption(new[] { "-dm", "--discovery-mode" }, "INTEGER", "How a commissioner finds the device (the QR code's discovery capabilities).",
                "2 BLE, 4 On-network, 6 BLE and on-network", Number(Defaults.DiscoveryMode) + " (BLE)"),
            new CliOption(new[] { "--enable-dynamic-passcode" }, null,
                "The firmware makes the passcode: no verifier is stored and no onboarding codes or QR images are made. Not with --passcode, --salt, --verifier, -cf or -dm."),
            new CliOption(new[] { "--salt" }, "BASE64",
                "The SPAKE2+ salt (one device only); needs --verifier and --passcode.", "16 to 32 bytes, base64",
                "random for each device"),
            new CliOption(new[] { "--verifier" }, "BASE64",
                "The SPAKE2+ verifier (w0 || L, 97 bytes); needs --salt and --passcode, and must match them.",
                @default: "computed from the passcode, salt and iteration count"),
            new CliOption(new[] { "--iteration-count" }, "INTEGER", "PBKDF2 iterations of the SPAKE2+ verifier.", "1000..100000",
                Number(Defaults.IterationCount)),
            new CliOption(new[] { "--commissionable-data-in-secure-cert" }, null,
                "Put the discriminator, iteration count, salt and verifier in the secure-cert partition instead of NVS. Needs --dac-in-secure-cert and --rd-id-uid-in-secure-cert.")),
        new CliOptionGroup("Device attestation credential options",
            new CliOption(new[] { "--dac-in-secure-cert" }, null,
                "Put the DAC, its key and the PAI in the secure-cert partition instead of NVS (with --paa or --pai)."),
            new CliOption(new[] { "-lt", "--lifetime" }, "DAYS", "Validity of the certificates made, in days from --valid-from. 0 means the default.",
                "0.." + Number(int.MaxValue) + " days", "until the issuer (the PAI, or the PAA for a PAI made with --paa) expires"),
            new CliOption(new[] { "-vf", "--valid-from" }, "DATE",
                "Start of the validity of the certificates made, UTC.", "YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD",
                "now"),
            new CliOption(new[] { "-cn", "--cn-prefix" }, "TEXT", "Common-name prefix of the PAI made with --paa: '<prefix> PAI 00' (only with --paa).",
                @default: Defaults.CnPrefix),
            new CliOption(new[] { "-c", "--cert" }, "PATH", "The PAA (--paa) or PAI (--pai) certificate, PEM or DER (or a PFX with its key)."),
            new CliOption(new[] { "-k", "--key" }, "PATH",
                "The private key of --cert: a PEM or DER file (PKCS#8, encrypted with --pwd, or SEC1), a pkcs11: URI (a key on a PKCS#11 token) or cert:\\LocalMachine\\My\\<thumbprint> (Windows certificate store)."),
            new CliOption(new[] { "-cd", "--cert-dclrn" }, "PATH", "The certification declaration (CMS DER), stored in each device unchanged."),
            new CliOption(new[] { "--cd-signing-cert" }, "PATH",
                "The certificate the -cd must be signed by (only with -cd).", @default: "one of the CD signing keys Matter commissioners trust"),
            new CliOption(new[] { "--dac-cert" }, "PATH", "An existing DAC to use (one device only); needs --dac-key, --pai and --cert."),
            new CliOption(new[] { "--dac-key" }, "PATH", "The private key of --dac-cert."),
            new CliOption(new[] { "-ds", "--ds-peripheral" }, null,
                "Mark the DAC key of the secure-cert partition for the chip's ECDSA peripheral (esp32h2); needs --dac-in-secure-cert and --efuse-key-id. The key is not burnt into the eFuse: use espefuse.py burn_key."),
            new CliOption(new[] { "--efuse-key-id" }, "INTEGER", "The eFuse key block holding the ECDSA key (only with --ds-peripheral).",
                "-1 (none), 0..5", Number(Defaults.EfuseKeyId)),
            new CliOption(new[] { "--port" }, "PORT",
                "Refused: esp-matter-mfg-tool burns the --ds-peripheral key into the eFuse through it; mattermfg never opens a port (burn with espefuse.py burn_key, flash with Write-EspPartition -Port)."),
            new CliOption(new[] { "--pwd", "--password" }, "TEXT",
                "Password of an encrypted --key (or of a PFX --cert). Not for a token's PIN; prefer --pwd-file: a command line is visible to other users."),
            new CliOption(new[] { "--pwd-file" }, "PATH", "A file whose first line is the password of --key, or the PIN of its PKCS#11 token.")),
        new CliOptionGroup("Input certificate type (one of)",
            new CliOption(new[] { "--paa" }, null, "--cert and --key are a PAA: a PAI is made under it, then the DACs under the PAI."),
            new CliOption(new[] { "--pai" }, null, "--cert and --key are a PAI: the DACs are made under it."),
            new CliOption(new[] { "--test-pki" }, null,
                "Use the built-in Matter test PAI (VID 0xFFF1, PID 0x8000, with its CD): for development, never for production. Without any of the three, no DACs are made.")),
        new CliOptionGroup("Device instance information options",
            new CliOption(new[] { "-v", "--vendor-id" }, "INTEGER", "Vendor id. Required, except with --test-pki.", "0..0xFFFF",
                "0xFFF1 with --test-pki"),
            new CliOption(new[] { "--vendor-name" }, "TEXT", "Vendor name.", "1 to 32 characters"),
            new CliOption(new[] { "-p", "--product-id" }, "INTEGER", "Product id. Required, except with --test-pki.", "0..0xFFFF",
                "0x8000 with --test-pki"),
            new CliOption(new[] { "--product-name" }, "TEXT", "Product name.", "1 to 32 characters"),
            new CliOption(new[] { "--hw-ver" }, "INTEGER", "Hardware version.", "0..65535"),
            new CliOption(new[] { "--hw-ver-str" }, "TEXT", "Hardware version string.", "1 to 64 characters"),
            new CliOption(new[] { "--mfg-date" }, "TEXT", "Manufacturing date.", "YYYYMMDD, then up to 8 characters of the manufacturer's"),
            new CliOption(new[] { "--serial-num" }, "TEXT", "Serial number (one device only).", "1 to 16 characters",
                "32 random hex digits for each device"),
            new CliOption(new[] { "--enable-rotating-device-id" }, null, "Store the rotating device id's unique id (rd-id-uid) in NVS."),
            new CliOption(new[] { "--rd-id-uid" }, "HEX", "The rotating device id's unique id (one device only); needs --enable-rotating-device-id or --rd-id-uid-in-secure-cert.", "32 hex digits (16 bytes)",
                "random for each device"),
            new CliOption(new[] { "--product-finish" }, "NAME", "Product finish.", Choices(FactoryEnums.ProductFinishes)),
            new CliOption(new[] { "--rd-id-uid-in-secure-cert" }, null, "Put the rotating device id's unique id in the secure-cert partition instead of NVS."),
            new CliOption(new[] { "--product-color" }, "NAME", "Product color.", Choices(FactoryEnums.ProductColors)),
            new CliOption(new[] { "--part-number" }, "TEXT", "Human-readable part number.", "1 to 32 characters")),
        new CliOptionGroup("Device instance options",
            new CliOption(new[] { "--calendar-types" }, "NAME...", "Supported calendar types, space-separated.", Choices(FactoryEnums.CalendarTypes)),
            new CliOption(new[] { "--locales" }, "TAG...", "Supported locales, space-separated BCP 47 tags (en-US en-GB)."),
            new CliOption(new[] { "--fixed-labels" }, "LABEL...", "Fixed labels, space-separated.",
                "<endpoint hex>/<label>/<value>, label and value 1 to 15 characters (0/orientation/up)"),
            new CliOption(new[] { "--supported-modes" }, "MODE...", "Supported modes, space-separated.",
                "<mode>/<label>/<endpoint>[/<value>\\<mfg code hex>, ...]")),
        new CliOptionGroup("Few more Basic clusters options",
            new CliOption(new[] { "--product-label" }, "TEXT", "Product label.", "1 to 64 characters"),
            new CliOption(new[] { "--product-url" }, "URL", "Product URL.", "1 to 256 characters")),
        new CliOptionGroup("Extra information options using csv files",
            new CliOption(new[] { "--csv" }, "PATH", "Key schema of extra NVS keys (key, type, encoding); needs --mcsv."),
            new CliOption(new[] { "--mcsv" }, "PATH", "Per-device values: one row per device, a column per --csv key; needs --csv. Sets the device count.")),
        new CliOptionGroup("MatterMfg options (not in esp-matter-mfg-tool)",
            new CliOption(new[] { "--manifest" }, "PATH",
                "The device manifest: records each device, makes a rerun resume where it stopped and never make a device twice. "
                + "A file, or a PostgreSQL ledger several stations share: Host=...;Database=...;Username=... or postgres://user@host/db, "
                + "the password in PGPASSWORD or the pgpass file ('mattermfg manifest init CONNECTION' creates its tables)."),
            new CliOption(new[] { "--batch" }, "NAME", "The batch name in --manifest; a rerun of the same batch resumes it.",
                @default: "<vid>_<pid>@<outdir>"),
            new CliOption(new[] { "--serial-num-format" }, "FORMAT",
                "Serial numbers from a counter kept in --manifest (needs it): a .NET format with one argument, such as ACME-{0:D6}."),
            new CliOption(new[] { "--log-file" }, "PATH", "A plain-text log for administrators, appended to; never holds secrets.")),
    };

    /// <summary>mattermfg's version: the assembly's informational version (the build's VersionPrefix), without a source-link suffix.</summary>
    public static string Version
    {
        get
        {
            var assembly = typeof(CliHelp).Assembly;
            string? v = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return (v ?? assembly.GetName().Version?.ToString() ?? "0").Split('+')[0];
        }
    }

    /// <summary>Writes the help (wrapped at 80 columns) for <c>--help</c>, else the version line for <c>--version</c>.</summary>
    public static void Write(TextWriter output, bool help)
    {
        if (!help)
        {
            output.WriteLine("mattermfg " + Version);
            return;
        }
        output.WriteLine("Usage: mattermfg [OPTIONS]");
        output.WriteLine();
        foreach (string line in Wrap("Generates Matter factory partitions (NVS, keys, secure cert), DACs and onboarding codes, " +
            "as esp-matter-mfg-tool does, with the same options and output layout. Integers may be decimal, 0x hex, 0o octal " +
            "or 0b binary, with _ between digits (Python's int(x, 0)); one outside its option's range is refused as written. Exit code 0: every device made; 1: some failed; 2: a usage or setup error.", Width - 2))
        {
            output.WriteLine("  " + line);
        }
        foreach (var group in Groups)
        {
            output.WriteLine();
            output.WriteLine(group.Title + ":");
            foreach (var option in group.Options)
            {
                WriteOption(output, option);
            }
        }
    }

    private static void WriteOption(TextWriter output, CliOption option)
    {
        string head = "  " + string.Join(", ", option.Names) + (option.Value == null ? "" : " " + option.Value);
        var text = new StringBuilder(option.Text);
        if (option.Allowed != null)
        {
            text.Append(" Allowed: ").Append(option.Allowed).Append('.');
        }
        if (option.Default != null)
        {
            text.Append(" [default: ").Append(option.Default).Append(']');
        }
        var lines = Wrap(text.ToString(), Width - NameColumn);
        if (head.Length < NameColumn - 1)
        {
            output.WriteLine(head.PadRight(NameColumn) + lines[0]);
            lines.RemoveAt(0);
        }
        else
        {
            output.WriteLine(head);
        }
        foreach (string line in lines)
        {
            output.WriteLine(new string(' ', NameColumn) + line);
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string word in text.Split(' ').Where(w => w.Length > 0))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        lines.Add(line.ToString());
        return lines;
    }
}
