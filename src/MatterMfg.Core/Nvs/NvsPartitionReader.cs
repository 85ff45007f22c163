using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MatterMfg.Checksums;
using MatterMfg.Diagnostics;

namespace MatterMfg.Nvs;

/// <summary>
/// Reads an NVS partition image (format v1 or v2, written by the generator or by a device) into entries. Everything
/// is checked: page states and header CRCs, the entry-state bitmap against the slots, every entry CRC, every data CRC
/// and padding, spans, namespaces, and that each blob index finds all its chunks with the sizes it states. The first
/// inconsistency stops the read with an <see cref="MfgException"/> naming the page, the slot and what is wrong.
/// </summary>
/// <remarks>
/// Erased entries (bitmap 00) are skipped, as ESP-IDF does. Blob chunks that no index refers to are skipped too:
/// ESP-IDF leaves them behind when power fails during a blob update and deletes them at start-up.
/// </remarks>
public static class NvsPartitionReader
{
    private static readonly Encoding KeyEncoding = new UTF8Encoding(false, false);

    /// <summary>Reads a plaintext image, or an encrypted one when <paramref name="keys"/> are given.</summary>
    /// <param name="sourceName">Names the image in messages (a file name).</param>
    public static NvsImage Read(ReadOnlySpan<byte> image, NvsKeys? keys = null, string? sourceName = null)
    {
        string name = sourceName ?? "NVS image";
        if (image.Length == 0 || image.Length % NvsLayout.PageSize != 0)
        {
            throw new MfgException(ErrorIds.NvsImageSize, MfgErrorKind.InvalidData,
                $"{name}: {image.Length} bytes is not a whole number of 4096-byte NVS pages.", sourceName);
        }
        if (keys != null)
        {
            image = NvsEncryption.Decrypt(image, keys);
        }
        var state = new ReadState(name, keys == null);
        int pageCount = image.Length / NvsLayout.PageSize;
        for (int p = 0; p < pageCount; p++)
        {
            ReadPage(image.Slice(p * NvsLayout.PageSize, NvsLayout.PageSize), p, state);
        }
        return state.Finish();
    }

