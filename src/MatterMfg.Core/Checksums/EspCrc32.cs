using System;

namespace MatterMfg.Checksums;

/// <summary>
/// The CRC-32 that ESP-IDF's tools compute as Python's <c>zlib.crc32(data, 0xFFFFFFFF)</c>: the reflected CRC-32
/// polynomial (0xEDB88320) with the register starting at 0 (zlib inverts the given 0xFFFFFFFF) and the result inverted.
/// It is not the common CRC-32 (which starts the register at 0xFFFFFFFF). Used by NVS pages and entries, the NVS keys
/// partition and the esp_secure_cert TLV partition.
/// </summary>
public static class EspCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0xFFFFFFFF, data);

    /// <summary>Continues a CRC: <paramref name="previous"/> is what an earlier call returned (or 0xFFFFFFFF to start).</summary>
    public static uint Append(uint previous, ReadOnlySpan<byte> data)
    {
        uint c = ~previous;
        foreach (byte b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        return ~c;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            t[n] = c;
        }
        return t;
    }
}
