using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using MatterMfg.Checksums;
using MatterMfg.Diagnostics;

namespace MatterMfg.Nvs;

/// <summary>
/// Lays entries out exactly as esp-idf-nvs-partition-gen 0.1.9/0.2.0 does (mfg_tool-reference §8.6): in input order,
/// page by page, with the generator's page-break rules, chunking and CRCs, so the same input gives the same bytes.
/// The whole image is one buffer of the partition size; entries are written straight into it.
/// </summary>
/// <remarks>
/// One deliberate difference: a namespace declared again later gets its later entries under its own index (the
/// generator puts them under the most recently created namespace, a bug no reader of the image would expect).
/// </remarks>
public sealed class NvsPartitionWriter
{
    private readonly byte[] _image;
    private readonly int _dataPages;
    private readonly bool _readOnly;
    private readonly NvsFormatVersion _version;
    private readonly Dictionary<string, byte> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(byte Namespace, string Key), string?> _keys = new();
    private int _page = -1;
    private int _slot;
    private byte _currentNamespace;
    private string? _currentNamespaceName;
    private bool _finished;
    private bool _broken;

    /// <param name="size">Partition size in bytes (see <see cref="NvsPartitionSize"/>).</param>
    public NvsPartitionWriter(long size, NvsFormatVersion version = NvsFormatVersion.V2)
    {
        if (version != NvsFormatVersion.V1 && version != NvsFormatVersion.V2)
        {
            throw new MfgException(ErrorIds.NvsVersionInvalid, MfgErrorKind.InvalidArgument, $"NVS format version {(int)version} is not 1 or 2.", version);
        }
        (_dataPages, _readOnly) = NvsPartitionSize.Check(size);
        _version = version;
        _image = new byte[size];
        _image.AsSpan().Fill(0xFF);
        NewPage(null, null);
    }

    public bool ReadOnly => _readOnly;

    /// <summary>Pages that hold entries so far.</summary>
    public int PagesUsed => _page + 1;

    /// <summary>Namespaces written so far.</summary>
    public int NamespaceCount => _namespaces.Count;

    /// <summary>Makes <paramref name="name"/> the namespace of the entries that follow, writing its entry the first time.</summary>
    public void OpenNamespace(string name, string? source = null)
    {
        CheckOpen();
        if (_namespaces.TryGetValue(name, out byte index))
        {
            _currentNamespace = index;
            _currentNamespaceName = name;
            return;
        }
        CheckKey(name, source, "namespace");
        if (_namespaces.Count >= NvsLayout.MaxNamespaces)
        {
            throw new MfgException(ErrorIds.NvsTooManyNamespaces, MfgErrorKind.InvalidArgument,
                $"{Where(source, name)}: namespace '{name}' would be the {_namespaces.Count + 1}th; an NVS partition holds at most {NvsLayout.MaxNamespaces}.", source ?? name);
        }
        index = (byte)(_namespaces.Count + 1);
        if (_slot >= NvsLayout.EntriesPerPage)
        {
            NewPage(Where(source, name), source ?? name);
        }
        WritePrimitive(0, name, NvsType.U8, index);
        _namespaces.Add(name, index);
        _currentNamespace = index;
        _currentNamespaceName = name;
    }

    /// <summary>Writes <paramref name="entry"/> (opening its namespace first when it is not the current one).</summary>
    public void Add(NvsEntry entry)
    {
        CheckOpen();
        CheckKey(entry.Key, entry.Source, "key");
        if (!string.Equals(entry.Namespace, _currentNamespaceName, StringComparison.Ordinal))
        {
            OpenNamespace(entry.Namespace, entry.Source);
        }
        // Two entries with one key: ESP-IDF would return whichever it finds first, so the image would not mean what the input says.
        if (_keys.TryGetValue((_currentNamespace, entry.Key), out string? first))
        {
            throw DuplicateKey(Where(entry), entry.Key, entry.Namespace, first ?? "an earlier entry", Target(entry));
        }
        _keys.Add((_currentNamespace, entry.Key), entry.Source);
        switch (entry.Type)
        {
            case NvsType.String:
                AddString(entry);
                break;
            case NvsType.Blob or NvsType.BlobData when _version == NvsFormatVersion.V1:
                AddSinglePageItem(entry, NvsType.Blob, entry.Data, NvsLayout.MaxItemV1);
                break;
            case NvsType.Blob or NvsType.BlobData:
                AddChunkedBlob(entry);
                break;
            default:
                if (_slot >= NvsLayout.EntriesPerPage)
                {
                    NewPage(Where(entry), Target(entry));
                }
                WritePrimitive(_currentNamespace, entry.Key, entry.Type, entry.IntegerBits);
                break;
        }
    }

