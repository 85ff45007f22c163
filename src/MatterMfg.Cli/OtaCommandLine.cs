using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Ota;
using MatterMfg.Text;

namespace MatterMfg.Cli;

/// <summary>
/// <c>mattermfg ota create|show|extract|change_header …</c>: connectedhomeip's ota_image_tool.py command line over
/// <see cref="OtaImageFile"/>, with its options (-v/-p/-vn/-vs/-da/-mi/-ma/-rn, their long forms and unique prefixes of
/// them, <c>--name=value</c>, <c>@file</c> argument files) and its exit codes: 0 done, 1 an error (nothing written),
/// 2 a usage error.
/// </summary>
public static class OtaCommandLine
{
    private sealed class Option
    {
        public Option(string shortName, string longName, string help, bool isInteger = false, long max = 0)
        {
            Short = shortName;
            Long = longName;
            Help = help;
            IsInteger = isInteger;
            Max = max;
        }

        public string Short { get; }
        public string Long { get; }
        public string Help { get; }
        public bool IsInteger { get; }
        public long Max { get; }
    }

    private static readonly Option[] HeaderOptions =
    {
        new("-v", "--vendor-id", "Vendor ID", true, 0xFFFF),
        new("-p", "--product-id", "Product ID", true, 0xFFFF),
        new("-vn", "--version", "Software version (numeric)", true, 0xFFFFFFFF),
        new("-vs", "--version-str", "Software version (string)"),
        new("-da", "--digest-algorithm", "Digest algorithm: " + string.Join(", ", OtaDigests.All.Select(OtaDigests.Name)) + " (default sha256)"),
        new("-mi", "--min-version", "Minimum software version that can be updated to this image", true, 0xFFFFFFFF),
        new("-ma", "--max-version", "Maximum software version that can be updated to this image", true, 0xFFFFFFFF),
        new("-rn", "--release-notes", "Release note URL"),
    };

    private static readonly string[] Subcommands = { "create", "show", "extract", "change_header" };

