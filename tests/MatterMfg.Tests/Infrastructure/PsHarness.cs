using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;

namespace MatterMfg.Tests.Infrastructure;

/// <summary>
/// Runs PowerShell in the full engine (the Microsoft.PowerShell.SDK package: the same engine and built-in modules as
/// pwsh 7.6.9, so Import-Csv, Export-Csv, Select-Object, Format-* and Out-String are the real ones), in-process, with
/// out/MatterMfg/MatterMfg.psd1 imported, and returns every stream.
/// </summary>
public static class Ps
{
    /// <summary>Runs <paramref name="script"/>; <paramref name="variables"/> are set as $name before it runs.</summary>
    public static PsResult Run(string script, params (string Name, object? Value)[] variables)
    {
        var host = new CapturingHost();
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(new[] { Repo.ModuleManifest });
        foreach (var (name, value) in variables)
        {
            iss.Variables.Add(new SessionStateVariableEntry(name, value, ""));
        }
        using var runspace = RunspaceFactory.CreateRunspace(host, iss);
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            output = new Collection<PSObject>();
            terminating = e;
        }
        return new PsResult(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Progress.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(), host.Text, terminating);
    }

    /// <summary>A [pscustomobject] as Import-Csv makes it: every value a string.</summary>
    public static PSObject Row(params (string Name, string Value)[] cells)
    {
        var o = new PSObject();
        foreach (var (name, value) in cells)
        {
            o.Properties.Add(new PSNoteProperty(name, value));
        }
        return o;
    }
}

public sealed record PsResult(
    Collection<PSObject> Output,
    List<ErrorRecord> Errors,
    List<string> Warnings,
    List<ProgressRecord> Progress,
    List<string> Verbose,
    string HostText,
    Exception? Terminating)
{
    /// <summary>Asserts that nothing failed and returns the output.</summary>
    public Collection<PSObject> Ok()
    {
        if (Terminating != null || Errors.Count > 0)
        {
            string errors = string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}"));
            throw new Xunit.Sdk.XunitException($"PowerShell failed.\nTerminating: {Terminating}\nErrors:\n{errors}");
        }
        return Output;
    }

    /// <summary>The property value of output object <paramref name="index"/>.</summary>
    public object? Get(int index, string property) => Output[index].Properties[property]?.Value;

    public ErrorRecord? TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;
}

/// <summary>A host whose UI records what it is given (the "What if:" text of -WhatIf goes only to the host).</summary>
internal sealed class CapturingHost : PSHost
{
    private readonly CapturingUi _ui = new();

    public string Text => _ui.Buffer.ToString();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "MatterMfgTestHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class CapturingUi : PSHostUserInterface
    {
        public readonly StringBuilder Buffer = new();
        public override PSHostRawUserInterface? RawUI => null;
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("prompt in a test: " + message);
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NotSupportedException("prompt in a test: " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override string ReadLine() => throw new NotSupportedException();
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
        public override void Write(string value) => Buffer.Append(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Buffer.Append(value);
        public override void WriteDebugLine(string message) => Buffer.AppendLine("DEBUG: " + message);
        public override void WriteErrorLine(string value) => Buffer.AppendLine("ERROR: " + value);
        public override void WriteLine(string value) => Buffer.AppendLine(value);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Buffer.AppendLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Buffer.AppendLine("WARNING: " + message);
    }
}
