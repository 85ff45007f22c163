namespace MatterMfg.SecureCert;

/// <summary>What goes into a device's esp_secure_cert partition. Null members are left out.</summary>
public sealed class SecureCertContent
{
    /// <summary>The DAC, DER. Stored as DEV_CERT.</summary>
    public byte[]? DacCertificateDer { get; set; }

    /// <summary>The DAC private key as the 32-byte big-endian P-256 scalar. Stored as PRIV_KEY in SEC1 DER.</summary>
    public byte[]? DacPrivateKey { get; set; }

    /// <summary>The PAI, DER. Stored as CA_CERT.</summary>
    public byte[]? PaiCertificateDer { get; set; }

    /// <summary>The DAC key is used through the ECDSA peripheral (eFuse key): PRIV_KEY gets flag 0x08 and a SEC_CFG entry is added.</summary>
    public bool DsPeripheral { get; set; }

    /// <summary>eFuse key block id 0..5 for the ECDSA peripheral; -1 when not used.</summary>
    public int EfuseKeyId { get; set; } = -1;

    public ushort? Discriminator { get; set; }

    public uint? IterationCount { get; set; }

    public byte[]? Salt { get; set; }

    /// <summary>The 97-byte SPAKE2+ verifier (w0 ‖ L).</summary>
    public byte[]? Verifier { get; set; }

    /// <summary>The rotating-device-id unique id (16 bytes).</summary>
    public byte[]? RotatingDeviceIdUniqueId { get; set; }

    /// <summary>
    /// The two 32-byte random values the reference stores as Matter TLV subtypes 128 and 129 beside the commissionable
    /// data. Null: drawn from a CSPRNG when the commissionable data is written.
    /// </summary>
    public byte[]? Reserved128 { get; set; }

    public byte[]? Reserved129 { get; set; }
}
