using System.IO;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;

namespace MatterMfg.PowerShell.Nvs;

/// <summary>The -EncryptionKey / -KeyPartitionPath pair that New- and Read-EspNvsPartition share.</summary>
internal static class NvsKeyInput
{
    /// <summary>The keys the user gave, null for none; both at once is an error.</summary>
    public static NvsKeys? Resolve(byte[]? key, string? keyPartitionPath)
    {
        if (key != null && keyPartitionPath != null)
        {
            throw new MfgException(ErrorIds.NvsKeysAmbiguous, MfgErrorKind.InvalidArgument,
                "Give either -EncryptionKey or -KeyPartitionPath, not both.");
        }
        if (key != null)
        {
            return NvsKeys.FromBytes(key);
        }
        if (keyPartitionPath == null)
        {
            return null;
        }
        if (!File.Exists(keyPartitionPath))
        {
            throw MfgException.InputFileNotFound("-KeyPartitionPath", keyPartitionPath);
        }
        return NvsKeys.FromPartition(File.ReadAllBytes(keyPartitionPath), keyPartitionPath);
    }
}
