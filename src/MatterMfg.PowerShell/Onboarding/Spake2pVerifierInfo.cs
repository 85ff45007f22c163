using System;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>What New-MatterSpake2pVerifier writes; the property names bind to Test-MatterSpake2pVerifier and New-MatterFactoryImage.</summary>
public sealed class Spake2pVerifierInfo
{
    public long Passcode { get; set; }

    public byte[] Salt { get; set; } = Array.Empty<byte>();

    /// <summary>The salt as the chip-factory NVS and the mfg tool's CSV files store it.</summary>
    public string SaltBase64 => Convert.ToBase64String(Salt);

    public int IterationCount { get; set; }

    /// <summary>The 97-byte verifier w0 ‖ L.</summary>
    public byte[] Verifier { get; set; } = Array.Empty<byte>();

    /// <summary>The verifier as stored in NVS and CSV (132 characters).</summary>
    public string VerifierBase64 => Convert.ToBase64String(Verifier);
}
