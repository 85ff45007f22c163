namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A secure-cert partition entry is damaged. Fix: write the secure-cert partition again.</summary>
    public const string SecureCertCorrupt = nameof(SecureCertCorrupt);

    /// <summary>The secure-cert contents do not fit the partition. Fix: give a larger partition, or less data.</summary>
    public const string SecureCertPartitionFull = nameof(SecureCertPartitionFull);

    /// <summary>The DAC private key for the secure-cert partition is not a P-256 key. Fix: give the DAC's P-256 key.</summary>
    public const string SecureCertPrivateKeyInvalid = nameof(SecureCertPrivateKeyInvalid);
}
