namespace MatterMfg.Esp;

/// <summary>A chip found on a port: what Get-EspChip emits.</summary>
public sealed class EspChipInfo
{
    /// <summary>The serial port the chip answered on.</summary>
    public string Port { get; set; } = "";

    /// <summary>The chip (ESP32, ESP32-C3, ...).</summary>
    public string Chip { get; set; } = "";

    /// <summary>The chip revision where the ROM gives it (ESP32: v0.0..v3.1); null otherwise.</summary>
    public string? Revision { get; set; }

    /// <summary>The factory MAC from eFuse, aa:bb:cc:dd:ee:ff.</summary>
    public string Mac { get; set; } = "";

    /// <summary>Flash size in bytes from the flash chip's JEDEC id; null when it could not be read.</summary>
    public long? FlashSize { get; set; }

    /// <summary>The flash JEDEC id as 0x hex (manufacturer, type, capacity); null when it could not be read.</summary>
    public string? FlashId { get; set; }

    /// <summary>Describes the chip a connected loader talks to.</summary>
    public static EspChipInfo From(string port, EspLoader loader) => new()
    {
        Port = port,
        Chip = loader.Chip.Name,
        Revision = loader.Revision,
        Mac = loader.MacText,
        FlashSize = loader.FlashSize,
        FlashId = loader.FlashId is uint id ? "0x" + id.ToString("X6") : null,
    };
}