    /// <summary>Writes one generator input row: a namespace row opens the namespace, a data or file row adds its entry.</summary>
    /// <param name="baseDirectory">Where relative paths of file rows start (the CSV's folder).</param>
    public void Add(NvsRow row, string baseDirectory)
    {
        if (row.IsNamespace)
        {
            OpenNamespace(row.Key, row.Source);
        }
        else
        {
            Add(row.ToEntry(_currentNamespaceName, baseDirectory));
        }
    }

    /// <summary>
    /// Finishes the image: the last written page stays ACTIVE, the rest stays erased (0xFF). A read-only partition's
    /// image holds only the pages used. The writer cannot be used afterwards.
    /// </summary>
    public byte[] ToImage()
    {
        CheckOpen();
        _finished = true;
        if (_readOnly && (_page + 1) * NvsLayout.PageSize < _image.Length)
        {
            var used = new byte[(_page + 1) * NvsLayout.PageSize];
            Buffer.BlockCopy(_image, 0, used, 0, used.Length);
            return used;
        }
        return _image;
    }

    /// <summary>Writes <paramref name="entries"/> into a new image of <paramref name="size"/> bytes.</summary>
    public static byte[] Write(IEnumerable<NvsEntry> entries, long size, NvsFormatVersion version = NvsFormatVersion.V2)
    {
        var w = new NvsPartitionWriter(size, version);
        foreach (var e in entries)
        {
            w.Add(e);
        }
        return w.ToImage();
    }

    /// <summary>Writes generator input rows (a parsed CSV) into a new image; relative file paths start at <paramref name="baseDirectory"/>.</summary>
    public static byte[] Write(IEnumerable<NvsRow> rows, string baseDirectory, long size, NvsFormatVersion version = NvsFormatVersion.V2)
    {
        var w = new NvsPartitionWriter(size, version);
        foreach (var row in rows)
        {
            w.Add(row, baseDirectory);
        }
        return w.ToImage();
    }

    private void AddString(NvsEntry entry)
    {
        // Stored with its NUL; the generator's limits count it.
        int length = entry.Data.Length + 1;
        int max = _version == NvsFormatVersion.V1 ? NvsLayout.MaxItemV1 : NvsLayout.MaxStringV2;
        byte[] data = new byte[length];
        entry.Data.CopyTo(data);
        AddSinglePageItem(entry, NvsType.String, data, max);
    }

    /// <summary>A string, or a v1 blob: one header plus data entries, never split across pages.</summary>
    private void AddSinglePageItem(NvsEntry entry, NvsType type, ReadOnlySpan<byte> data, int max)
    {
        string what = type == NvsType.String ? "string" : "blob";
        if (data.Length > max)
        {
            throw TooLong(entry, $"the {what} is {data.Length} bytes{(type == NvsType.String ? " with its NUL" : "")}", $"format {(_version == NvsFormatVersion.V1 ? "v1" : "v2")} allows at most {max} bytes");
        }
        int span = NvsLayout.DataSlots(data.Length) + 1;
        // The generator breaks the page when slot + span >= 126 (so an item never ends in the last slot), and fails
        // when the item does not fit an empty page either.
        if (span >= NvsLayout.EntriesPerPage)
        {
            throw new MfgException(ErrorIds.NvsValueTooLongForPage, MfgErrorKind.InvalidArgument,
                $"{Where(entry)}: the {what} is {data.Length} bytes{(type == NvsType.String ? " with its NUL" : "")} and needs {span} entries, but at most {NvsLayout.EntriesPerPage - 1} fit one page ({(NvsLayout.EntriesPerPage - 2) * NvsLayout.EntrySize} bytes{(type == NvsType.String ? ", i.e. 3967 characters" : "")}).", Target(entry));
        }
        if (_slot + span >= NvsLayout.EntriesPerPage)
        {
            NewPage(Where(entry), Target(entry));
        }
        Span<byte> e = Slot(_slot);
        Header(e, _currentNamespace, type, (byte)span, NvsLayout.ChunkAny, entry.Key);
        SizeAndCrc(e, data);
        Seal(e);
        WriteData(data);
    }

