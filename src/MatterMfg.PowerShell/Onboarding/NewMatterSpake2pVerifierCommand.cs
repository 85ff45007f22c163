using System.Management.Automation;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>Computes the SPAKE2+ verifier a Matter device stores instead of its passcode.</summary>
/// <remarks>
/// <para>verifier = w0 ‖ L (97 bytes), from PBKDF2-HMAC-SHA256 over the passcode (4 bytes little-endian) and the salt,
/// as connectedhomeip and esp-matter-mfg-tool compute it. -Salt takes bytes, base64 text or 0x-prefixed hex; without it a
/// 32-byte salt is drawn from the CSPRNG. -IterationCount is 1000..100000 (default 10000, the reference's default).</para>
/// <para>The output's Passcode, Salt, IterationCount and Verifier properties bind to Test-MatterSpake2pVerifier. Each
/// pipeline row is one verifier; a bad row is a non-terminating error naming the field.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterSpake2pVerifier -Passcode 20202021 -Salt U1BBS0UyUCBLZXkgU2FsdA== -IterationCount 1000</code>
/// <para>The well-known connectedhomeip test verifier, uWFwqugDNGiEck/po7KHwwMwwqZgN10X...</para>
/// </example>
/// <example>
/// <code>PS> New-MatterPasscode -Count 100 -Unique | ForEach-Object { New-MatterSpake2pVerifier -Passcode $_ } | Select-Object Passcode, IterationCount, @{ n = 'Salt'; e = { $_.SaltBase64 } }, @{ n = 'Verifier'; e = { $_.VerifierBase64 } } | Export-Csv verifiers.csv</code>
/// <para>A hundred passcodes with fresh salts and their verifiers, saved as base64 columns that
/// Test-MatterSpake2pVerifier reads back (Export-Csv would write the byte arrays as "System.Byte[]").</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterSpake2pVerifier")]
[OutputType(typeof(Spake2pVerifierInfo))]
public sealed class NewMatterSpake2pVerifierCommand : MatterMfgCmdlet
{
    private int _done;

    /// <summary>The pipeline object the values came from; it is the target of the errors about it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Setup passcode, 1..99999998 and not a forbidden value.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, SetupPasscode.FieldMax)]
    [Alias("Pincode")]
    public long Passcode { get; set; }

    /// <summary>The salt, 16..32 bytes (bytes, base64 or 0x hex). Default: 32 random bytes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BytesTransformation]
    public byte[]? Salt { get; set; }

    /// <summary>PBKDF2 iteration count, 1000..100000.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(Spake2pVerifier.MinIterations, Spake2pVerifier.MaxIterations)]
    [Alias("Iterations")]
    public int IterationCount { get; set; } = 10000;

    protected override void ProcessRecordCore()
    {
        try
        {
            SetupPasscode.Check(Passcode);
            byte[] salt = Salt ?? Spake2pVerifier.NewSalt();
            byte[] verifier = Spake2pVerifier.Compute((uint)Passcode, salt, IterationCount);
            WriteObject(new Spake2pVerifierInfo { Passcode = Passcode, Salt = salt, IterationCount = IterationCount, Verifier = verifier });
        }
        catch (MfgException e)
        {
            WriteItemError(e, InputObject);
        }
        // Thousands of rows at tens of milliseconds each are minutes of work: show that it moves.
        if (++_done % 16 == 0)
        {
            WriteProgress(new ProgressRecord(1, "New-MatterSpake2pVerifier", $"{_done} verifiers"));
        }
    }

    protected override void EndProcessingCore()
    {
        if (_done >= 16)
        {
            WriteProgress(new ProgressRecord(1, "New-MatterSpake2pVerifier", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
