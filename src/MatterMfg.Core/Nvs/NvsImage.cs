using System.Collections.Generic;

namespace MatterMfg.Nvs;

/// <summary>The state word of an NVS page.</summary>
public enum NvsPageState
{
    /// <summary>Erased (0xFFFFFFFF): no header, no entries.</summary>
    Empty,

    /// <summary>0xFFFFFFFE: the page entries are being added to.</summary>
    Active,

    /// <summary>0xFFFFFFFC: no room left.</summary>
    Full,

    /// <summary>0xFFFFFFF8: the device was moving this page's entries to another page.</summary>
    Freeing,
}

/// <summary>One 4096-byte page of an image, as the reader found it.</summary>
public sealed class NvsPageInfo
{
    internal NvsPageInfo(int index, NvsPageState state, uint sequence, NvsFormatVersion? version, int written, int erased)
    {
        Index = index;
        State = state;
        Sequence = sequence;
        Version = version;
        WrittenEntries = written;
        ErasedEntries = erased;
    }

    /// <summary>Position in the image (page 0 starts at offset 0).</summary>
    public int Index { get; }

    public NvsPageState State { get; }

    /// <summary>The page's sequence number (ESP-IDF orders pages by it); 0 for empty pages.</summary>
    public uint Sequence { get; }

    /// <summary>Format version from the header; null for empty pages.</summary>
    public NvsFormatVersion? Version { get; }

    public int WrittenEntries { get; }

    public int ErasedEntries { get; }
}

/// <summary>What <see cref="NvsPartitionReader"/> found: the entries in ESP-IDF's order (pages by sequence number, then slot) and the pages.</summary>
public sealed class NvsImage
{
    internal NvsImage(IReadOnlyList<NvsEntry> entries, IReadOnlyList<NvsPageInfo> pages)
    {
        Entries = entries;
        Pages = pages;
    }

    public IReadOnlyList<NvsEntry> Entries { get; }

    public IReadOnlyList<NvsPageInfo> Pages { get; }
}
