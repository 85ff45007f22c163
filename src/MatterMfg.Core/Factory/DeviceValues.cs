using System.Collections.Generic;

namespace MatterMfg.Factory;

/// <summary>
/// One device's FINAL values, after the shared options, its input row and its per-device CSV record were merged and the
/// random ones drawn. The partition, the onboarding codes, the verifier and every summary column come from these.
/// </summary>
public sealed class DeviceValues
{
    /// <summary>0-based position in the run (input order).</summary>
    public int Index { get; set; }

    /// <summary>The device folder name and DAC common name: a UUID.</summary>
    public string DeviceId { get; set; } = "";

    /// <summary>Null with the dynamic passcode.</summary>
    public uint? Passcode { get; set; }

    public ushort Discriminator { get; set; }

    public int IterationCount { get; set; } = 10000;

    /// <summary>The salt as stored in NVS: base64 text.</summary>
    public string SaltText { get; set; } = "";

    public byte[] Salt { get; set; } = System.Array.Empty<byte>();

    /// <summary>The verifier as stored in NVS: base64 of the 97 bytes. Null with the dynamic passcode.</summary>
    public string? VerifierText { get; set; }

    public byte[]? Verifier { get; set; }

    public string SerialNumber { get; set; } = "";

    /// <summary>See <see cref="DeviceInput.ReplaceExisting"/>.</summary>
    internal bool ReplaceExisting { get; set; }

    /// <summary>The rotating-device-id unique id as 32 hex characters, when there is one.</summary>
    public string? RotatingDeviceIdUniqueId { get; set; }

    /// <summary>Values of the extra schema keys (by key name), from the per-device CSV or the input row.</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; set; }

    /// <summary>The DAC and its key, when attestation is on.</summary>
    public DeviceCredentials? Credentials { get; set; }
}

/// <summary>A device's attestation material as written to <c>internal/</c> and into the partitions.</summary>
public sealed class DeviceCredentials
{
    public byte[] DacCertificateDer { get; set; } = System.Array.Empty<byte>();

    /// <summary>Null for an external DAC (the reference writes no PEM copies then).</summary>
    public string? DacCertificatePem { get; set; }

    /// <summary>32-byte big-endian scalar.</summary>
    public byte[] DacPrivateKey { get; set; } = System.Array.Empty<byte>();

    /// <summary>65 bytes 04‖X‖Y.</summary>
    public byte[] DacPublicKey { get; set; } = System.Array.Empty<byte>();

    /// <summary>SEC1 ECPrivateKey DER (DAC_key.der).</summary>
    public byte[] DacKeySec1Der { get; set; } = System.Array.Empty<byte>();

    /// <summary>PKCS#8 PEM (DAC_key.pem); null for an external DAC.</summary>
    public string? DacKeyPkcs8Pem { get; set; }

    /// <summary>The DAC subject CN (cn_dacs CSV); null when it has none.</summary>
    public string? CommonName { get; set; }
}
