using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace MatterMfg.HelpGen;

/// <summary>
/// Writes the about_MatterMfg_Errors help topic from the error catalogue (<c>MatterMfg.Diagnostics.ErrorIds</c>): one
/// entry per id with its meaning and its fix, both taken from the constant's XML summary ("meaning. Fix: …"). An id
/// without a summary or without "Fix:" fails the build, so the topic can never fall behind the catalogue.
/// </summary>
internal static class ErrorTopic
{
    private const string FixMarker = "Fix:";
    private const int Width = 80;

    public static int Write(string coreDll, string outPath)
    {
        var assembly = Assembly.LoadFrom(Path.GetFullPath(coreDll));
        Type catalogue = assembly.GetType("MatterMfg.Diagnostics.ErrorIds", throwOnError: true)!;
        string xmlPath = Path.ChangeExtension(coreDll, ".xml");
        if (!File.Exists(xmlPath))
        {
            Console.Error.WriteLine($"error HELP002: {xmlPath} (the core's XML documentation) is missing.");
            return 1;
        }
        var summaries = XDocument.Load(xmlPath).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => Flatten(m.Element("summary")));
        var problems = new List<string>();
        var entries = new List<(string Id, string Meaning, string Fix)>();
        foreach (FieldInfo f in catalogue.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            summaries.TryGetValue("F:" + catalogue.FullName + "." + f.Name, out string? summary);
            int fix = summary?.IndexOf(FixMarker, StringComparison.Ordinal) ?? -1;
            if ((string?)f.GetRawConstantValue() != f.Name)
            {
                problems.Add($"ErrorIds.{f.Name} must equal its name (declare it as nameof({f.Name})).");
            }
            else if (summary == null || fix <= 0)
            {
                problems.Add($"ErrorIds.{f.Name} has no <summary> of the form \"meaning. Fix: what to do\".");
            }
            else
            {
                entries.Add((f.Name, summary.Substring(0, fix).Trim(), summary.Substring(fix + FixMarker.Length).Trim()));
            }
        }
        if (problems.Count > 0)
        {
            foreach (string p in problems)
            {
                Console.Error.WriteLine("error HELP002: " + p);
            }
            return 1;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        string tmp = outPath + ".tmp";
        File.WriteAllText(tmp, Render(entries), new UTF8Encoding(false));
        File.Move(tmp, outPath, true);
        Console.WriteLine($"MatterMfg help: {entries.Count} error ids -> {outPath}");
        return 0;
    }

    private static string Render(IReadOnlyList<(string Id, string Meaning, string Fix)> entries)
    {
        var sb = new StringBuilder();
        sb.Append("TOPIC\n    about_MatterMfg_Errors\n\n");
        sb.Append("SHORT DESCRIPTION\n    The error ids of the MatterMfg cmdlets and of mattermfg: what each means and how to fix it.\n\n");
        sb.Append("LONG DESCRIPTION\n");
        Wrap(sb, "    ", "Every error a MatterMfg cmdlet writes carries one of the ids below as the start of its FullyQualifiedErrorId "
            + "(for example 'InputFileNotFound,MatterMfg.PowerShell.NewMatterDacCommand') and a category such as InvalidArgument "
            + "or ObjectNotFound; its target is the input that was wrong (a file, a CSV row, a port). Scripts match on the id, "
            + "never on the message. mattermfg prints the message on one line and exits 2 for a setup error (nothing was made) "
            + "or 1 when some devices failed; --log-level debug adds the id and the detail.");
        sb.Append('\n');
        Wrap(sb, "    ", "An error that is not one of these ids is UnexpectedFailure: please report it with the message.");
        sb.Append("\nERROR IDS\n");
        foreach (var (id, meaning, fix) in entries)
        {
            sb.Append("\n    ").Append(id).Append('\n');
            Wrap(sb, "        ", meaning);
            Wrap(sb, "        ", "Fix: " + fix);
        }
        sb.Append("\nSEE ALSO\n    Get-Help about_MatterMfg_Errors\n    $Error[0].FullyQualifiedErrorId\n");
        return sb.ToString();
    }

    private static void Wrap(StringBuilder sb, string indent, string text)
    {
        var line = new StringBuilder(indent);
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > indent.Length && line.Length + 1 + word.Length > Width)
            {
                sb.Append(line).Append('\n');
                line.Clear().Append(indent);
            }
            if (line.Length > indent.Length)
            {
                line.Append(' ');
            }
            line.Append(word);
        }
        sb.Append(line).Append('\n');
    }

    private static string? Flatten(XElement? e) =>
        e == null ? null : string.Join(" ", e.Value.Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries));
}
