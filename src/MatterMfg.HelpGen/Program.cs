using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MatterMfg.HelpGen;

/// <summary>
/// Writes MAML help for every cmdlet in the module assembly from its XML documentation comments:
/// class &lt;summary&gt; = synopsis, &lt;remarks&gt; = description, each &lt;example&gt; (&lt;code&gt; + &lt;para&gt;) = an example,
/// property &lt;summary&gt; = parameter description (&lt;value&gt;, or the value a new cmdlet object holds, = its default),
/// [OutputType] = OUTPUTS (described by the type's summary), pipeline parameters = INPUTS. A cmdlet without a synopsis,
/// an example or an [OutputType] fails the build.
/// </summary>
internal static class Program
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static int Main(string[] args)
    {
        if (args.Length != 2 && args.Length != 4)
        {
            Console.Error.WriteLine("usage: MatterMfg.HelpGen <module.dll> <out-help.xml> [<core.dll> <out-about_MatterMfg_Errors.help.txt>]");
            return 2;
        }
        if (args.Length == 4 && ErrorTopic.Write(args[2], args[3]) != 0)
        {
            return 1;
        }
        var assembly = Assembly.LoadFrom(Path.GetFullPath(args[0]));
        // The module's own XML docs, and those of the assemblies beside it (MatterMfg.Core.xml documents the core's output types).
        var members = new Dictionary<string, XElement>();
        foreach (string xmlPath in Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(args[0]))!, "MatterMfg*.xml"))
        {
            foreach (var m in XDocument.Load(xmlPath).Descendants("member"))
            {
                members[(string)m.Attribute("name")!] = m;
            }
        }

        var problems = new List<string>();
        var commands = new List<XElement>();
        foreach (Type t in assembly.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() != null).OrderBy(t => t.Name))
        {
            commands.Add(Describe(t, members, problems));
        }
        if (problems.Count > 0)
        {
            foreach (string p in problems)
            {
                Console.Error.WriteLine($"error HELP001: {p}");
            }
            return 1;
        }
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev), commands));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
        string tmp = args[1] + ".tmp";
        using (var w = XmlWriter.Create(tmp, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            doc.Save(w);
        }
        File.Move(tmp, args[1], true);
        Console.WriteLine($"MatterMfg help: {commands.Count} cmdlets -> {args[1]}");
        return 0;
    }

    private static XElement Describe(Type t, Dictionary<string, XElement> members, List<string> problems)
    {
        var attr = t.GetCustomAttribute<CmdletAttribute>()!;
        string name = $"{attr.VerbName}-{attr.NounName}";
        members.TryGetValue("T:" + t.FullName, out XElement? doc);
        string synopsis = Text(doc?.Element("summary"));
        var examples = doc?.Elements("example").ToList() ?? new List<XElement>();
        if (synopsis.Length == 0)
        {
            problems.Add($"{name} ({t.FullName}) has no <summary> (synopsis).");
        }
        if (examples.Count == 0)
        {
            problems.Add($"{name} ({t.FullName}) has no <example>.");
        }

        var parameters = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Prop: p, Attrs: p.GetCustomAttributes<ParameterAttribute>().ToList()))
            .Where(x => x.Attrs.Count > 0 && !x.Attrs.All(a => a.DontShow)).ToList();
        var sets = parameters.SelectMany(p => p.Attrs.Select(a => a.ParameterSetName)).Distinct()
            .Where(s => s != ParameterAttribute.AllParameterSets).DefaultIfEmpty(ParameterAttribute.AllParameterSets).ToList();

        var outputs = t.GetCustomAttributes<OutputTypeAttribute>().SelectMany(o => o.Type).Select(o => o.Type).Where(o => o != null).Distinct().ToList();
        if (outputs.Count == 0)
        {
            problems.Add($"{name} ({t.FullName}) has no [OutputType].");
        }
        object? defaults = t.GetConstructor(Type.EmptyTypes) != null ? Activator.CreateInstance(t) : null;

        var syntax = new XElement(Command + "syntax",
            sets.Select(set => new XElement(Command + "syntaxItem", new XElement(Maml + "name", name),
                parameters.Where(p => p.Attrs.Any(a => a.ParameterSetName == set || a.ParameterSetName == ParameterAttribute.AllParameterSets))
                    .Select(p => Parameter(p.Prop, p.Attrs.First(a => a.ParameterSetName == set || a.ParameterSetName == ParameterAttribute.AllParameterSets), members, null, false)))));
        var paramList = new XElement(Command + "parameters",
            parameters.Select(p => Parameter(p.Prop, p.Attrs[0], members, defaults, true)));

        int n = 0;
        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", name),
                new XElement(Command + "verb", attr.VerbName),
                new XElement(Command + "noun", attr.NounName),
                new XElement(Maml + "description", Paras(synopsis))),
            new XElement(Maml + "description", Paras(Text(doc?.Element("remarks")) is { Length: > 0 } r ? r : synopsis)),
            syntax,
            paramList,
            Inputs(name, parameters.Select(p => (p.Prop, p.Attrs)).ToList(), members),
            new XElement(Command + "returnValues", outputs.Select(o =>
                new XElement(Command + "returnValue",
                    new XElement(Dev + "type", new XElement(Maml + "name", o!.FullName)),
                    new XElement(Maml + "description", Paras(TypeDescription(o, members)))))),
            new XElement(Command + "examples", examples.Select(e => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {++n} --------------------------"),
                new XElement(Dev + "code", Code(e.Element("code"))),
                new XElement(Dev + "remarks", Paras(string.Join("\n\n", e.Elements("para").Select(Text))))))));
    }

    /// <summary>
    /// INPUTS: the types a parameter takes ByValue, and one entry for the objects whose properties bind by name (listed
    /// with their aliases); "None" when nothing can be piped.
    /// </summary>
    private static XElement Inputs(string name, List<(PropertyInfo Prop, List<ParameterAttribute> Attrs)> parameters, Dictionary<string, XElement> members)
    {
        var inputs = new List<XElement>();
        foreach (var (prop, attrs) in parameters.Where(p => p.Attrs.Any(a => a.ValueFromPipeline)))
        {
            members.TryGetValue($"P:{prop.DeclaringType!.FullName}.{prop.Name}", out XElement? doc);
            inputs.Add(Input(TypeName(prop.PropertyType, full: true), $"-{prop.Name}: {Text(doc?.Element("summary"))}"));
        }
        var byName = parameters.Where(p => p.Attrs.Any(a => a.ValueFromPipelineByPropertyName))
            .Select(p => p.Prop.GetCustomAttribute<AliasAttribute>()?.AliasNames is { Count: > 0 } aliases
                ? $"{p.Prop.Name} (or {string.Join(", ", aliases)})" : p.Prop.Name)
            .ToList();
        if (byName.Count > 0)
        {
            inputs.Add(Input("System.Management.Automation.PSObject",
                $"Any object (an Import-Csv row, another MatterMfg cmdlet's output) whose properties bind by name: {string.Join(", ", byName)}."));
        }
        if (inputs.Count == 0)
        {
            inputs.Add(Input("None", $"You cannot pipe objects to {name}."));
        }
        return new XElement(Command + "inputTypes", inputs);
    }

    private static XElement Input(string type, string description) =>
        new(Command + "inputType", new XElement(Dev + "type", new XElement(Maml + "name", type)), new XElement(Maml + "description", Paras(description)));

    /// <summary>An output type's description: its XML summary, or what it means for the framework types the cmdlets emit.</summary>
    private static string TypeDescription(Type type, Dictionary<string, XElement> members)
    {
        if (members.TryGetValue("T:" + type.FullName, out XElement? doc) && Text(doc.Element("summary")) is { Length: > 0 } summary)
        {
            return summary;
        }
        return type.FullName switch
        {
            "System.IO.FileInfo" => "The file written, as Get-Item returns it (the FileSystem provider's item, shown under its Directory: header).",
            "System.Boolean" => "True or False.",
            "System.UInt32" or "System.UInt16" or "System.Int32" => "One number per value made.",
            _ => type.Name,
        };
    }

    /// <summary>How help names a parameter's type: DateTime for DateTime?, not Nullable`1.</summary>
    private static string TypeName(Type type, bool full)
    {
        if (type == typeof(SwitchParameter))
        {
            return "SwitchParameter";
        }
        Type shown = Nullable.GetUnderlyingType(type) ?? type;
        return full ? shown.FullName! : shown.Name;
    }

    /// <summary>
    /// The default a parameter has when not given: the doc comment's &lt;value&gt; when it has one (say "out, under the
    /// current location"), else the value a new cmdlet object holds, unless that is empty, zero, false or a negative
    /// "not given" marker. Offsets, sizes and lengths over 255 show as 0x hex; other numbers (a baud rate, an iteration
    /// count) in decimal.
    /// </summary>
    private static string? DefaultValue(PropertyInfo p, XElement? doc, object? defaults)
    {
        if (doc?.Element("value") is XElement value)
        {
            return Text(value);
        }
        object? v = defaults == null ? null : p.GetValue(defaults);
        switch (v)
        {
            case null:
            case string { Length: 0 }:
            case SwitchParameter:
            case bool:
            case Array:
                return null;
            case IConvertible c when v.GetType().IsPrimitive:
                long n;
                try
                {
                    n = c.ToInt64(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    return c.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                if (n <= 0)
                {
                    return null;
                }
                bool hex = n > 255 && System.Text.RegularExpressions.Regex.IsMatch(p.Name, "(Offset|Size|Length)$");
                return hex ? "0x" + n.ToString("X", System.Globalization.CultureInfo.InvariantCulture) : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            default:
                return Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static XElement Parameter(PropertyInfo p, ParameterAttribute a, Dictionary<string, XElement> members, object? defaults, bool full)
    {
        members.TryGetValue($"P:{p.DeclaringType!.FullName}.{p.Name}", out XElement? doc);
        string pipeline = (a.ValueFromPipeline, a.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        string typeName = TypeName(p.PropertyType, full: false);
        var aliases = p.GetCustomAttribute<AliasAttribute>()?.AliasNames;
        var e = new XElement(Command + "parameter",
            new XAttribute("required", a.Mandatory ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", a.Position >= 0 ? a.Position.ToString() : "named"),
            new XAttribute("aliases", aliases is { Count: > 0 } ? string.Join(", ", aliases) : "none"),
            new XElement(Maml + "name", p.Name));
        if (full)
        {
            e.Add(new XElement(Maml + "description", Paras(Text(doc?.Element("summary")))));
        }
        if (p.PropertyType != typeof(SwitchParameter))
        {
            e.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), typeName));
        }
        if (full)
        {
            e.Add(new XElement(Dev + "type", new XElement(Maml + "name", TypeName(p.PropertyType, full: true))));
            e.Add(new XElement(Dev + "defaultValue", (a.Mandatory ? null : DefaultValue(p, doc, defaults)) ?? "None"));
        }
        return e;
    }

    private static IEnumerable<XElement> Paras(string text) =>
        text.Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries).Select(s => new XElement(Maml + "para", s.Trim()));

    /// <summary>Flattens a doc element to text: &lt;para&gt; becomes a blank-line break, &lt;c&gt;/&lt;see&gt; become their text.</summary>
    private static string Text(XElement? e)
    {
        if (e == null)
        {
            return "";
        }
        var sb = new StringBuilder();
        foreach (XNode node in e.Nodes())
        {
            switch (node)
            {
                case XText text:
                    sb.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "para" } para:
                    sb.Append("\n\n").Append(Text(para)).Append("\n\n");
                    break;
                case XElement { Name.LocalName: "see" } see:
                    // T:MatterMfg.Esp.EspLoader.ReadFlash(System.UInt32,...) reads as ReadFlash.
                    string cref = (string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "";
                    sb.Append(cref.Split('(')[0].Split('.').Last());
                    break;
                case XElement other:
                    sb.Append(Text(other));
                    break;
            }
        }
        return string.Join("\n\n", sb.ToString().Split(new[] { "\n\n" }, StringSplitOptions.None)
            .Select(p => string.Join(" ", p.Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0));
    }

    /// <summary>Keeps the example's lines, removing the indentation the doc comment adds.</summary>
    private static string Code(XElement? code)
    {
        if (code == null)
        {
            return "";
        }
        var lines = code.Value.Replace("\r", "").Split('\n').ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0)
        {
            lines.RemoveAt(0);
        }
        while (lines.Count > 0 && lines[^1].Trim().Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        int indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart()));
    }
}
