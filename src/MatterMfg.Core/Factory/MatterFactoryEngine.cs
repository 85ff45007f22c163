using System.Collections.Generic;
using MatterMfg.Commissioning;
using MatterMfg.Onboarding;

namespace MatterMfg.Factory;

/// <summary>
/// The real building blocks behind <see cref="IFactoryEngine"/>: CSPRNG passcodes and discriminators, the SPAKE2+
/// verifier on the fastest PBKDF2 of the runtime, the NVS generator, the onboarding codes and QR image, and DAC issuance.
/// Stateless, so one instance serves every parallel device of a run.
/// </summary>
public sealed class MatterFactoryEngine : IFactoryEngine
{
    public uint NewPasscode() => SetupPasscode.New();

    public ushort NewDiscriminator() => SetupDiscriminator.New();

    public byte[] ComputeVerifier(uint passcode, byte[] salt, int iterations) => Spake2pVerifier.Compute(passcode, salt, iterations);

    public byte[] BuildNvs(IReadOnlyList<FactoryEntry> entries, int size) => FactoryNvs.Build(entries, size);

    public (byte[] Image, byte[] KeysPartition) EncryptNvs(byte[] image) => FactoryNvs.Encrypt(image);

    public (string QrCode, string ManualCode) Onboarding(ushort vendorId, ushort productId, int flow, int discovery, ushort discriminator, uint passcode) =>
        OnboardingCodes.Generate(vendorId, productId, flow, discovery, discriminator, passcode);

    public byte[] QrPng(string qrCode) => OnboardingCodes.QrPng(qrCode);

    public IAttestationSource OpenAttestation(FactoryOptions options) => FactoryAttestation.Open(options);
}