    private static void ReadPage(ReadOnlySpan<byte> page, int p, ReadState s)
    {
        uint word = BinaryPrimitives.ReadUInt32LittleEndian(page);
        NvsPageState state;
        switch (word)
        {
            case NvsLayout.StateEmpty:
                int dirty = NvsLayout.FirstNotFF(page);
                if (dirty >= 0)
                {
                    throw s.Fail(ErrorIds.NvsNotErased, p, null, $"the page is marked empty but byte 0x{dirty:X3} of it is 0x{page[dirty]:X2}, not 0xFF");
                }
                s.Pages.Add(new NvsPageInfo(p, NvsPageState.Empty, 0, null, 0, 0));
                return;
            case NvsLayout.StateActive:
                state = NvsPageState.Active;
                break;
            case NvsLayout.StateFull:
                state = NvsPageState.Full;
                break;
            case NvsLayout.StateFreeing:
                state = NvsPageState.Freeing;
                break;
            case NvsLayout.StateCorrupt:
                throw s.Fail(ErrorIds.NvsPageMarkedCorrupt, p, null, "the device marked the page CORRUPT (state 0xFFFFFFF0)");
            default:
                throw s.Fail(ErrorIds.NvsBadPageState, p, null, $"the page state 0x{word:X8} is none of empty, active, full or freeing");
        }
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(page.Slice(28));
        uint crc = NvsLayout.HeaderCrc(page);
        if (stored != crc)
        {
            throw s.Fail(ErrorIds.NvsHeaderCrcMismatch, p, null, $"the page header CRC is 0x{stored:X8} but the header hashes to 0x{crc:X8}");
        }
        NvsFormatVersion version = page[8] switch
        {
            NvsLayout.VersionByteV2 => NvsFormatVersion.V2,
            NvsLayout.VersionByteV1 => NvsFormatVersion.V1,
            _ => throw s.Fail(ErrorIds.NvsBadVersion, p, null, $"the page header has format version byte 0x{page[8]:X2} (0xFE = v2, 0xFF = v1)"),
        };
        uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(page.Slice(4));
        if (!s.Sequences.Add(sequence))
        {
            throw s.Fail(ErrorIds.NvsDuplicateSequence, p, null, $"sequence number {sequence} is used by an earlier page too");
        }
        // The bitmap has room for 128 entries; the last two do not exist and keep their bits at 11.
        if ((page[NvsLayout.BitmapOffset + 31] & 0xF0) != 0xF0)
        {
            throw s.Fail(ErrorIds.NvsBadSlotState, p, null, $"the entry-state bitmap's last byte 0x{page[NvsLayout.BitmapOffset + 31]:X2} marks slots 126-127, which do not exist");
        }
        int written = 0, erased = 0;
        int slot = 0;
        while (slot < NvsLayout.EntriesPerPage)
        {
            int st = NvsLayout.SlotState(page, slot);
            ReadOnlySpan<byte> e = page.Slice(NvsLayout.FirstEntryOffset + slot * NvsLayout.EntrySize, NvsLayout.EntrySize);
            switch (st)
            {
                case NvsLayout.SlotEmpty:
                    int dirty = NvsLayout.FirstNotFF(e);
                    if (dirty >= 0)
                    {
                        throw s.Fail(ErrorIds.NvsNotErased, p, slot, $"the slot is marked empty in the bitmap but its byte {dirty} is 0x{e[dirty]:X2}, not 0xFF");
                    }
                    slot++;
                    continue;
                case NvsLayout.SlotErased:
                    int skip = ErasedSpan(page, p, slot, s);
                    erased += skip;
                    slot += skip;
                    continue;
                case NvsLayout.SlotIllegal:
                    throw s.Fail(ErrorIds.NvsBadSlotState, p, slot, "the bitmap marks the slot with the illegal state 01");
            }
            int span = ReadItem(page, p, slot, version, sequence, s);
            written += span;
            slot += span;
        }
        s.Pages.Add(new NvsPageInfo(p, state, sequence, version, written, erased));
    }

    /// <summary>
    /// How many slots an erased entry covers. ESP-IDF erases an item's data slots with its header when the header is
    /// intact, so a readable erased header with data slots still marked written is damage; an unreadable one covers 1 slot.
    /// </summary>
    private static int ErasedSpan(ReadOnlySpan<byte> page, int p, int slot, ReadState s)
    {
        ReadOnlySpan<byte> e = page.Slice(NvsLayout.FirstEntryOffset + slot * NvsLayout.EntrySize, NvsLayout.EntrySize);
        int span = e[2];
        if (NvsLayout.StoredEntryCrc(e) != NvsLayout.EntryCrc(e) || span < 2 || slot + span > NvsLayout.EntriesPerPage)
        {
            return 1;
        }
        for (int d = slot + 1; d < slot + span; d++)
        {
            if (NvsLayout.SlotState(page, d) == NvsLayout.SlotWritten)
            {
                throw s.Fail(ErrorIds.NvsBadSlotState, p, d, $"the slot holds data of the erased entry in slot {slot} but the bitmap marks it written");
            }
        }
        return span;
    }

