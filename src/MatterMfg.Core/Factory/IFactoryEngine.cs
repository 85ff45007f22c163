using System.Collections.Generic;

namespace MatterMfg.Factory;

/// <summary>
/// The building blocks the factory composes, owned by other concerns (NVS writer, SPAKE2+, onboarding payload, QR image,
/// DAC issuance), passed to <see cref="FactoryBatch"/> by its caller (tests pass fakes). <see cref="FactoryBatch"/> only orchestrates; <see cref="MatterFactoryEngine"/> wires the real ones.
/// Every member must be thread-safe: devices are generated in parallel.
/// </summary>
public interface IFactoryEngine
{
    uint NewPasscode();

    ushort NewDiscriminator();

    /// <summary>The 97-byte SPAKE2+ verifier w0 ‖ L.</summary>
    byte[] ComputeVerifier(uint passcode, byte[] salt, int iterations);

    /// <summary>The NVS partition image of <paramref name="entries"/> (esp-idf-nvs-partition-gen <c>generate</c>, version 2).</summary>
    byte[] BuildNvs(IReadOnlyList<FactoryEntry> entries, int size);

    /// <summary>Encrypts an NVS image with fresh CSPRNG keys; returns the image and the 4096-byte keys partition.</summary>
    (byte[] Image, byte[] KeysPartition) EncryptNvs(byte[] image);

    /// <summary>The QR string (<c>MT:…</c>) and the manual code digits (11 or 21, no dashes).</summary>
    (string QrCode, string ManualCode) Onboarding(ushort vendorId, ushort productId, int flow, int discovery, ushort discriminator, uint passcode);

    /// <summary>The QR image as PNG.</summary>
    byte[] QrPng(string qrCode);

    /// <summary>Loads and checks the run's attestation inputs (before any device is written).</summary>
    IAttestationSource OpenAttestation(FactoryOptions options);
}

/// <summary>The run's attestation material: the PAI and how each device gets its DAC.</summary>
public interface IAttestationSource
{
    byte[] PaiCertificateDer { get; }

    /// <summary>PAA mode: the generated PAI and its key, written to staging as the reference does.</summary>
    string? GeneratedPaiPem { get; }

    string? GeneratedPaiKeyPem { get; }

    /// <summary>A certification declaration that comes with the source (the test PKI's), used when none is given.</summary>
    byte[]? DefaultCertificationDeclaration { get; }

    /// <summary>An external DAC (<c>--dac-cert</c>): every device of the run (only one) uses it.</summary>
    DeviceCredentials? External { get; }

    /// <summary>Issues a DAC with CN = <paramref name="deviceId"/> under the PAI.</summary>
    DeviceCredentials Issue(string deviceId);
}
