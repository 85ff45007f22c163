using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace MatterMfg.Tests.Infrastructure;

/// <summary>
/// Test-only stand-ins for the few Microsoft.PowerShell.Utility/Management commands the example scripts use, which the
/// SMA NuGet engine does not have. They implement only the parameters the examples pass, with the real commands'
/// observable behaviour for those (Import-Csv: a PSObject of string properties per row; Export-Csv -NoTypeInformation:
/// quoted header and cells). The Pester suite runs the same examples with the real commands.
/// </summary>
public static class ShimCommands
{
    public static void AddTo(InitialSessionState iss)
    {
        foreach (var t in new[] { typeof(ImportCsvShim), typeof(ExportCsvShim), typeof(JoinPathShim), typeof(TestPathShim),
                     typeof(WriteHostShim), typeof(WriteOutputShim), typeof(StartSleepShim), typeof(GetDateShim) })
        {
            var a = (CmdletAttribute)t.GetCustomAttributes(typeof(CmdletAttribute), false)[0];
            iss.Commands.Add(new SessionStateCmdletEntry(a.VerbName + "-" + a.NounName, t, null));
        }
    }

    internal static List<string> SplitCsvLine(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { sb.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else { sb.Append(c); }
        }
        cells.Add(sb.ToString());
        return cells;
    }
}

[Cmdlet(VerbsData.Import, "Csv")]
public sealed class ImportCsvShim : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)] public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var lines = File.ReadAllLines(full).Where(l => l.Length > 0 && !l.StartsWith("#TYPE", StringComparison.Ordinal)).ToList();
        if (lines.Count == 0) return;
        var header = ShimCommands.SplitCsvLine(lines[0]);
        foreach (string line in lines.Skip(1))
        {
            var cells = ShimCommands.SplitCsvLine(line);
            var o = new PSObject();
            for (int i = 0; i < header.Count; i++)
            {
                o.Properties.Add(new PSNoteProperty(header[i], i < cells.Count ? cells[i] : null));
            }
            WriteObject(o);
        }
    }
}

[Cmdlet(VerbsData.Export, "Csv")]
public sealed class ExportCsvShim : PSCmdlet
{
    private readonly List<PSObject> _rows = new();
    [Parameter(Mandatory = true, Position = 0)] public string Path { get; set; } = "";
    [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }
    [Parameter] public SwitchParameter NoTypeInformation { get; set; }
    [Parameter] public string? Encoding { get; set; }

    protected override void ProcessRecord() { if (InputObject != null) _rows.Add(InputObject); }

    protected override void EndProcessing()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var sb = new StringBuilder();
        if (_rows.Count > 0)
        {
            var names = _rows[0].Properties.Select(p => p.Name).ToList();
            sb.AppendLine(string.Join(",", names.Select(Quote)));
            foreach (var r in _rows)
            {
                sb.AppendLine(string.Join(",", names.Select(n => Quote(r.Properties[n]?.Value?.ToString() ?? ""))));
            }
        }
        File.WriteAllText(full, sb.ToString());
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
}

[Cmdlet(VerbsCommon.Join, "Path")]
public sealed class JoinPathShim : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)] public string Path { get; set; } = "";
    [Parameter(Mandatory = true, Position = 1)] public string ChildPath { get; set; } = "";
    protected override void ProcessRecord() => WriteObject(System.IO.Path.Combine(Path, ChildPath));
}

[Cmdlet(VerbsDiagnostic.Test, "Path")]
public sealed class TestPathShim : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)] public string Path { get; set; } = "";
    [Parameter] public string? PathType { get; set; }

    protected override void ProcessRecord()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        WriteObject(PathType switch
        {
            "Leaf" => File.Exists(full),
            "Container" => Directory.Exists(full),
            _ => File.Exists(full) || Directory.Exists(full),
        });
    }
}

[Cmdlet(VerbsCommunications.Write, "Host")]
public sealed class WriteHostShim : PSCmdlet
{
    [Parameter(Position = 0, ValueFromRemainingArguments = true)] public object[]? Object { get; set; }
    [Parameter] public ConsoleColor ForegroundColor { get; set; }
    [Parameter] public SwitchParameter NoNewline { get; set; }

    protected override void ProcessRecord()
    {
        string text = string.Join(" ", Object ?? Array.Empty<object>());
        if (NoNewline) Host.UI.Write(text); else Host.UI.WriteLine(text);
    }
}

[Cmdlet(VerbsCommunications.Write, "Output")]
public sealed class WriteOutputShim : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromRemainingArguments = true)] public PSObject[]? InputObject { get; set; }
    protected override void ProcessRecord()
    {
        foreach (var o in InputObject ?? Array.Empty<PSObject>()) WriteObject(o);
    }
}

[Cmdlet(VerbsLifecycle.Start, "Sleep")]
public sealed class StartSleepShim : PSCmdlet
{
    [Parameter(Position = 0)] public double Seconds { get; set; }
    [Parameter] public int Milliseconds { get; set; }
    protected override void ProcessRecord() => System.Threading.Thread.Sleep(TimeSpan.FromSeconds(Seconds) + TimeSpan.FromMilliseconds(Milliseconds));
}

[Cmdlet(VerbsCommon.Get, "Date")]
public sealed class GetDateShim : PSCmdlet
{
    [Parameter] public string? Format { get; set; }
    protected override void ProcessRecord()
    {
        if (Format is null) WriteObject(DateTime.Now); else WriteObject(DateTime.Now.ToString(Format, System.Globalization.CultureInfo.InvariantCulture));
    }
}
