using System.Collections.Generic;
using System.IO;
using MatterMfg.Nvs;

namespace MatterMfg.Factory;

/// <summary>The factory's view of the NVS engine: a device's generator CSV rows → its partition image, and encryption with fresh keys.</summary>
public static class FactoryNvs
{
    /// <summary>The image esp-idf-nvs-partition-gen <c>generate</c> (format v2) makes from the rows of <paramref name="entries"/>.</summary>
    public static byte[] Build(IReadOnlyList<FactoryEntry> entries, int size)
    {
        var writer = new NvsPartitionWriter(size, NvsFormatVersion.V2);
        foreach (var e in entries)
        {
            const string source = "partition.csv";
            NvsEntry entry = e.IsFile
                ? NvsValueEncoding.FromFile(e.Namespace, e.Key, e.Encoding, e.Content ?? NvsValueEncoding.ReadFile(e.Value, Directory.GetCurrentDirectory(), e.Key, source), source)
                : NvsValueEncoding.FromText(e.Namespace, e.Key, e.Encoding, e.Value, source);
            writer.Add(entry);
        }
        return writer.ToImage();
    }

    /// <summary>Encrypts <paramref name="image"/> with fresh CSPRNG keys; returns the encrypted image and the 4096-byte keys partition.</summary>
    public static (byte[] Image, byte[] KeysPartition) Encrypt(byte[] image)
    {
        var keys = NvsKeys.Generate();
        return (NvsEncryption.Encrypt(image, keys), keys.ToPartition());
    }
}
