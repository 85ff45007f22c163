namespace MatterMfg.Commissioning;

/// <summary>The 12-bit discriminator a device advertises for commissioning (0 is a valid value).</summary>
public static class SetupDiscriminator
{
    public const ushort Max = 0xFFF;

    /// <summary>The short (manual-code) form: the 4 most significant bits.</summary>
    public static byte ToShort(ushort discriminator) => (byte)(discriminator >> 8);

    public static bool IsValid(long discriminator) => discriminator >= 0 && discriminator <= Max;

    /// <summary>Throws a NumberOutOfRange error naming <paramref name="field"/> outside 0..4095.</summary>
    public static void Check(long discriminator, string field = "Discriminator") => Text.NumberText.Check(discriminator, field, 0, Max);

    /// <summary>A discriminator drawn uniformly over 0..4095 from the CSPRNG. Thread-safe.</summary>
    public static ushort New() => (ushort)CommissioningRandom.Below(Max + 1);

    /// <summary><paramref name="count"/> discriminators; with <paramref name="unique"/> no two are equal (at most 4096).</summary>
    public static ushort[] New(int count, bool unique) => CommissioningRandom.Batch(count, unique, Max + 1, "Discriminator", New);
}
