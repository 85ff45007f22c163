using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Diagnostics;

/// <summary>
/// The one catalogue of error ids: every id the code throws or writes is a constant of <see cref="ErrorIds"/> (never a
/// string literal, never built from pieces), and every constant says what it means and how to fix it.
/// </summary>
public class ErrorCatalogueTests
{
    private static readonly Assembly[] Shipped =
    {
        typeof(ErrorIds).Assembly,
        Assembly.LoadFrom(Path.Combine(Repo.Root, "out", "MatterMfg", "lib", "MatterMfg.PowerShell.dll")),
        typeof(MatterMfg.Cli.Program).Assembly,
    };

    public static HashSet<string> CatalogueIds() =>
        typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => f.Name).ToHashSet();

    [Fact]
    public void Every_id_is_its_own_name_and_has_a_summary_with_a_fix()
    {
        var docs = XDocument.Load(Path.ChangeExtension(typeof(ErrorIds).Assembly.Location, ".xml")).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m.Element("summary")?.Value ?? "");
        var fields = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();
        Assert.True(fields.Count > 150, $"only {fields.Count} ids in the catalogue");
        var bad = new List<string>();
        foreach (var f in fields)
        {
            docs.TryGetValue("F:MatterMfg.Diagnostics.ErrorIds." + f.Name, out string? summary);
            int fix = summary?.IndexOf("Fix:", StringComparison.Ordinal) ?? -1;
            if ((string?)f.GetRawConstantValue() != f.Name || fix < 10 || summary!.Length - fix < 10)
            {
                bad.Add(f.Name);
            }
        }
        Assert.Empty(bad);
    }

    [Fact]
    public void Every_part_file_follows_the_convention()
    {
        var bad = new List<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Repo.Root, "src", "MatterMfg.Core", "Diagnostics"), "ErrorIds.*.cs"))
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"const\s+string\s+(\w+)\s*=\s*([^;]+);"))
            {
                if (m.Groups[2].Value.Trim() != $"nameof({m.Groups[1].Value})")
                {
                    bad.Add($"{Path.GetFileName(file)}: {m.Value}");
                }
            }
        }
        Assert.Empty(bad);
    }

    [Fact]
    public void Every_id_passed_to_an_error_is_a_catalogue_constant()
    {
        var sites = ErrorIdSites.Find(Path.Combine(Repo.Root, "src"), ErrorIdSites.Parameters(Shipped));
        Assert.True(sites.Count > 250, $"only {sites.Count} error sites found: the scanner is broken");
        var ids = CatalogueIds();
        var bad = sites.Where(s => !ErrorIdSites.IsCatalogueReference(s.Argument, ids)).Select(s => s.ToString()).ToList();
        Assert.True(bad.Count == 0, "ids that are not catalogue constants:\n" + string.Join("\n", bad));
    }

    [Theory]
    [InlineData("throw new MfgException(\"SomeId\", MfgErrorKind.InvalidData, \"m\");")]
    [InlineData("throw new MfgException(prefix + \"Invalid\", MfgErrorKind.InvalidData, \"m\");")]
    [InlineData("throw new MfgException(ErrorIds.NotInTheCatalogue, MfgErrorKind.InvalidData, \"m\");")]
    [InlineData("MfgException e = new(\"SomeId\", MfgErrorKind.InvalidData, \"m\");")]
    [InlineData("throw Bad(\"SomeId\", source, \"m\");")]
    [InlineData("throw new MfgException(ok ? ErrorIds.InputFileNotFound : \"Other\", MfgErrorKind.InvalidData, \"m\");")]
    public void The_scanner_flags_literal_built_and_unknown_ids(string line)
    {
        var site = Assert.Single(Scan("class C { void M() { " + line + " } }", ("Bad", 0, 3, 3)));
        Assert.False(ErrorIdSites.IsCatalogueReference(site.Argument, CatalogueIds()), site.ToString());
    }

    [Theory]
    [InlineData("throw new MfgException(ErrorIds.InputFileNotFound, MfgErrorKind.InvalidData, \"m\");")]
    [InlineData("throw new MfgException(ok ? ErrorIds.InputFileNotFound : ErrorIds.FileAccessFailed, MfgErrorKind.InvalidData, \"m\");")]
    [InlineData("throw new MfgException(e.ErrorId, e.Kind, \"m\", null, e);")]
    public void The_scanner_accepts_catalogue_references_and_forwarding(string line)
    {
        var site = Assert.Single(Scan("class C { void M() { " + line + " } }"));
        Assert.True(ErrorIdSites.IsCatalogueReference(site.Argument, CatalogueIds()), site.ToString());
    }

    [Fact]
    public void Every_id_is_constructed_in_one_place()
    {
        var sites = ErrorIdSites.Find(Path.Combine(Repo.Root, "src"), ErrorIdSites.Parameters(Shipped));
        var twice = ErrorIdSites.ConstructedMoreThanOnce(sites);
        Assert.True(twice.Count == 0,
            "ids constructed in more than one place (one condition: one factory that every site calls; two conditions: two ids):\n"
            + string.Join("\n", twice.Select(g => g.Key + ": " + string.Join(", ", g.Select(s => $"{s.File}:{s.Line} {s.Callee}")))));
    }

    [Theory]
    [InlineData("throw new MfgException(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, \"a\"); throw new MfgException(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, \"b\");")]
    [InlineData("throw new MfgException(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, \"a\"); MfgException e = new(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, \"b\");")]
    [InlineData("throw new MfgException(ok ? ErrorIds.InputFileNotFound : ErrorIds.FileAccessFailed, MfgErrorKind.ObjectNotFound, \"a\"); throw new MfgException(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, \"b\");")]
    [InlineData("var r = new ErrorRecord(e, ErrorIds.InputFileNotFound, ErrorCategory.NotSpecified, null); throw new MfgException(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, \"b\");")]
    [InlineData("ThrowSetupError(ErrorIds.InputFileNotFound, ErrorCategory.ObjectNotFound, \"a\", null); WriteItemError(ErrorIds.InputFileNotFound, ErrorCategory.ObjectNotFound, \"b\", null);")]
    public void The_scanner_flags_an_id_constructed_twice(string code)
    {
        var twice = ErrorIdSites.ConstructedMoreThanOnce(Scan("class C { void M() { " + code + " } }"));
        Assert.Equal("ErrorIds.InputFileNotFound", Assert.Single(twice).Key);
    }

    [Theory]
    [InlineData("throw Bad(ErrorIds.InputFileNotFound, path, \"it is gone\"); throw Bad(ErrorIds.InputFileNotFound, path, \"it went away\");")]
    [InlineData("throw Bad(ErrorIds.InputFileNotFound, path, $\"{path} is gone\"); throw new MfgException(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, \"b\");")]
    [InlineData("throw Bad(ErrorIds.InputFileNotFound, path, @\"gone\"); Check(ok, ErrorIds.InputFileNotFound, \"--in\", reason);")]
    public void The_scanner_flags_an_id_worded_at_two_call_sites_of_a_helper(string code)
    {
        var twice = ErrorIdSites.ConstructedMoreThanOnce(Scan("class C { static MfgException Bad(string errorId, string source, string reason) => "
            + "new(errorId, MfgErrorKind.InvalidData, source + reason); void Check(bool ok, string errorId, string option, string reason) { } void M() { "
            + code + " } }"));
        Assert.Equal("ErrorIds.InputFileNotFound", Assert.Single(twice).Key);
    }

    /// <summary>
    /// One factory called from many places (the id passed once), forwarded ids, and a helper handed the id with values
    /// only (it words the message itself): none is an id constructed twice.
    /// </summary>
    [Theory]
    [InlineData("class C { static MfgException Gone(string path) => new(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, path);"
        + " void M() { throw Gone(\"a\"); } void N() { throw Gone(\"b\"); throw new MfgException(e.ErrorId, e.Kind, \"m\", null, e); throw new MfgException(e.ErrorId, e.Kind, \"n\", null, e); } }", 3)]
    [InlineData("class C { static MfgException Gone(string errorId, string path, int size) => new(errorId, MfgErrorKind.ObjectNotFound, $\"{path}: {size}\");"
        + " void M() { throw Gone(ErrorIds.InputFileNotFound, path, 1); throw Gone(ErrorIds.InputFileNotFound, other, n); throw Gone(errorId, \"x\", 2); throw Gone(errorId, \"y\", 3); } }", 5)]
    public void The_scanner_accepts_one_factory_called_from_many_places(string source, int count)
    {
        var sites = Scan(source);
        Assert.Equal(count, sites.Count);
        Assert.Empty(ErrorIdSites.ConstructedMoreThanOnce(sites));
    }

    /// <summary>The error-id sites of one sample source file, with the shipped helpers and any <paramref name="extra"/> ones.</summary>
    private static List<ErrorIdSites.Site> Scan(string source, params (string Name, int Position, int MinArgs, int MaxArgs)[] extra)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("Sample.cs"), source);
        return ErrorIdSites.Find(dir.Path, ErrorIdSites.Parameters(Shipped).Concat(extra).ToList());
    }

    [Fact]
    public void The_help_topic_lists_every_id_with_its_fix()
    {
        string topic = File.ReadAllText(Path.Combine(Repo.Root, "out", "MatterMfg", "en-US", "about_MatterMfg_Errors.help.txt"));
        Assert.StartsWith("TOPIC", topic);
        var missing = CatalogueIds().Where(id => !Regex.IsMatch(topic, @"(?m)^    " + id + @"\r?$")).ToList();
        Assert.Empty(missing);
        Assert.Equal(CatalogueIds().Count, Regex.Matches(topic, @"(?m)^        Fix: ").Count);
    }
}

