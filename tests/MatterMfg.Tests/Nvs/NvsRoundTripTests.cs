using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;

namespace MatterMfg.Tests.Nvs;

public class NvsRoundTripTests
{
    private static readonly NvsType[] Integers =
        { NvsType.U8, NvsType.I8, NvsType.U16, NvsType.I16, NvsType.U32, NvsType.I32, NvsType.U64, NvsType.I64 };

    private static string RandomKey(Random r)
    {
        int n = r.Next(1, 16);
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++)
        {
            sb.Append((char)r.Next(0x21, 0x7F));
        }
        return sb.ToString();
    }

    private static NvsEntry RandomEntry(Random r, string ns, NvsFormatVersion version)
    {
        int kind = r.Next(10);
        string key = RandomKey(r);
        if (kind < 6)
        {
            NvsType t = Integers[r.Next(Integers.Length)];
            ulong bits = (ulong)r.NextInt64() ^ ((ulong)r.Next() << 33);
            int width = (byte)t & 0x0F;
            ulong mask = width == 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1;
            bits &= mask;
            if (t == NvsType.U64)
            {
                return NvsEntry.UInt64(ns, key, bits);
            }
            long v = ((byte)t & 0x10) != 0 ? (long)(bits << (64 - 8 * width)) >> (64 - 8 * width) : (long)bits;
            return NvsEntry.Integer(ns, key, t, v);
        }
        int max = version == NvsFormatVersion.V1 ? 1983 : 3967;
        if (kind < 8)
        {
            int len = r.Next(4) == 0 ? r.Next(max + 1) : r.Next(80);
            var chars = new char[len];
            for (int i = 0; i < len; i++)
            {
                chars[i] = (char)r.Next(0x20, 0x7F);
            }
            return NvsEntry.String(ns, key, new string(chars));
        }
        int size = r.Next(5) == 0 ? r.Next(version == NvsFormatVersion.V1 ? 1985 : 9000) : r.Next(100);
        var data = new byte[size];
        r.NextBytes(data);
        return NvsEntry.Blob(ns, key, data);
    }

    private static string Describe(NvsEntry e, NvsFormatVersion version)
    {
        // A blob is written as chunks in v2 and as one item in v1; the reader reports what is stored.
        NvsType t = e.Type is NvsType.Blob or NvsType.BlobData ? (version == NvsFormatVersion.V1 ? NvsType.Blob : NvsType.BlobData) : e.Type;
        return $"{e.Namespace}|{e.Key}|{t}|{e.ValueText}";
    }

    [Fact]
    public void RandomEntrySetsReadBackUnchanged()
    {
        var r = new Random(20261201);
        int written = 0, full = 0;
        for (int set = 0; set < 2000; set++)
        {
            var version = r.Next(4) == 0 ? NvsFormatVersion.V1 : NvsFormatVersion.V2;
            int pages = r.Next(8) == 0 ? r.Next(1, 3) : r.Next(3, 14);
            string[] namespaces = Enumerable.Range(0, r.Next(1, 5)).Select(i => "ns" + i + RandomKey(r).Substring(0, 1)).Distinct().ToArray();
            // A key appears once per namespace (the writer refuses a second one: NvsDuplicateKey).
            var entries = Enumerable.Range(0, r.Next(0, 40)).Select(_ => RandomEntry(r, namespaces[r.Next(namespaces.Length)], version)).ToList()
                .GroupBy(e => (e.Namespace, e.Key)).Select(g => g.First()).ToList();
            byte[] image;
            try
            {
                image = NvsPartitionWriter.Write(entries, pages * 4096L, version);
            }
            catch (MfgException e) when (e.ErrorId == "NvsPartitionFull")
            {
                full++;
                continue;
            }
            written++;
            NvsKeys? keys = set % 10 == 0 ? NvsKeys.Generate() : null;
            if (keys != null)
            {
                image = NvsEncryption.Encrypt(image, keys);
            }
            var read = NvsPartitionReader.Read(image, keys);
            Assert.Equal(entries.Select(e => Describe(e, version)), read.Entries.Select(e => Describe(e, version)));
        }
        // Most sets must fit, or the test would prove little.
        Assert.True(written > 1500, $"only {written} of 2000 sets fit ({full} did not)");
    }

    /// <summary>
    /// A small image with every kind of item, including a blob split over two pages: namespace, integers, strings,
    /// blob chunks and index, a second namespace, and the reserved empty page.
    /// </summary>
    private static byte[] SmallImage()
    {
        var blob = new byte[4500];
        new Random(7).NextBytes(blob);
        return NvsPartitionWriter.Write(new[]
        {
            NvsEntry.Integer("ns", "u8", NvsType.U8, 200),
            NvsEntry.Integer("ns", "i16", NvsType.I16, -3),
            NvsEntry.UInt64("ns", "u64", ulong.MaxValue),
            NvsEntry.String("ns", "s", "hello, world"),
            NvsEntry.String("ns", "e", ""),
            NvsEntry.Blob("ns", "blob", blob),
            NvsEntry.Integer("two", "i32", NvsType.I32, -100000),
            NvsEntry.Blob("two", "tiny", new byte[] { 1, 2, 3 }),
        }, 0x3000);
    }

    [Fact]
    public void ReaderRejectsEverySingleBitFlipPrecisely()
    {
        byte[] image = SmallImage();
        var original = NvsPartitionReader.Read(image).Entries.Select(e => e.ToString()).ToList();
        int rejected = 0, erasures = 0, states = 0, tried = 0;
        for (int bit = 0; bit < image.Length * 8; bit++)
        {
            int at = bit / 8;
            // Every bit of headers, bitmaps and slots in use; erased flash (unused slots, the reserved page) is sampled.
            bool inUse = at % 4096 < 64 || SlotInUse(image, at);
            if (!inUse && bit % 29 != 0)
            {
                continue;
            }
            tried++;
            image[at] ^= (byte)(1 << (bit % 8));
            try
            {
                var entries = NvsPartitionReader.Read(image).Entries;
                int page = at / 4096, inPage = at % 4096;
                if (inPage < 4)
                {
                    // ACTIVE <-> FULL <-> FREEING are all valid page states; the entries must not change.
                    Assert.Equal(original, entries.Select(e => e.ToString()));
                    states++;
                }
                else
                {
                    // Otherwise only a written → erased bitmap flip of an item's first slot reads, without that item.
                    Assert.InRange(inPage, 32, 63);
                    int slot = (inPage - 32) * 4 + (bit % 8) / 2;
                    Assert.Equal(1, bit % 2);
                    string source = $"page {page} slot {slot}";
                    var before = NvsPartitionReader.Read(Flip(image, bit)).Entries;
                    Assert.Equal(before.Where(e => e.Source != source).Select(e => e.ToString()), entries.Select(e => e.ToString()));
                    Assert.Equal(before.Count - 1, entries.Count);
                    erasures++;
                }
            }
            catch (MfgException e)
            {
                Assert.StartsWith("Nvs", e.ErrorId);
                Assert.Contains($"page {at / 4096}", e.Message);
                rejected++;
            }
            image[at] ^= (byte)(1 << (bit % 8));
        }
        Assert.True(rejected > tried - 200 && tried > 40000, $"{tried} flips: {rejected} rejected, {erasures} erasures, {states} state changes");
    }

    private static bool SlotInUse(byte[] image, int at)
    {
        int page = at / 4096, slot = (at % 4096 - 64) / 32;
        return ((image[page * 4096 + 32 + slot / 4] >> (slot % 4 * 2)) & 3) != 3;
    }

    private static byte[] Flip(byte[] image, int bit)
    {
        byte[] copy = (byte[])image.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    [Fact]
    public void ReaderRejectsBitFlipsInAnEncryptedImage()
    {
        var keys = NvsKeys.FromBytes(Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray());
        byte[] image = NvsEncryption.Encrypt(SmallImage(), keys);
        var r = new Random(3);
        for (int n = 0; n < 3000; n++)
        {
            // Bits of entries in use: page 0 slots and page 1's first slots.
            int page = r.Next(2);
            int at = page * 4096 + 64 + r.Next(page == 0 ? 126 * 32 : 20 * 32);
            int bit = r.Next(8);
            image[at] ^= (byte)(1 << bit);
            var e = Assert.Throws<MfgException>(() => NvsPartitionReader.Read(image, keys));
            Assert.Contains($"page {page}", e.Message);
            image[at] ^= (byte)(1 << bit);
        }
    }
}
