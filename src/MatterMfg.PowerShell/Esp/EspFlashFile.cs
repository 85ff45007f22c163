namespace MatterMfg.PowerShell.Esp;

/// <summary>What Read-EspFlash wrote: the region read from a board and the file that holds it.</summary>
public sealed class EspFlashFile
{
    /// <summary>The serial port the board is on.</summary>
    public string Port { get; set; } = "";

    /// <summary>The chip the ROM loader reported.</summary>
    public string Chip { get; set; } = "";

    /// <summary>The board's factory MAC.</summary>
    public string Mac { get; set; } = "";

    /// <summary>The partition read (with -PartitionLabel); null for an -Offset/-Length region.</summary>
    public string? PartitionLabel { get; set; }

    /// <summary>Start of the region in flash.</summary>
    public uint Offset { get; set; }

    /// <summary>Bytes read.</summary>
    public int Length { get; set; }

    /// <summary>MD5 of the bytes read, lower-case hex.</summary>
    public string Md5 { get; set; } = "";

    /// <summary>The file written (binds to -Path of Get-EspPartitionTable, Test-MatterFactoryImage, Read-EspNvsPartition).</summary>
    public string Path { get; set; } = "";
}
