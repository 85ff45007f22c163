namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A count is out of its range (the message gives it). Fix: ask for a count within the range.</summary>
    public const string CountOutOfRange = nameof(CountOutOfRange);

    /// <summary>The PBKDF2 iteration count is outside 1000..100000, the range Matter allows. Fix: give an iteration count from 1000 to 100000.</summary>
    public const string IterationCountOutOfRange = nameof(IterationCountOutOfRange);

    /// <summary>The SPAKE2+ salt is not 16 to 32 bytes. Fix: give a salt of 16..32 bytes (base64), or none for a random one.</summary>
    public const string SaltLengthInvalid = nameof(SaltLengthInvalid);

    /// <summary>The SPAKE2+ verifier is not 97 bytes (w0 and L). Fix: give the verifier made from the passcode, salt and iteration count (base64 of 97 bytes).</summary>
    public const string VerifierLengthInvalid = nameof(VerifierLengthInvalid);
}