    /// <summary>Runs <c>mattermfg ota …</c>: <paramref name="args"/> is the whole command line, starting with <c>ota</c>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        string sub = "";
        try
        {
            var words = ExpandArgumentFiles(args.Skip(1).ToList(), workingDirectory);
            if (words.Count == 0 || words[0] is "-h" or "--help")
            {
                (words.Count == 0 ? stderr : stdout).WriteLine(MainUsage);
                if (words.Count == 0)
                {
                    stderr.WriteLine("mattermfg ota: error: the following arguments are required: subcommand");
                    return 2;
                }
                return 0;
            }
            sub = words[0];
            if (!Subcommands.Contains(sub))
            {
                throw new UsageException($"argument subcommand: invalid choice: '{sub}' (choose from {string.Join(", ", Subcommands.Select(s => "'" + s + "'"))})");
            }
            var (values, positionals, help) = Parse(sub, words.Skip(1).ToList());
            if (help)
            {
                stdout.WriteLine(Usage(sub));
                return 0;
            }
            string Resolve(string p) => Path.Combine(workingDirectory, p);
            void Warn(string w) => stderr.WriteLine("warning: " + w);
            switch (sub)
            {
                case "create":
                    Require(values, "--vendor-id", "--product-id", "--version", "--version-str");
                    if (positionals.Count < 2)
                    {
                        throw new UsageException("the following arguments are required: " + (positionals.Count == 0 ? "input_files, output_file" : "output_file"));
                    }
                    var fields = new OtaHeaderFields
                    {
                        VendorId = (ushort)Integer(values, "--vendor-id")!.Value,
                        ProductId = (ushort)Integer(values, "--product-id")!.Value,
                        SoftwareVersion = (uint)Integer(values, "--version")!.Value,
                        SoftwareVersionString = values["--version-str"],
                        DigestAlgorithm = Digest(values) ?? OtaDigestAlgorithm.Sha256,
                        MinApplicableVersion = (uint?)Integer(values, "--min-version"),
                        MaxApplicableVersion = (uint?)Integer(values, "--max-version"),
                        ReleaseNotesUrl = values.TryGetValue("--release-notes", out string? url) ? url : null,
                    };
                    var made = OtaImageFile.Create(positionals.Take(positionals.Count - 1).Select(Resolve).ToList(), Resolve(positionals[^1]), fields, Warn);
                    WriteDcl(stdout, made);
                    return 0;
                case "show":
                    Positionals(positionals, "image_file");
                    var info = OtaImageFile.Inspect(Resolve(positionals[0]));
                    Show(stdout, info);
                    if (info.DigestValid != true)
                    {
                        stderr.WriteLine("error: " + OtaImageFile.DigestMismatch(info).Message);
                        return 1;
                    }
                    return 0;
                case "extract":
                    Positionals(positionals, "image_file", "output_file");
                    OtaImageFile.ExtractPayload(Resolve(positionals[0]), Resolve(positionals[1]));
                    return 0;
                default:
                    Positionals(positionals, "image_file", "output_file");
                    var changes = new OtaHeaderChanges
                    {
                        VendorId = (ushort?)Integer(values, "--vendor-id"),
                        ProductId = (ushort?)Integer(values, "--product-id"),
                        SoftwareVersion = (uint?)Integer(values, "--version"),
                        SoftwareVersionString = values.TryGetValue("--version-str", out string? vs) ? vs : null,
                        DigestAlgorithm = Digest(values),
                        MinApplicableVersion = (uint?)Integer(values, "--min-version"),
                        MaxApplicableVersion = (uint?)Integer(values, "--max-version"),
                        ReleaseNotesUrl = values.TryGetValue("--release-notes", out string? rn) ? rn : null,
                    };
                    WriteDcl(stdout, OtaImageFile.ChangeHeader(Resolve(positionals[0]), Resolve(positionals[1]), changes, Warn));
                    return 0;
            }
        }
        catch (UsageException e)
        {
            stderr.WriteLine(sub.Length > 0 && Subcommands.Contains(sub) ? Usage(sub).Split('\n')[0] : MainUsage.Split('\n')[0]);
            stderr.WriteLine($"mattermfg ota{(sub.Length > 0 && Subcommands.Contains(sub) ? " " + sub : "")}: error: {e.Message}");
            return 2;
        }
        catch (MfgException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    /// <summary>ota_image_tool.py show's lines, then the digest check and the DCL fields.</summary>
    private static void Show(TextWriter o, OtaImageInfo i)
    {
        string Num(ulong v) => $"{v.ToString(CultureInfo.InvariantCulture)} (0x{v.ToString("x", CultureInfo.InvariantCulture)})";
        o.WriteLine($"Magic: {OtaHeader.Magic:x}");
        o.WriteLine($"Total Size: {i.OtaFileSize}");
        o.WriteLine($"Header Size: {i.HeaderSize}");
        o.WriteLine("Header TLV:");
        o.WriteLine($"  [0] Vendor Id: {Num(i.VendorId)}");
        o.WriteLine($"  [1] Product Id: {Num(i.ProductId)}");
        o.WriteLine($"  [2] Version: {Num(i.SoftwareVersion)}");
        o.WriteLine($"  [3] Version String: {i.SoftwareVersionString}");
        o.WriteLine($"  [4] Payload Size: {Num(i.PayloadSize)}");
        if (i.MinApplicableVersion is uint min)
        {
            o.WriteLine($"  [5] Min Version: {Num(min)}");
        }
        if (i.MaxApplicableVersion is uint max)
        {
            o.WriteLine($"  [6] Max Version: {Num(max)}");
        }
        if (i.ReleaseNotesUrl != null)
        {
            o.WriteLine($"  [7] Release Notes Url: {i.ReleaseNotesUrl}");
        }
        o.WriteLine($"  [8] Digest Type: {Num((ulong)i.DigestAlgorithm)}");
        o.WriteLine($"  [9] Digest: {i.PayloadDigest}");
        o.WriteLine($"Digest Valid: {(i.DigestValid == true ? "yes" : "NO")}");
        WriteDcl(o, i);
    }

    private static void WriteDcl(TextWriter o, OtaImageInfo i)
    {
        o.WriteLine($"OtaFileSize: {i.OtaFileSize}");
        o.WriteLine($"OtaChecksum: {i.OtaChecksum}");
        o.WriteLine($"OtaChecksumType: {i.OtaChecksumType}");
    }

    private static (Dictionary<string, string> Values, List<string> Positionals, bool Help) Parse(string sub, List<string> words)
    {
        var options = sub is "create" or "change_header" ? HeaderOptions : Array.Empty<Option>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        bool onlyPositionals = false;
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            if (onlyPositionals || w.Length < 2 || w[0] != '-' || IsNegativeNumber(w))
            {
                positionals.Add(w);
                continue;
            }
            if (w == "--")
            {
                onlyPositionals = true;
                continue;
            }
            if (w is "-h" or "--help")
            {
                return (values, positionals, true);
            }
            string name = w, value;
            int eq = w.StartsWith("--", StringComparison.Ordinal) ? w.IndexOf('=') : -1;
            if (eq > 0)
            {
                name = w.Substring(0, eq);
            }
            var option = Find(options, name);
            if (eq > 0)
            {
                value = w.Substring(eq + 1);
            }
            else if (i + 1 < words.Count && (words[i + 1].Length == 0 || words[i + 1][0] != '-' || IsNegativeNumber(words[i + 1])))
            {
                value = words[++i];
            }
            else
            {
                throw new UsageException($"argument {option.Short}/{option.Long}: expected one argument");
            }
            if (option.IsInteger)
            {
                CheckInteger(option, value);
            }
            values[option.Long] = value;
        }
        return (values, positionals, false);
    }

