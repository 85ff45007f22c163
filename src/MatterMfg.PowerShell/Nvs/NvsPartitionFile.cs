namespace MatterMfg.PowerShell.Nvs;

/// <summary>What New-EspNvsPartition wrote.</summary>
public sealed class NvsPartitionFile
{
    internal NvsPartitionFile(string path, long partitionSize, int fileLength, int version, int entries, int namespaces, int pagesUsed, bool readOnly, string? keyPartitionPath, bool encrypted)
    {
        Path = path;
        PartitionSize = partitionSize;
        FileLength = fileLength;
        Version = version;
        Entries = entries;
        Namespaces = namespaces;
        PagesUsed = pagesUsed;
        ReadOnly = readOnly;
        KeyPartitionPath = keyPartitionPath;
        Encrypted = encrypted;
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <summary>The partition size the image was laid out for.</summary>
    public long PartitionSize { get; }

    /// <summary>Bytes in the file: the partition size, or only the used pages of a read-only (0x1000/0x2000) partition.</summary>
    public int FileLength { get; }

    /// <summary>NVS format version (1 or 2).</summary>
    public int Version { get; }

    /// <summary>Keys written (namespace entries not counted).</summary>
    public int Entries { get; }

    public int Namespaces { get; }

    /// <summary>Pages holding entries.</summary>
    public int PagesUsed { get; }

    public bool ReadOnly { get; }

    public bool Encrypted { get; }

    /// <summary>The keys partition that decrypts the image (when encrypted with one).</summary>
    public string? KeyPartitionPath { get; }
}
