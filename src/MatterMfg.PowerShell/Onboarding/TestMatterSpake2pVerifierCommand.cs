using System.Management.Automation;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>Checks that a passcode, salt and iteration count reproduce a SPAKE2+ verifier.</summary>
/// <remarks>
/// <para>Recomputes the verifier and compares it in constant time: True when they match, False otherwise. Malformed input
/// (a salt outside 16..32 bytes, a verifier that is not 97 bytes, a forbidden passcode) is an error naming the field,
/// not False. Rows bind by property name, so the output of New-MatterSpake2pVerifier, or a CSV with Passcode, Salt,
/// IterationCount and Verifier columns (base64 as the NVS stores them), can be piped in.</para>
/// </remarks>
/// <example>
/// <code>PS> Test-MatterSpake2pVerifier -Passcode 20202021 -Salt U1BBS0UyUCBLZXkgU2FsdA== -IterationCount 1000 -Verifier $v</code>
/// <para>True when $v is the verifier of that passcode, salt and count.</para>
/// </example>
/// <example>
/// <code>PS> Import-Csv verifiers.csv | Where-Object { -not ($_ | Test-MatterSpake2pVerifier) }</code>
/// <para>Lists the rows whose verifier does not match.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "MatterSpake2pVerifier")]
[OutputType(typeof(bool))]
public sealed class TestMatterSpake2pVerifierCommand : MatterMfgCmdlet
{
    /// <summary>The pipeline object the values came from; it is the target of the errors about it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The setup passcode.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, SetupPasscode.FieldMax)]
    [Alias("Pincode")]
    public long Passcode { get; set; }

    /// <summary>The salt (bytes, base64 or 0x hex).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [BytesTransformation]
    public byte[] Salt { get; set; } = System.Array.Empty<byte>();

    /// <summary>PBKDF2 iteration count, 1000..100000.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(Spake2pVerifier.MinIterations, Spake2pVerifier.MaxIterations)]
    [Alias("Iterations")]
    public int IterationCount { get; set; }

    /// <summary>The 97-byte verifier to check (bytes, base64 or 0x hex).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [BytesTransformation]
    public byte[] Verifier { get; set; } = System.Array.Empty<byte>();

    protected override void ProcessRecordCore()
    {
        try
        {
            SetupPasscode.Check(Passcode);
            WriteObject(Spake2pVerifier.Verify(Verifier, (uint)Passcode, Salt, IterationCount));
        }
        catch (MfgException e)
        {
            WriteItemError(e, InputObject);
        }
    }
}
