using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MatterMfg.Ota;

namespace MatterMfg.PowerShell.Ota;

/// <summary>Tab completion of -DigestAlgorithm: sha256, sha384, sha512, sha3_256, … (the names ota_image_tool.py's -da takes).</summary>
public sealed class OtaDigestCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? "").Trim('\'', '"');
        return OtaDigests.All.Select(OtaDigests.Name)
            .Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"{n} (id {(int)OtaDigests.Parse(n)})"));
    }
}