/// <summary>
/// Finds, in C# sources, every argument that is passed where an error id goes: the <c>errorId</c> parameter of any
/// method or constructor of the shipped assemblies (MfgException, the cmdlet base's helpers, the private Fail/Bad
/// helpers that forward an id), a target-typed <c>new(...)</c> that builds an MfgException, and ErrorRecord's id.
/// </summary>
public static class ErrorIdSites
{
    /// <param name="Worded">Another argument of the same call holds a string literal (plain, interpolated or verbatim):
    /// wording made at this call site.</param>
    public sealed record Site(string File, int Line, string Callee, string Argument, bool Worded = false)
    {
        public override string ToString() => $"{File}:{Line}: {Callee}(... {Argument} ...)";
    }

    /// <summary>An error-id parameter: named errorId, or ending in ErrorId (outOfRangeErrorId).</summary>
    private static readonly Regex IdParameter = new(@"^(errorId|\w+ErrorId)$");

    /// <summary>
    /// Where an error id goes, for every non-private member of the assemblies: (method or type name, position of the
    /// id parameter, fewest and most arguments of that overload). Private helpers are read from their own file.
    /// </summary>
    public static List<(string Name, int Position, int MinArgs, int MaxArgs)> Parameters(IEnumerable<Assembly> assemblies)
    {
        var list = new List<(string, int, int, int)> { ("ErrorRecord", 1, 4, 4) };
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type t in assemblies.SelectMany(a => a.GetTypes()))
        {
            foreach (MethodBase m in t.GetMethods(all).Cast<MethodBase>().Concat(t.GetConstructors(all)))
            {
                var ps = m.GetParameters();
                if (m is MethodInfo && (m.IsPrivate || m.Name.Contains('<', StringComparison.Ordinal)))
                {
                    continue;
                }
                foreach (var p in ps.Where(x => x.ParameterType == typeof(string) && IdParameter.IsMatch(x.Name ?? "")))
                {
                    list.Add((m is ConstructorInfo ? t.Name : m.Name, p.Position, ps.Count(x => !x.IsOptional), ps.Length));
                }
            }
        }
        return list.Distinct().ToList();
    }

    public static List<Site> Find(string root, IReadOnlyCollection<(string Name, int Position, int MinArgs, int MaxArgs)> parameters)
    {
        var global = parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Select(p => (p.Position, p.MinArgs, p.MaxArgs)).ToList());
        var sites = new List<Site>();
        foreach (string file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }
            string text = File.ReadAllText(file);
            // A helper declared in this file (private, or a local function) with an errorId parameter takes precedence.
            var positions = global.ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (Match d in Regex.Matches(text, @"\b(\w+)\s*\(([^()]*\bstring\s+\w*rrorId\b[^()]*)\)"))
            {
                var ps = d.Groups[2].Value.Split(',');
                positions[d.Groups[1].Value] = Enumerable.Range(0, ps.Length)
                    .Where(i => Regex.IsMatch(ps[i], @"\bstring\s+(errorId|\w+ErrorId)\b"))
                    .Select(i => (i, ps.Count(x => !x.Contains('=', StringComparison.Ordinal)), ps.Length)).ToList();
            }
            var call = new Regex(@"(?<![\w.])(new\s*\(|(?:new\s+)?(" + string.Join("|", positions.Keys.Select(Regex.Escape)) + @")\s*\()");
            foreach (Match m in call.Matches(text))
            {
                var args = Arguments(text, m.Index + m.Length);
                if (args == null)
                {
                    continue;
                }
                bool targetTyped = !m.Groups[2].Success;
                if (targetTyped && !args.Any(a => a.Contains("MfgErrorKind.", StringComparison.Ordinal)))
                {
                    continue;
                }
                var at = targetTyped ? new List<int> { 0 }
                    : positions[m.Groups[2].Value].Where(p => args.Count >= p.MinArgs && args.Count <= p.MaxArgs).Select(p => p.Position).Distinct().ToList();
                foreach (int i in at.Where(i => i < args.Count))
                {
                    string a = args[i].Trim();
                    if (Regex.IsMatch(a, @"^[\w.<>?\[\]]+\s+(errorId|\w+ErrorId)(\s*=.*)?$"))
                    {
                        continue; // the declaration of a helper, not a call
                    }
                    if (a.StartsWith("new ", StringComparison.Ordinal) || a.Contains("MfgException", StringComparison.Ordinal))
                    {
                        continue; // an overload taking the exception (ThrowSetupError(new MfgException(...))): scanned itself
                    }
                    bool worded = args.Where((x, j) => j != i).Any(x => x.Contains('"', StringComparison.Ordinal));
                    sites.Add(new Site(Path.GetRelativePath(root, file), text.Take(m.Index).Count(c => c == '\n') + 1, m.Value.TrimEnd('(', ' '), a, worded));
                }
            }
        }
        return sites;
    }

    /// <summary>
    /// The catalogue ids that are made into an error in more than one place. A site constructs its id when the id is
    /// passed (1) to a constructor (<c>new MfgException(...)</c>, a target-typed <c>new(...)</c>, <c>new ErrorRecord(...)</c>,
    /// any other <c>new X(...)</c>), (2) to the cmdlet base's <c>ThrowSetupError</c>/<c>WriteItemError</c> that build a
    /// record from an id and a message, or (3) to any other helper that takes an error id (a private <c>Fail</c>,
    /// <c>Bad</c>, <c>Check</c>, …) when another argument of that same call holds a string literal — plain, interpolated
    /// (<c>$"…"</c>) or verbatim: the helper is then handed wording made at the call site, so the call site, not the
    /// helper, decides what the message says. A helper called with the id and only values (a path, a number, an
    /// exception) words the message itself and is not counted. One condition has one wording, so its id is constructed
    /// once, in a factory that every site calls with the specifics as values. Forwarded ids (<c>errorId</c>,
    /// <c>e.ErrorId</c>) are not counted: they were constructed where they came from. Not seen: wording put in a local
    /// variable first and then passed to a helper with the id.
    /// </summary>
    public static List<IGrouping<string, Site>> ConstructedMoreThanOnce(IEnumerable<Site> sites) =>
        sites.Where(s => s.Callee.StartsWith("new", StringComparison.Ordinal) || s.Callee is "ThrowSetupError" or "WriteItemError" || s.Worded)
            .SelectMany(s => Regex.Matches(s.Argument, @"\bErrorIds\.\w+").Select(m => (Id: m.Value, Site: s)).DistinctBy(x => x.Id))
            .GroupBy(x => x.Id, x => x.Site).Where(g => g.Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

    /// <summary>
    /// True when the argument names catalogue constants only (<c>ErrorIds.X</c>, a condition choosing between them), or
    /// forwards an id that was checked where it was made (a helper's <c>errorId</c> parameter, an exception's ErrorId).
    /// </summary>
    public static bool IsCatalogueReference(string argument, IReadOnlySet<string> ids)
    {
        if (argument.Contains('"', StringComparison.Ordinal) || argument.Contains('+', StringComparison.Ordinal))
        {
            return false;
        }
        if (Regex.IsMatch(argument, @"^(errorId|\w+ErrorId|\w+\.ErrorId|\w+\.Error\.ErrorId)$"))
        {
            return true;
        }
        var refs = Regex.Matches(argument, @"\bErrorIds\.(\w+)").Select(m => m.Groups[1].Value).ToList();
        string rest = Regex.Replace(argument, @"\bErrorIds\.\w+", "");
        // Only a condition may remain around the references: "a == b ? ErrorIds.X : ErrorIds.Y".
        return refs.Count > 0 && refs.All(ids.Contains) && (refs.Count == 1 ? rest.Trim().Length == 0 : rest.Contains('?', StringComparison.Ordinal));
    }

    /// <summary>The top-level arguments of the call whose '(' ends just before <paramref name="start"/>.</summary>
    private static List<string>? Arguments(string s, int start)
    {
        var args = new List<string>();
        int depth = 0, begin = start;
        for (int i = start; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '"' || c == '\'')
            {
                i = SkipLiteral(s, i);
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth-- == 0)
                {
                    if (i > begin || args.Count > 0)
                    {
                        args.Add(s.Substring(begin, i - begin));
                    }
                    return args;
                }
            }
            else if (c == ',' && depth == 0)
            {
                args.Add(s.Substring(begin, i - begin));
                begin = i + 1;
            }
        }
        return null;
    }

    /// <summary>The index of the closing quote of the literal opening at <paramref name="i"/> (interpolation holes included).</summary>
    private static int SkipLiteral(string s, int i)
    {
        char q = s[i];
        bool verbatim = i > 0 && s[i - 1] == '@' || i > 1 && s[i - 2] == '@' && s[i - 1] == '$';
        bool interpolated = i > 0 && s[i - 1] == '$' || i > 1 && s[i - 2] == '$';
        int holes = 0;
        for (int j = i + 1; j < s.Length; j++)
        {
            char c = s[j];
            if (interpolated && c == '{')
            {
                if (j + 1 < s.Length && s[j + 1] == '{' && holes == 0)
                {
                    j++;
                    continue;
                }
                holes++;
            }
            else if (interpolated && c == '}' && holes > 0)
            {
                holes--;
            }
            else if (holes > 0 && c == '"')
            {
                j = SkipLiteral(s, j);
            }
            else if (c == '\\' && !verbatim && holes == 0)
            {
                j++;
            }
            else if (c == q && holes == 0)
            {
                if (verbatim && j + 1 < s.Length && s[j + 1] == q)
                {
                    j++;
                    continue;
                }
                return j;
            }
        }
        return s.Length;
    }
}
