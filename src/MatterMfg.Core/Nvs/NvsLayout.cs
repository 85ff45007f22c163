using System;
using System.Buffers.Binary;
using MatterMfg.Checksums;

namespace MatterMfg.Nvs;

/// <summary>
/// Geometry and constants of the NVS format (mfg_tool-reference §8): 4096-byte pages of a 32-byte header, a 32-byte
/// entry-state bitmap and 126 entries of 32 bytes.
/// </summary>
internal static class NvsLayout
{
    public const int PageSize = 4096;
    public const int EntrySize = 32;
    public const int EntriesPerPage = 126;
    public const int BitmapOffset = 32;
    public const int FirstEntryOffset = 64;
    public const int MaxKeyLength = 15;
    public const int MaxNamespaces = 254;
    public const int MaxStringV2 = 4000;
    public const int MaxItemV1 = 1984;

    public const uint StateEmpty = 0xFFFFFFFF;
    public const uint StateActive = 0xFFFFFFFE;
    public const uint StateFull = 0xFFFFFFFC;
    public const uint StateFreeing = 0xFFFFFFF8;
    public const uint StateCorrupt = 0xFFFFFFF0;

    public const byte VersionByteV1 = 0xFF;
    public const byte VersionByteV2 = 0xFE;
    public const byte ChunkAny = 0xFF;
    public const byte BlobIndexType = 0x48;

    /// <summary>Entry-state bitmap values (2 bits per entry).</summary>
    public const int SlotEmpty = 3, SlotWritten = 2, SlotErased = 0, SlotIllegal = 1;

    public static int EntryOffset(int page, int slot) => page * PageSize + FirstEntryOffset + slot * EntrySize;

    public static int SlotState(ReadOnlySpan<byte> page, int slot) =>
        (page[BitmapOffset + slot / 4] >> (slot % 4 * 2)) & 3;

    /// <summary>The generator marks an entry written by clearing its low bit only (11 → 10).</summary>
    public static void MarkWritten(Span<byte> page, int slot) =>
        page[BitmapOffset + slot / 4] &= (byte)~(1 << (slot % 4 * 2));

    /// <summary>Page header CRC: bytes 4..27 (the state word is outside it, so ACTIVE → FULL keeps the CRC).</summary>
    public static uint HeaderCrc(ReadOnlySpan<byte> page) => EspCrc32.Compute(page.Slice(4, 24));

    /// <summary>Entry CRC: bytes 0..3 and 8..31 (everything but the CRC field itself).</summary>
    public static uint EntryCrc(ReadOnlySpan<byte> entry) =>
        EspCrc32.Append(EspCrc32.Compute(entry.Slice(0, 4)), entry.Slice(8, 24));

    public static uint StoredEntryCrc(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4));

    public static int DataSlots(int bytes) => (bytes + EntrySize - 1) / EntrySize;

    public static bool IsInteger(NvsType t) => t is NvsType.U8 or NvsType.I8 or NvsType.U16 or NvsType.I16
        or NvsType.U32 or NvsType.I32 or NvsType.U64 or NvsType.I64;

    /// <summary>Width in bytes of an integer type: the low nibble of its code.</summary>
    public static int IntegerWidth(NvsType t) => (byte)t & 0x0F;

    public static bool AllFF(ReadOnlySpan<byte> span) => FirstNotFF(span) < 0;

    /// <summary>The index of the first byte that is not 0xFF, or -1.</summary>
    public static int FirstNotFF(ReadOnlySpan<byte> span)
    {
        int i = 0;
        // 8 bytes at a time: most of an image is erased flash.
        ReadOnlySpan<ulong> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(span);
        while (i < words.Length && words[i] == ulong.MaxValue)
        {
            i++;
        }
        for (i *= 8; i < span.Length; i++)
        {
            if (span[i] != 0xFF)
            {
                return i;
            }
        }
        return -1;
    }
}
