using System;
using System.Collections.Generic;
using System.Linq;

namespace MatterMfg.Esp;

/// <summary>The chips the loader knows (esp-serial-protocol.md §7).</summary>
public enum EspChip
{
    Unknown,
    Esp32,
    Esp32S2,
    Esp32S3,
    Esp32C2,
    Esp32C3,
    Esp32C6,
    Esp32H2,
}

/// <summary>
/// What differs between chips for the ROM loader: how to recognise it (the ROM word at 0x40001000, or the chip id in
/// GET_SECURITY_INFO), where its MAC eFuses and SPI registers are, and the ROM quirks (FLASH_BEGIN parameter count,
/// the ESP32's baud-rate crystal correction).
/// </summary>
public sealed class EspChipDefinition
{
    /// <summary>The ROM word read to identify chips that do not answer GET_SECURITY_INFO.</summary>
    public const uint MagicRegister = 0x40001000;

    private EspChipDefinition(EspChip chip, string name, uint[] magic, uint? chipId, uint macRegister, uint spiBase, bool esp32Layout)
    {
        Chip = chip;
        Name = name;
        MagicValues = magic;
        ChipId = chipId;
        MacRegister = macRegister;
        SpiBase = spiBase;
        Esp32SpiLayout = esp32Layout;
    }

    public EspChip Chip { get; }

    /// <summary>The name esptool prints (ESP32-C3).</summary>
    public string Name { get; }

    public IReadOnlyList<uint> MagicValues { get; }

    /// <summary>IMAGE_CHIP_ID reported in the 20-byte security info; null for chips whose ROM gives none (ESP32, S2).</summary>
    public uint? ChipId { get; }

    /// <summary>First MAC eFuse word. ESP32: words 1 and 2 of 0x3FF5A000; later chips: MAC_EFUSE_REG and the word after it.</summary>
    public uint MacRegister { get; }

    public uint SpiBase { get; }

    /// <summary>The ESP32's SPI user-command register offsets; the later chips share another layout.</summary>
    public bool Esp32SpiLayout { get; }

    /// <summary>The ESP32 ROM takes 4 words in FLASH_BEGIN / FLASH_DEFL_BEGIN; the later ROMs a 5th (encrypted flag).</summary>
    public bool FlashBeginHasEncryptedWord => Chip != EspChip.Esp32;

    /// <summary>Only the ESP32 ROM computes the new UART divider from its own crystal estimate (§10).</summary>
    public bool NeedsBaudCrystalCorrection => Chip == EspChip.Esp32;

    public uint SpiUsr => SpiBase + (Esp32SpiLayout ? 0x1Cu : 0x18u);
    public uint SpiUsr1 => SpiBase + (Esp32SpiLayout ? 0x20u : 0x1Cu);
    public uint SpiUsr2 => SpiBase + (Esp32SpiLayout ? 0x24u : 0x20u);
    public uint SpiMosiDlen => SpiBase + (Esp32SpiLayout ? 0x28u : 0x24u);
    public uint SpiMisoDlen => SpiBase + (Esp32SpiLayout ? 0x2Cu : 0x28u);
    public uint SpiW0 => SpiBase + (Esp32SpiLayout ? 0x80u : 0x58u);
    public uint SpiCmd => SpiBase;

    // ESP32 only: registers esptool reads for the crystal correction and the chip revision.
    internal const uint Esp32EfuseBase = 0x3FF5A000;
    internal const uint Esp32RtcCaliReg = 0x3FF5F06C;
    internal const uint Esp32UartClkDivReg = 0x3FF5A010;
    internal const uint Esp32ApbCtlDate = 0x3FF6607C;

    public static IReadOnlyList<EspChipDefinition> All { get; } = new[]
    {
        new EspChipDefinition(EspChip.Esp32, "ESP32", new[] { 0x00F01D83u }, null, Esp32EfuseBase + 4, 0x3FF42000, true),
        new EspChipDefinition(EspChip.Esp32S2, "ESP32-S2", new[] { 0x000007C6u }, null, 0x3F41A000 + 0x44, 0x3F402000, false),
        new EspChipDefinition(EspChip.Esp32S3, "ESP32-S3", new[] { 0x00000009u }, 9, 0x60007000 + 0x44, 0x60002000, false),
        new EspChipDefinition(EspChip.Esp32C2, "ESP32-C2", new[] { 0x6F51306Fu, 0x7C41A06Fu, 0x0C21E06Fu }, 12, 0x60008800 + 0x40, 0x60002000, false),
        new EspChipDefinition(EspChip.Esp32C3, "ESP32-C3", new[] { 0x6921506Fu, 0x1B31506Fu, 0x4881606Fu, 0x4361606Fu }, 5, 0x60008800 + 0x44, 0x60002000, false),
        new EspChipDefinition(EspChip.Esp32C6, "ESP32-C6", new[] { 0x2CE0806Fu }, 13, 0x600B0800 + 0x44, 0x60003000, false),
        new EspChipDefinition(EspChip.Esp32H2, "ESP32-H2", new[] { 0xD7B73E80u }, 16, 0x600B0800 + 0x44, 0x60003000, false),
    };

    public static EspChipDefinition Get(EspChip chip) =>
        All.FirstOrDefault(d => d.Chip == chip) ?? throw new ArgumentOutOfRangeException(nameof(chip), chip, "not a known chip");

    public static EspChipDefinition? FromMagic(uint magic) => All.FirstOrDefault(d => d.MagicValues.Contains(magic));

    public static EspChipDefinition? FromChipId(uint id) => All.FirstOrDefault(d => d.ChipId == id);

    /// <summary>Parses 'esp32', 'ESP32-C3', 'esp32c3' (case and dash insensitive).</summary>
    public static bool TryParse(string? text, out EspChip chip)
    {
        chip = EspChip.Unknown;
        if (text == null)
        {
            return false;
        }
        string key = text.Replace("-", "").Replace("_", "").Trim();
        foreach (var d in All)
        {
            if (string.Equals(d.Name.Replace("-", ""), key, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(d.Chip.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                chip = d.Chip;
                return true;
            }
        }
        return false;
    }
}
