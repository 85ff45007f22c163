using System.Globalization;
using MatterMfg.Diagnostics;

namespace MatterMfg.Nvs;

/// <summary>
/// The generator's size rules (mfg_tool-reference §8.7): a multiple of 4096; 0x1000 and 0x2000 are read-only partitions
/// (every page usable, no reserved page, only the used pages are written); from 0x3000 on the last page is the reserved
/// empty page ESP-IDF needs to move entries, and the image is exactly the partition size.
/// </summary>
public static class NvsPartitionSize
{
    /// <summary>Checks <paramref name="size"/>; returns how many pages may hold data and whether the partition is read-only.</summary>
    public static (int DataPages, bool ReadOnly) Check(long size)
    {
        if (size % NvsLayout.PageSize != 0)
        {
            throw new MfgException(ErrorIds.NvsSizeNotPageMultiple, MfgErrorKind.InvalidArgument,
                $"NVS partition size {Show(size)} is not a multiple of 4096 (0x1000).", size);
        }
        if (size < NvsLayout.PageSize)
        {
            throw new MfgException(ErrorIds.NvsSizeTooSmall, MfgErrorKind.InvalidArgument,
                $"NVS partition size {Show(size)} is too small: read/write NVS needs at least 0x3000 bytes, read-only NVS 0x1000.", size);
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
}
