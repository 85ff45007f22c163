using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using MatterMfg.Factory;

namespace MatterMfg.Tests.Factory;

/// <summary>
/// A stand-in for the real building blocks, to test the orchestration alone: the "partition" is the entries as text,
/// the QR string encodes the discriminator and passcode so a test can decode them, the verifier is a hash.
/// </summary>
public sealed class FakeFactoryEngine : IFactoryEngine
{
    private int _counter;

    /// <summary>Devices whose serial number is this fail in BuildNvs (to test a failure in the middle of a device).</summary>
    public string? FailOnSerial { get; set; }

    /// <summary>Called as each device starts its verifier (e.g. to cancel a run part-way).</summary>
    public Action? BeforeDevice { get; set; }

    public uint NewPasscode() => 20000000u + (uint)Interlocked.Increment(ref _counter);

    public ushort NewDiscriminator() => (ushort)(Interlocked.Increment(ref _counter) & 0xFFF);

    public byte[] ComputeVerifier(uint passcode, byte[] salt, int iterations)
    {
        BeforeDevice?.Invoke();
        using var sha = System.Security.Cryptography.SHA256.Create();
        var h = sha.ComputeHash(BitConverter.GetBytes(passcode).Concat(salt).Concat(BitConverter.GetBytes(iterations)).ToArray());
        return Enumerable.Range(0, 97).Select(i => h[i % 32]).ToArray();
    }

    public byte[] BuildNvs(IReadOnlyList<FactoryEntry> entries, int size)
    {
        if (FailOnSerial != null && entries.Any(e => e.Key == "serial-num" && e.Value == FailOnSerial))
        {
            throw new MatterMfg.Diagnostics.MfgException("NvsFake", MatterMfg.Diagnostics.MfgErrorKind.InvalidData, "fake NVS failure");
        }
        return Encoding.UTF8.GetBytes(string.Join("\n", entries.Select(e => $"{e.Namespace}/{e.Key}={e.Value}")));
    }

    public (byte[] Image, byte[] KeysPartition) EncryptNvs(byte[] image) => (image.Select(b => (byte)(b ^ 0x5A)).ToArray(), new byte[4096]);

    public (string QrCode, string ManualCode) Onboarding(ushort vendorId, ushort productId, int flow, int discovery, ushort discriminator, uint passcode) =>
        ($"MT:FAKE/{discriminator}/{passcode}", "1" + passcode.ToString("D10", CultureInfo.InvariantCulture) + (flow == 0 ? "" : "0123456789"));

    public byte[] QrPng(string qrCode) => Encoding.ASCII.GetBytes("PNG" + qrCode);

    public IAttestationSource OpenAttestation(FactoryOptions options) => new FakeAttestation();

    /// <summary>Decodes the fake QR string.</summary>
    public static (ushort Discriminator, uint Passcode) Decode(string qr)
    {
        var p = qr.Split('/');
        return (ushort.Parse(p[1], CultureInfo.InvariantCulture), uint.Parse(p[2], CultureInfo.InvariantCulture));
    }

    private sealed class FakeAttestation : IAttestationSource
    {
        public byte[] PaiCertificateDer { get; } = { 0x30, 0x01, 0x02 };
        public string? GeneratedPaiPem => null;
        public string? GeneratedPaiKeyPem => null;
        public byte[]? DefaultCertificationDeclaration => null;
        public DeviceCredentials? External => null;

        public DeviceCredentials Issue(string deviceId) => new()
        {
            DacCertificateDer = Encoding.ASCII.GetBytes("DAC " + deviceId),
            DacCertificatePem = "-----BEGIN CERTIFICATE-----\nREFD\n-----END CERTIFICATE-----\n",
            DacPrivateKey = new byte[32],
            DacPublicKey = new byte[65],
            DacKeySec1Der = new byte[121],
            DacKeyPkcs8Pem = "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n",
            CommonName = deviceId,
        };
    }
}
