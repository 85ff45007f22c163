namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>The SPAKE2+ salt is not 16 to 32 bytes. Fix: give a salt of 16..32 bytes (base64), or none for a random one.</summary>
    public const string SaltLengthInvalid = nameof(SaltLengthInvalid);

    /// <summary>The SPAKE2+ verifier is not 97 bytes (w0 and L). Fix: give the verifier made from the passcode, salt and iteration count (base64 of 97 bytes).</summary>
    public const string VerifierLengthInvalid = nameof(VerifierLengthInvalid);
}
