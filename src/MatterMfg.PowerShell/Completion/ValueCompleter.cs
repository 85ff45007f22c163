using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MatterMfg.PowerShell.Completion;

/// <summary>
/// Tab completion from a list of values, each with what it means: the values that start with what was typed, the
/// meaning shown in the completion menu and as the tooltip.
/// </summary>
public abstract class ValueCompleter : IArgumentCompleter
{
    /// <summary>The values for <paramref name="commandName"/>, given the parameters already on the command line.</summary>
    protected abstract IEnumerable<(string Value, string Meaning)> Values(string commandName, IDictionary boundParameters);

    /// <summary>Whether <paramref name="value"/> is offered for what was typed: by default, when it starts with it.</summary>
    protected virtual bool Matches(string value, string typed) => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? "").Trim('\'', '"');
        return Values(commandName ?? "", fakeBoundParameters ?? new Hashtable())
            .Where(v => Matches(v.Value, word))
            .Select(v => new CompletionResult(Quote(v.Value), $"{v.Value} - {v.Meaning}", CompletionResultType.ParameterValue, v.Meaning))
            .ToList();
    }

    private static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', ',', '(', ')', '{', '}', '@', '#', '&', '|' }) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}
