using System;
using System.Collections.Generic;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.SecureCert;

namespace MatterMfg.Factory;

/// <summary>Everything of one device, in memory, before it is written: its values, partitions, codes and summary rows.</summary>
internal sealed class DeviceImage
{
    public DeviceImage(DeviceValues values, DevicePaths paths, List<FactoryEntry> entries)
    {
        Values = values;
        Paths = paths;
        Entries = entries;
    }

    public DeviceValues Values { get; }

    public DevicePaths Paths { get; }

    public List<FactoryEntry> Entries { get; }

    public byte[]? Nvs { get; set; }

    public byte[]? KeysPartition { get; set; }

    public byte[]? SecureCert { get; set; }

    public string? QrCode { get; set; }

    public string? ManualCode { get; set; }

    public byte[]? QrPng { get; set; }

    public string SummaryRow { get; set; } = "";

    public string? CnDacsRow { get; set; }

    public string MasterRow => CsvText.Line(Entries.Select(e => e.Value));
}

/// <summary>
/// Builds one device's image from its values: the SPAKE2+ verifier, the DAC, the NVS (and keys) partition, the
/// secure-cert partition, the onboarding codes and QR image, and its summary rows. Writes nothing. Thread-safe.
/// </summary>
internal sealed class DeviceImageBuilder
{
    private readonly FactoryOptions _o;
    private readonly IFactoryEngine _engine;
    private readonly IAttestationSource? _attestation;
    private readonly FactorySchema _schema;
    private readonly FactorySharedFiles _shared;
    private readonly FactoryLayout _layout;

    public DeviceImageBuilder(FactoryOptions o, IFactoryEngine engine, IAttestationSource? attestation, FactorySchema schema, FactorySharedFiles shared,
        FactoryLayout layout)
    {
        _o = o;
        _engine = engine;
        _attestation = attestation;
        _schema = schema;
        _shared = shared;
        _layout = layout;
    }

    public DeviceImage Build(DeviceValues d, int row)
    {
        if (!_o.EnableDynamicPasscode)
        {
            byte[] computed = _engine.ComputeVerifier(d.Passcode!.Value, d.Salt, d.IterationCount);
            if (d.VerifierText != null)
            {
                byte[] given = DeviceValueResolver.DecodeBase64(d.VerifierText, row, "Verifier");
                if (!given.AsSpan().SequenceEqual(computed))
                {
                    throw FactoryValidation.VerifierMismatch(row, d.IterationCount, $"row {row}: Verifier");
                }
            }
            else
            {
                d.VerifierText = Convert.ToBase64String(computed);
            }
            d.Verifier = computed;
        }

        if (_attestation != null)
        {
            d.Credentials = _attestation.External ?? _attestation.Issue(d.DeviceId);
        }

        var paths = _layout.Device(d.DeviceId);
        var image = new DeviceImage(d, paths, FactoryEntryBuilder.Build(_schema, d, paths, _shared));
        if (!_o.NoBin)
        {
            image.Nvs = _engine.BuildNvs(image.Entries, _o.PartitionSize);
            if (_o.Encrypt)
            {
                var (nvs, keys) = _engine.EncryptNvs(image.Nvs);
                image.Nvs = nvs;
                image.KeysPartition = keys;
            }
        }

        if (FactoryFiles.WritesSecureCert(_o) && d.Credentials != null)
        {
            var c = new SecureCertContent
            {
                DacCertificateDer = d.Credentials.DacCertificateDer,
                DacPrivateKey = d.Credentials.DacPrivateKey,
                PaiCertificateDer = _attestation!.PaiCertificateDer,
                DsPeripheral = _o.DsPeripheral,
                EfuseKeyId = _o.EfuseKeyId,
            };
            if (_o.CommissionableDataInSecureCert)
            {
                c.Discriminator = d.Discriminator;
                c.IterationCount = (uint)d.IterationCount;
                c.Salt = d.Salt;
                c.Verifier = d.Verifier;
                c.RotatingDeviceIdUniqueId = Hex(d.RotatingDeviceIdUniqueId!);
            }
            image.SecureCert = EspSecureCertPartition.Build(c);
        }

        if (!_o.EnableDynamicPasscode)
        {
            var codes = _engine.Onboarding((ushort)_o.VendorId, (ushort)_o.ProductId, _o.CommissioningFlow, _o.DiscoveryMode, d.Discriminator, d.Passcode!.Value);
            image.QrCode = codes.QrCode;
            image.ManualCode = FactoryFiles.DisplayManualCode(codes.ManualCode);
            image.QrPng = _engine.QrPng(codes.QrCode);
        }
        image.SummaryRow = FactoryFiles.SummaryRow(image.Entries, _o, d, image.QrCode, image.ManualCode);
        if (d.Credentials?.CommonName != null)
        {
            image.CnDacsRow = FactoryFiles.CnDacsRow(d.Credentials.CommonName, d.Credentials.DacCertificatePem ?? Attestation.PemText.Encode("CERTIFICATE", d.Credentials.DacCertificateDer));
        }
        return image;
    }

    private static byte[] Hex(string hex)
    {
        var b = new byte[hex.Length / 2];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = byte.Parse(hex.Substring(i * 2, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        }
        return b;
    }
}
