using System;
using System.Collections.Generic;
using System.Globalization;
using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>The run-wide files a device's entries refer to (read once per run, not per device).</summary>
public sealed class FactorySharedFiles
{
    /// <summary>PAI DER, when attestation is on.</summary>
    public byte[]? PaiCertificateDer { get; set; }

    /// <summary>The path written for <c>pai-cert</c> (staging/pai_cert.der).</summary>
    public string PaiCertificatePath { get; set; } = "";

    public byte[]? CertificationDeclaration { get; set; }

    /// <summary>The path written for <c>cert-dclrn</c>: the <c>-cd</c> path relative to the working directory.</summary>
    public string CertificationDeclarationPath { get; set; } = "";

    /// <summary>Reads a <c>file</c>-type extra value (a path from the per-device CSV, relative to the working directory).</summary>
    public Func<string, byte[]> ReadFile { get; set; } = System.IO.File.ReadAllBytes;
}

/// <summary>Fills a run's <see cref="FactorySchema"/> with one device's final values.</summary>
public static class FactoryEntryBuilder
{
    public static List<FactoryEntry> Build(FactorySchema schema, DeviceValues d, DevicePaths paths, FactorySharedFiles shared)
    {
        var list = new List<FactoryEntry>(schema.Keys.Count);
        foreach (var k in schema.Keys)
        {
            string value;
            byte[]? content = null;
            switch (k.Source)
            {
                case FactoryValueSource.Fixed:
                    value = k.FixedValue ?? "";
                    break;
                case FactoryValueSource.Discriminator:
                    value = d.Discriminator.ToString(CultureInfo.InvariantCulture);
                    break;
                case FactoryValueSource.IterationCount:
                    value = d.IterationCount.ToString(CultureInfo.InvariantCulture);
                    break;
                case FactoryValueSource.Salt:
                    value = d.SaltText;
                    break;
                case FactoryValueSource.Verifier:
                    value = d.VerifierText ?? "";
                    break;
                case FactoryValueSource.SerialNumber:
                    value = d.SerialNumber;
                    break;
                case FactoryValueSource.RotatingDeviceIdUniqueId:
                    value = d.RotatingDeviceIdUniqueId ?? "";
                    break;
                case FactoryValueSource.DacCertificate:
                    value = paths.DacCertificateDer;
                    content = Creds(d).DacCertificateDer;
                    break;
                case FactoryValueSource.DacKey:
                    value = paths.DacPrivateKey;
                    content = Creds(d).DacPrivateKey;
                    break;
                case FactoryValueSource.DacPublicKey:
                    value = paths.DacPublicKey;
                    content = Creds(d).DacPublicKey;
                    break;
                case FactoryValueSource.PaiCertificate:
                    value = shared.PaiCertificatePath;
                    content = shared.PaiCertificateDer;
                    break;
                case FactoryValueSource.CertificationDeclaration:
                    value = shared.CertificationDeclarationPath;
                    content = shared.CertificationDeclaration;
                    break;
                default:
                    if (d.Extra == null || !d.Extra.TryGetValue(k.Key, out string? extra))
                    {
                        throw new MfgException(ErrorIds.ExtraKeyValueMissing, MfgErrorKind.InvalidArgument,
                            $"Device {d.Index + 1} has no value for the extra key '{k.Key}'.", k.Key);
                    }
                    value = extra;
                    if (k.IsFile)
                    {
                        try
                        {
                            content = shared.ReadFile(extra);
                        }
                        catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                        {
                            throw MfgException.FileError($"Device {d.Index + 1}, key '{k.Key}'", extra, e, target: k.Key);
                        }
                    }
                    break;
            }
            list.Add(new FactoryEntry(k.Namespace, k.Key, k.IsFile, k.Encoding, value, content));
        }
        return list;
    }

    private static DeviceCredentials Creds(DeviceValues d) =>
        d.Credentials ?? throw new InvalidOperationException("The schema has DAC keys but the device has no credentials.");
}