    private void AddChunkedBlob(NvsEntry entry)
    {
        ReadOnlySpan<byte> data = entry.Data;
        if (_slot >= NvsLayout.EntriesPerPage)
        {
            NewPage(Where(entry), Target(entry));
        }
        int offset = 0, chunks = 0;
        while (true)
        {
            // Room for data on this page, keeping one entry back for the chunk's header.
            int tailroom = (NvsLayout.EntriesPerPage - _slot - 1) * NvsLayout.EntrySize;
            int chunk = Math.Min(tailroom, data.Length - offset);
            if (chunks > byte.MaxValue - 1)
            {
                _broken = true;
                throw TooLong(entry, $"the blob is {data.Length} bytes", "format v2 splits a blob into at most 255 chunks");
            }
            ReadOnlySpan<byte> part = data.Slice(offset, chunk);
            Span<byte> e = Slot(_slot);
            Header(e, _currentNamespace, NvsType.BlobData, (byte)(NvsLayout.DataSlots(chunk) + 1), (byte)chunks, entry.Key);
            SizeAndCrc(e, part);
            Seal(e);
            WriteData(part);
            chunks++;
            offset += chunk;
            bool remaining = offset < data.Length;
            // Compared in bytes, not entries: a chunk that leaves less than 32 bytes of tailroom closes the page
            // even when its index entry would still fit (the generator's rule; it moves the index to the next page).
            if (remaining || tailroom - chunk < NvsLayout.EntrySize)
            {
                NewPage(Where(entry), Target(entry));
            }
            if (!remaining)
            {
                break;
            }
        }
        Span<byte> index = Slot(_slot);
        Header(index, _currentNamespace, (NvsType)NvsLayout.BlobIndexType, 1, NvsLayout.ChunkAny, entry.Key);
        BinaryPrimitives.WriteUInt32LittleEndian(index.Slice(24), (uint)data.Length);
        index[28] = (byte)chunks;
        index[29] = 0; // chunk start: the generator always writes version 0 of a blob
        Seal(index);
    }

    private void WritePrimitive(byte ns, string key, NvsType type, ulong bits)
    {
        Span<byte> e = Slot(_slot);
        Header(e, ns, type, 1, NvsLayout.ChunkAny, key);
        int width = NvsLayout.IntegerWidth(type);
        for (int i = 0; i < width; i++)
        {
            e[24 + i] = (byte)(bits >> (8 * i));
        }
        Seal(e);
    }

    private Span<byte> Slot(int slot) => _image.AsSpan(NvsLayout.EntryOffset(_page, slot), NvsLayout.EntrySize);

    private Span<byte> CurrentPage => _image.AsSpan(_page * NvsLayout.PageSize, NvsLayout.PageSize);

    /// <summary>Fills bytes 0..3 and the NUL-padded key; bytes 24..31 stay 0xFF until the caller sets them.</summary>
    private static void Header(Span<byte> e, byte ns, NvsType type, byte span, byte chunk, string key)
    {
        e[0] = ns;
        e[1] = (byte)type;
        e[2] = span;
        e[3] = chunk;
        Span<byte> k = e.Slice(8, 16);
        k.Clear();
        for (int i = 0; i < key.Length; i++)
        {
            k[i] = (byte)key[i]; // CheckKey allows ASCII only
        }
    }

