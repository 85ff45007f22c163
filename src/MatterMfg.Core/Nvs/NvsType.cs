namespace MatterMfg.Nvs;

/// <summary>
/// The type of an NVS entry. The values are the item type codes stored in byte 1 of an entry (ESP-IDF
/// <c>ItemType</c>), so an entry read from an image maps onto this enum directly.
/// </summary>
public enum NvsType : byte
{
    U8 = 0x01,
    I8 = 0x11,
    U16 = 0x02,
    I16 = 0x12,
    U32 = 0x04,
    I32 = 0x14,
    U64 = 0x08,
    I64 = 0x18,

    /// <summary>A NUL-terminated string (SZ), at most one page long.</summary>
    String = 0x21,

    /// <summary>A format version 1 blob: one item, at most one page long.</summary>
    Blob = 0x41,

    /// <summary>A format version 2 blob: data chunks (BLOB_DATA) over any number of pages, tied together by a blob index.</summary>
    BlobData = 0x42,
}

/// <summary>The NVS format version written into every page header.</summary>
public enum NvsFormatVersion
{
    /// <summary>Version 1: blobs are single items limited to one page (1984 bytes).</summary>
    V1 = 1,

    /// <summary>Version 2 (the default): blobs are split into chunks across pages.</summary>
    V2 = 2,
}
