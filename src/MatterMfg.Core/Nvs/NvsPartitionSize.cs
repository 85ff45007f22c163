using System.Globalization;
using MatterMfg.Diagnostics;

namespace MatterMfg.Nvs;

/// <summary>
/// The generator's size rules (mfg_tool-reference §8.7): a multiple of 4096; 0x1000 and 0x2000 are read-only partitions
/// (every page usable, no reserved page, only the used pages are written); from 0x3000 on the last page is the reserved
/// empty page ESP-IDF needs to move entries, and the image is exactly the partition size. The messages start with the
/// generator's own sentences (esp-matter-mfg-tool relays them), then the size given.
/// </summary>
public static class NvsPartitionSize
{
    /// <summary>Checks <paramref name="size"/>; returns how many pages may hold data and whether the partition is read-only.</summary>
    public static (int DataPages, bool ReadOnly) Check(long size)
    {
        if (size % NvsLayout.PageSize != 0)
        {
            throw new MfgException(ErrorIds.NvsSizeNotPageMultiple, MfgErrorKind.InvalidArgument,
                $"Size of partition must be multiple of 4096 (got {Given(size)}).", size);
        }
        if (size < NvsLayout.PageSize)
        {
            throw new MfgException(ErrorIds.NvsSizeTooSmall, MfgErrorKind.InvalidArgument,
                $"Minimum partition size for read/write NVS is 0x3000 bytes and for read-only NVS is 0x1000 bytes (got {Given(size)}).", size);
        }
        if (size > int.MaxValue / 2)
        {
            throw new MfgException(ErrorIds.NvsSizeTooLarge, MfgErrorKind.InvalidArgument,
                $"NVS partition size {Show(size)} is too large for an NVS partition.", size);
        }
        int pages = (int)(size / NvsLayout.PageSize);
        return pages < 3 ? (pages, true) : (pages - 1, false);
    }

    internal static string Show(long size) => "0x" + size.ToString("X", CultureInfo.InvariantCulture);

    /// <summary>A size the user gave, as hex and decimal (it may have been typed either way).</summary>
    private static string Given(long size) => size < 0 ? size.ToString(CultureInfo.InvariantCulture) : Show(size) + " = " + size.ToString(CultureInfo.InvariantCulture);
}