    /// <summary>An option by its short name, long name, or a unique prefix of a long name (as argparse allows).</summary>
    private static Option Find(Option[] options, string name)
    {
        var exact = options.FirstOrDefault(o => o.Short == name || o.Long == name);
        if (exact != null)
        {
            return exact;
        }
        var prefixed = name.StartsWith("--", StringComparison.Ordinal) ? options.Where(o => o.Long.StartsWith(name, StringComparison.Ordinal)).ToList() : new List<Option>();
        return prefixed.Count switch
        {
            1 => prefixed[0],
            0 => throw new UsageException($"unrecognized arguments: {name}"),
            _ => throw new UsageException($"ambiguous option: {name} could match {string.Join(", ", prefixed.Select(o => o.Long))}"),
        };
    }

    /// <summary>
    /// ota_image_tool.py's <c>any_base_int</c> (Python's <c>int(x, 0)</c>): text that is no integer is argparse's usage
    /// error; an integer outside the header field, however large, is a usage error worded as NumberOutOfRange, with the
    /// value as written.
    /// </summary>
    private static void CheckInteger(Option option, string value)
    {
        if (!NumberText.TryRead(value, NumberSyntax.Python, out _, out _, out _))
        {
            throw new UsageException($"argument {option.Short}/{option.Long}: invalid any_base_int value: '{value}'");
        }
        try
        {
            NumberText.Parse(value, null, 0, option.Max, NumberSyntax.Python);
        }
        catch (MfgException e)
        {
            throw new UsageException($"argument {option.Short}/{option.Long}: {e.Message}");
        }
    }

    private static bool IsNegativeNumber(string w) => w.Length > 1 && w[0] == '-' && char.IsDigit(w[1]);

    private static long? Integer(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out string? text) && NumberText.TryParse(text, NumberSyntax.Python, out long n) ? n : null;

