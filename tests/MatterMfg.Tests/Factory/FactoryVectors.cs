using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>The cases of vectors/factory: their command lines and expected files.</summary>
public static class FactoryVectors
{
    public static readonly string[] Cases =
    {
        "minimal_fixed", "device_info", "locales_labels", "iterations_size_flow", "extra_keys_csv_mcsv", "dac_in_secure_cert",
    };

    public static IEnumerable<object[]> All => Cases.Select(c => new object[] { c });

    public static string Folder(string name) => Repo.Vector("factory", name);

    public static string[] CommandLine(string name) => ShellSplit(File.ReadAllText(Path.Combine(Folder(name), "cmdline.txt")));

    public static string Expected(string name, string file) => File.ReadAllText(Path.Combine(Folder(name), file));

    /// <summary>Splits a POSIX shell command line with single and double quotes (enough for cmdline.txt).</summary>
    public static string[] ShellSplit(string text)
    {
        var args = new List<string>();
        var cur = new StringBuilder();
        bool any = false;
        char quote = '\0';
        foreach (char c in text.Trim())
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    cur.Append(c);
                }
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
                any = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (any || cur.Length > 0)
                {
                    args.Add(cur.ToString());
                    cur.Clear();
                    any = false;
                }
            }
            else
            {
                cur.Append(c);
            }
        }
        if (any || cur.Length > 0)
        {
            args.Add(cur.ToString());
        }
        return args.ToArray();
    }

    /// <summary>The vectors' normalisation of partition.csv: device and vid_pid folders replaced, LF line ends.</summary>
    public static string NormalizePartitionCsv(string csv, string deviceFolder, string vidPidFolder) =>
        csv.Replace("\r\n", "\n")
            .Replace(deviceFolder.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, "<device>/")
            .Replace(vidPidFolder.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, "<vidpid>/")
            .Replace('\\', '/');
}