    private static void SizeAndCrc(Span<byte> e, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(24), (ushort)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(28), EspCrc32.Compute(data));
    }

    /// <summary>Computes the entry's CRC and marks its slot written.</summary>
    private void Seal(Span<byte> e)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(4), NvsLayout.EntryCrc(e));
        NvsLayout.MarkWritten(CurrentPage, _slot);
        _slot++;
    }

    /// <summary>Data entries after a header; the last one's tail stays 0xFF.</summary>
    private void WriteData(ReadOnlySpan<byte> data)
    {
        data.CopyTo(_image.AsSpan(NvsLayout.EntryOffset(_page, _slot)));
        int slots = NvsLayout.DataSlots(data.Length);
        Span<byte> page = CurrentPage;
        for (int i = 0; i < slots; i++)
        {
            NvsLayout.MarkWritten(page, _slot++);
        }
    }

    private void NewPage(string? where, object? target)
    {
        if (_page >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(CurrentPage) == NvsLayout.StateActive)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(CurrentPage, NvsLayout.StateFull);
        }
        if (_page + 1 >= _dataPages)
        {
            throw Broken(ErrorIds.NvsPartitionFull, MfgErrorKind.InvalidOperation,
                $"The data does not fit the {NvsPartitionSize.Show(_image.Length)}-byte NVS partition ({_dataPages} data page{(_dataPages == 1 ? "" : "s")}{(_readOnly ? ", read-only" : " plus the reserved page")}); it ran out at {where}. Give a larger size.", target);
        }
        _page++;
        _slot = 0;
        Span<byte> h = CurrentPage.Slice(0, 32);
        BinaryPrimitives.WriteUInt32LittleEndian(h, NvsLayout.StateActive);
        BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(4), (uint)_page);
        h[8] = _version == NvsFormatVersion.V1 ? NvsLayout.VersionByteV1 : NvsLayout.VersionByteV2;
        BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(28), NvsLayout.HeaderCrc(h));
    }

    private void CheckOpen()
    {
        if (_finished)
        {
            throw new InvalidOperationException("The NVS image was already finished.");
        }
        if (_broken)
        {
            throw new InvalidOperationException("An earlier entry stopped half-written; this image is incomplete and cannot be continued.");
        }
    }

    /// <summary>An error after part of an entry was written: the writer refuses further use.</summary>
    /// <summary>The one wording of <see cref="ErrorIds.NvsValueTooLong"/>: <c>&lt;where&gt;: &lt;the value's size&gt;, too long: &lt;the limit&gt;.</c></summary>
    private static MfgException TooLong(NvsEntry entry, string size, string limit) =>
        new(ErrorIds.NvsValueTooLong, MfgErrorKind.InvalidArgument, $"{Where(entry)}: {size}, too long: {limit}.", Target(entry));

    private MfgException Broken(string errorId, MfgErrorKind kind, string message, object? target)
    {
        _broken = true;
        return new MfgException(errorId, kind, message, target);
    }

    /// <summary>
    /// Checks a key or namespace name: 1–15 printable ASCII characters (ESP-IDF compares keys as C strings in a
    /// 16-byte field). <paramref name="what"/> is "key" or "namespace", for the message.
    /// </summary>
    public static void CheckKey(string key, string? source, string what = "key")
    {
        if (key.Length == 0)
        {
            throw new MfgException(ErrorIds.NvsKeyEmpty, MfgErrorKind.InvalidArgument, $"{Where(source, key)}: the {what} name is empty.", source ?? key);
        }
        foreach (char c in key)
        {
            // ESP-IDF compares keys as C strings: a NUL would cut the key, and non-ASCII would be counted in bytes.
            if (c == '\0' || c > 0x7E || c < 0x20)
            {
                throw new MfgException(ErrorIds.NvsKeyInvalid, MfgErrorKind.InvalidArgument,
                    $"{Where(source, key)}: the {what} name '{key}' has a character (U+{(int)c:X4}) that is not printable ASCII.", source ?? key);
            }
        }
        if (key.Length > NvsLayout.MaxKeyLength)
        {
            throw KeyTooLong(source, what, key);
        }
    }

    /// <summary>The one wording of <see cref="ErrorIds.NvsKeyTooLong"/>: <c>&lt;where&gt;: the &lt;key|namespace&gt; name '&lt;name&gt;' is &lt;n&gt; characters; at most 15 are allowed.</c></summary>
    internal static MfgException KeyTooLong(string? source, string what, string key) =>
        new(ErrorIds.NvsKeyTooLong, MfgErrorKind.InvalidArgument,
            $"{Where(source, key)}: the {what} name '{key}' is {key.Length} characters; at most {NvsLayout.MaxKeyLength} are allowed.", source ?? key);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.NvsDuplicateKey"/>: <c>&lt;where&gt;: key '&lt;key&gt;' is already in namespace
    /// '&lt;ns&gt;' (&lt;first&gt;); each key may appear once per namespace.</c> <paramref name="first"/> says where the key came first.
    /// </summary>
    internal static MfgException DuplicateKey(string where, string key, string ns, string first, object target) =>
        new(ErrorIds.NvsDuplicateKey, MfgErrorKind.InvalidArgument,
            $"{where}: key '{key}' is already in namespace '{ns}' ({first}); each key may appear once per namespace.", target);

    private static string Where(NvsEntry e) => NvsValueEncoding.Where(e.Source, e.Namespace + "/" + e.Key);

    private static object Target(NvsEntry e) => e.Source ?? e.Namespace + "/" + e.Key;

    private static string Where(string? source, string key) => NvsValueEncoding.Where(source, key);
}