    private static OtaDigestAlgorithm? Digest(Dictionary<string, string> values)
    {
        if (!values.TryGetValue("--digest-algorithm", out string? text))
        {
            return null;
        }
        var match = OtaDigests.All.Where(a => OtaDigests.Name(a) == text).ToList();
        return match.Count == 1 ? match[0]
            : throw new UsageException($"argument -da/--digest-algorithm: invalid choice: '{text}' (choose from {string.Join(", ", OtaDigests.All.Select(a => "'" + OtaDigests.Name(a) + "'"))})");
    }

    private static void Require(Dictionary<string, string> values, params string[] names)
    {
        var missing = names.Where(n => !values.ContainsKey(n)).Select(n => HeaderOptions.Single(o => o.Long == n)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException("the following arguments are required: " + string.Join(", ", missing.Select(o => $"{o.Short}/{o.Long}")));
        }
    }

    private static void Positionals(List<string> given, params string[] names)
    {
        if (given.Count < names.Length)
        {
            throw new UsageException("the following arguments are required: " + string.Join(", ", names.Skip(given.Count)));
        }
        if (given.Count > names.Length)
        {
            throw new UsageException("unrecognized arguments: " + string.Join(" ", given.Skip(names.Length)));
        }
    }

    /// <summary>argparse's <c>fromfile_prefix_chars='@'</c>: <c>@args.txt</c> stands for the file's lines, one argument each.</summary>
    private static List<string> ExpandArgumentFiles(IReadOnlyList<string> args, string workingDirectory)
    {
        var result = new List<string>();
        foreach (string a in args)
        {
            if (a.Length > 1 && a[0] == '@')
            {
                string path = Path.Combine(workingDirectory, a.Substring(1));
                if (!File.Exists(path))
                {
                    throw new UsageException($"the argument file '{path}' does not exist");
                }
                result.AddRange(ExpandArgumentFiles(File.ReadAllLines(path), workingDirectory));
            }
            else
            {
                result.Add(a);
            }
        }
        return result;
    }

    private const string MainUsage =
        "usage: mattermfg ota {create,show,extract,change_header} ...\n\n"
        + "Matter OTA (Over-the-air update) image utility, with ota_image_tool.py's arguments.\n\n"
        + "  create         Create OTA image\n"
        + "  show           Show OTA image info (and check the payload digest)\n"
        + "  extract        Remove the OTA header from an image file\n"
        + "  change_header  Change the specified values in the header";

    private static string Usage(string sub) => sub switch
    {
        "create" => "usage: mattermfg ota create -v VENDOR_ID -p PRODUCT_ID -vn VERSION -vs VERSION_STR [-da DIGEST_ALGORITHM] [-mi MIN_VERSION] [-ma MAX_VERSION] [-rn RELEASE_NOTES] input_files [input_files ...] output_file\n\n"
            + OptionHelp() + "\n  Prints the DCL fields OtaFileSize, OtaChecksum and OtaChecksumType of the image.",
        "show" => "usage: mattermfg ota show image_file\n\n  Prints the header as ota_image_tool.py does, whether the payload matches its digest (exit 1 if not), and the DCL fields.",
        "extract" => "usage: mattermfg ota extract image_file output_file\n\n  Writes the payload without the header; a payload that does not match its digest is an error.",
        _ => "usage: mattermfg ota change_header [-v VENDOR_ID] [-p PRODUCT_ID] [-vn VERSION] [-vs VERSION_STR] [-da DIGEST_ALGORITHM] [-mi MIN_VERSION] [-ma MAX_VERSION] [-rn RELEASE_NOTES] image_file output_file\n\n"
            + OptionHelp() + "\n  A new digest algorithm digests the payload again.",
    };

    private static string OptionHelp() =>
        string.Join("\n", HeaderOptions.Select(o => $"  {o.Short}, {o.Long,-20} {o.Help}"));
}