    /// <summary>Checks and records the item whose header is in <paramref name="slot"/>; returns its span.</summary>
    private static int ReadItem(ReadOnlySpan<byte> page, int p, int slot, NvsFormatVersion version, uint sequence, ReadState s)
    {
        ReadOnlySpan<byte> e = page.Slice(NvsLayout.FirstEntryOffset + slot * NvsLayout.EntrySize, NvsLayout.EntrySize);
        uint stored = NvsLayout.StoredEntryCrc(e);
        uint crc = NvsLayout.EntryCrc(e);
        if (stored != crc)
        {
            string hint = s.Plaintext && s.Items.Count == 0 && p == 0 && slot == 0
                ? " (if the partition is encrypted, give its NVS keys partition)" : "";
            throw s.Fail(ErrorIds.NvsEntryCrcMismatch, p, slot, $"the entry CRC is 0x{stored:X8} but the entry hashes to 0x{crc:X8}{hint}");
        }
        byte ns = e[0], typeCode = e[1], span = e[2], chunk = e[3];
        if (span == 0 || slot + span > NvsLayout.EntriesPerPage)
        {
            throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"the entry spans {span} slots, which does not fit the page");
        }
        for (int d = slot + 1; d < slot + span; d++)
        {
            int st = NvsLayout.SlotState(page, d);
            if (st != NvsLayout.SlotWritten)
            {
                throw s.Fail(ErrorIds.NvsBadSlotState, p, d, $"the slot holds data of the entry in slot {slot} but the bitmap marks it {SlotStateName(st)}");
            }
        }
        string key = Key(e, p, slot, s);
        if (ns == 0xFF)
        {
            throw s.Fail(ErrorIds.NvsBadEntry, p, slot, "the entry has namespace index 255, which is reserved");
        }
        var item = new RawItem(sequence, slot, p, ns, typeCode, chunk, key);
        var type = (NvsType)typeCode;
        if (NvsLayout.IsInteger(type) || typeCode == NvsLayout.BlobIndexType)
        {
            if (span != 1 || chunk != NvsLayout.ChunkAny)
            {
                throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"a {TypeText(typeCode)} entry must span 1 slot with chunk index 0xFF (it has span {span}, chunk 0x{chunk:X2})");
            }
            if (typeCode == NvsLayout.BlobIndexType)
            {
                item.Size = BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(24));
                item.ChunkCount = e[28];
                item.ChunkStart = e[29];
            }
            else
            {
                item.Bits = IntegerBits(e.Slice(24), type);
            }
            if (ns == 0 && (type != NvsType.U8 || e[24] == 0 || e[24] == 0xFF))
            {
                throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"a namespace definition must be a u8 with an index 1..254 (it is {TypeText(typeCode)} {e[24]})");
            }
        }
        else if (type == NvsType.String || type == NvsType.Blob || type == NvsType.BlobData)
        {
            if (ns == 0)
            {
                throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"a {TypeText(typeCode)} entry cannot be a namespace definition (namespace index 0)");
            }
            if (type != NvsType.BlobData && chunk != NvsLayout.ChunkAny)
            {
                throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"a {TypeText(typeCode)} entry must have chunk index 0xFF (it has 0x{chunk:X2})");
            }
            int size = BinaryPrimitives.ReadUInt16LittleEndian(e.Slice(24));
            if (NvsLayout.DataSlots(size) + 1 != span)
            {
                throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"the entry holds {size} data bytes, which need {NvsLayout.DataSlots(size) + 1} slots, but it spans {span}");
            }
            ReadOnlySpan<byte> data = page.Slice(NvsLayout.FirstEntryOffset + (slot + 1) * NvsLayout.EntrySize, size);
            uint dataStored = BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(28));
            uint dataCrc = EspCrc32.Compute(data);
            if (dataStored != dataCrc)
            {
                throw s.Fail(ErrorIds.NvsDataCrcMismatch, p, slot, $"the data CRC is 0x{dataStored:X8} but the {size} data bytes hash to 0x{dataCrc:X8}");
            }
            int padEnd = NvsLayout.FirstEntryOffset + (slot + span) * NvsLayout.EntrySize;
            int padStart = NvsLayout.FirstEntryOffset + (slot + 1) * NvsLayout.EntrySize + size;
            int dirty = NvsLayout.FirstNotFF(page.Slice(padStart, padEnd - padStart));
            if (dirty >= 0)
            {
                int at = padStart + dirty;
                throw s.Fail(ErrorIds.NvsBadPadding, p, (at - NvsLayout.FirstEntryOffset) / NvsLayout.EntrySize,
                    $"byte {(at - NvsLayout.FirstEntryOffset) % NvsLayout.EntrySize} after the {size} data bytes of the entry in slot {slot} is 0x{page[at]:X2}, not the 0xFF padding");
            }
            if (type == NvsType.String && (size == 0 || data[size - 1] != 0))
            {
                throw s.Fail(ErrorIds.NvsBadEntry, p, slot, "the string has no terminating NUL");
            }
            item.Data = type == NvsType.String ? data.Slice(0, size - 1).ToArray() : data.ToArray();
        }
        else
        {
            throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"unknown entry type 0x{typeCode:X2}");
        }
        if (version == NvsFormatVersion.V1 && (type == NvsType.BlobData || typeCode == NvsLayout.BlobIndexType))
        {
            throw s.Fail(ErrorIds.NvsBadEntry, p, slot, $"a {TypeText(typeCode)} entry on a format v1 page");
        }
        s.Items.Add(item);
        return span;
    }

    private static ulong IntegerBits(ReadOnlySpan<byte> d, NvsType t) => t switch
    {
        NvsType.U8 => d[0],
        NvsType.I8 => (ulong)(long)(sbyte)d[0],
        NvsType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(d),
        NvsType.I16 => (ulong)(long)BinaryPrimitives.ReadInt16LittleEndian(d),
        NvsType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(d),
        NvsType.I32 => (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(d),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(d),
    };

    private static string Key(ReadOnlySpan<byte> e, int p, int slot, ReadState s)
    {
        ReadOnlySpan<byte> k = e.Slice(8, 16);
        int nul = k.IndexOf((byte)0);
        if (nul < 0)
        {
            throw s.Fail(ErrorIds.NvsBadEntry, p, slot, "the key is not NUL-terminated within its 16 bytes");
        }
        return KeyEncoding.GetString(k.Slice(0, nul).ToArray());
    }

    private static string SlotStateName(int st) => st switch
    {
        NvsLayout.SlotEmpty => "empty",
        NvsLayout.SlotErased => "erased",
        NvsLayout.SlotWritten => "written",
        _ => "illegal",
    };

    private static string TypeText(byte code) =>
        code == NvsLayout.BlobIndexType ? "blob index" : Enum.IsDefined(typeof(NvsType), code) ? NvsEntry.TypeName((NvsType)code) : $"0x{code:X2}";

    private sealed class RawItem
    {
        public RawItem(uint sequence, int slot, int page, byte ns, byte type, byte chunk, string key)
        {
            Sequence = sequence;
            Slot = slot;
            Page = page;
            Ns = ns;
            Type = type;
            Chunk = chunk;
            Key = key;
        }

        public uint Sequence { get; }
        public int Slot { get; }
        public int Page { get; }
        public byte Ns { get; }
        public byte Type { get; }
        public byte Chunk { get; }
        public string Key { get; }
        public ulong Bits { get; set; }
        public byte[]? Data { get; set; }
        public uint Size { get; set; }
        public byte ChunkCount { get; set; }
        public byte ChunkStart { get; set; }
        public string Where => $"page {Page} slot {Slot}";
    }

    private sealed class ReadState
    {
        public ReadState(string name, bool plaintext)
        {
            Name = name;
            Plaintext = plaintext;
        }

        public string Name { get; }
        public bool Plaintext { get; }
        public List<RawItem> Items { get; } = new();
        public List<NvsPageInfo> Pages { get; } = new();
        public HashSet<uint> Sequences { get; } = new();

        public MfgException Fail(string errorId, int page, int? slot, string what)
        {
            string where = slot is int sl
                ? $"page {page}, slot {sl} (offset 0x{NvsLayout.EntryOffset(page, sl):X})"
                : $"page {page} (offset 0x{page * NvsLayout.PageSize:X})";
            return new MfgException(errorId, MfgErrorKind.InvalidData, $"{Name}: {where}: {what}.", slot is int s2 ? $"page {page} slot {s2}" : $"page {page}");
        }

        public NvsImage Finish()
        {
            // ESP-IDF's order: pages by sequence number, entries by slot.
            Items.Sort((a, b) => a.Sequence != b.Sequence ? a.Sequence.CompareTo(b.Sequence) : a.Slot.CompareTo(b.Slot));
            var namespaces = new Dictionary<byte, string>();
            foreach (var it in Items)
            {
                if (it.Ns != 0)
                {
                    continue;
                }
                byte index = (byte)it.Bits;
                if (namespaces.TryGetValue(index, out string? other) && other != it.Key)
                {
                    throw Fail(ErrorIds.NvsBadEntry, it.Page, it.Slot, $"namespace index {index} is defined as '{other}' and again as '{it.Key}'");
                }
                namespaces[index] = it.Key;
            }
            // Chunks by (namespace, key, chunk index), in order; the n-th index of a blob takes the n-th of each of its chunks.
            var chunks = new Dictionary<(byte, string, byte), Queue<RawItem>>();
            foreach (var it in Items)
            {
                if (it.Type == (byte)NvsType.BlobData)
                {
                    var k = (it.Ns, it.Key, it.Chunk);
                    if (!chunks.TryGetValue(k, out var q))
                    {
                        chunks[k] = q = new Queue<RawItem>();
                    }
                    q.Enqueue(it);
                }
            }
            var entries = new List<NvsEntry>(Items.Count);
            foreach (var it in Items)
            {
                if (it.Ns == 0 || it.Type == (byte)NvsType.BlobData)
                {
                    continue;
                }
                if (!namespaces.TryGetValue(it.Ns, out string? ns))
                {
                    throw Fail(ErrorIds.NvsUnknownNamespace, it.Page, it.Slot, $"the entry '{it.Key}' uses namespace index {it.Ns}, which no namespace entry defines");
                }
                if (it.Type == NvsLayout.BlobIndexType)
                {
                    entries.Add(NvsEntry.FromImage(ns, it.Key, NvsType.BlobData, 0, Assemble(it, ns, chunks), it.Where));
                }
                else
                {
                    entries.Add(NvsEntry.FromImage(ns, it.Key, (NvsType)it.Type, it.Bits, it.Data, it.Where));
                }
            }
            return new NvsImage(entries, Pages);
        }

        /// <summary>The one wording of <see cref="ErrorIds.NvsBlobIncomplete"/>: <c>&lt;image&gt;: page N, slot M (offset …): the blob 'ns/key' does not match its index: &lt;how&gt;.</c></summary>
        private MfgException BlobIncomplete(RawItem index, string ns, string how) =>
            Fail(ErrorIds.NvsBlobIncomplete, index.Page, index.Slot, $"the blob '{ns}/{index.Key}' does not match its index: {how}");

        private byte[] Assemble(RawItem index, string ns, Dictionary<(byte, string, byte), Queue<RawItem>> chunks)
        {
            var parts = new byte[index.ChunkCount][];
            long total = 0;
            for (int c = 0; c < index.ChunkCount; c++)
            {
                int chunkIndex = index.ChunkStart + c;
                if (chunkIndex > 0xFE || !chunks.TryGetValue((index.Ns, index.Key, (byte)chunkIndex), out var q) || q.Count == 0)
                {
                    throw BlobIncomplete(index, ns, $"its index lists {index.ChunkCount} chunks from {index.ChunkStart}, but chunk {chunkIndex} is missing");
                }
                parts[c] = q.Dequeue().Data!;
                total += parts[c].Length;
            }
            if (total != index.Size)
            {
                throw BlobIncomplete(index, ns, $"its chunks hold {total.ToString(CultureInfo.InvariantCulture)} bytes but its index states {index.Size}");
            }
            var data = new byte[total];
            int at = 0;
            foreach (byte[] part in parts)
            {
                Buffer.BlockCopy(part, 0, data, at, part.Length);
                at += part.Length;
            }
            return data;
        }
    }
}
