using System;
using System.Buffers.Binary;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;

namespace MatterMfg.Tests.Nvs;

/// <summary>Device-written states and damage the reader must tell apart.</summary>
public class NvsReaderTests
{
    // ns @0, a @1, blob chunk 0 @2..3, blob index @4, b @5 (page 0); 0x3000.
    private static byte[] Image() => NvsPartitionWriter.Write(new[]
    {
        NvsEntry.Integer("ns", "a", NvsType.U8, 1),
        NvsEntry.Blob("ns", "blob", new byte[] { 1, 2, 3 }),
        NvsEntry.Integer("ns", "b", NvsType.U8, 2),
    }, 0x3000);

    /// <summary>Marks slots erased (bitmap 00), as ESP-IDF does when it deletes an item.</summary>
    private static byte[] Erase(byte[] image, int page, params int[] slots)
    {
        foreach (int s in slots)
        {
            image[page * 4096 + 32 + s / 4] &= (byte)~(3 << (s % 4 * 2));
        }
        return image;
    }

    private static string[] Keys(byte[] image) => NvsPartitionReader.Read(image).Entries.Select(e => e.Key).ToArray();

    private static MfgException Fails(byte[] image) => Assert.Throws<MfgException>(() => NvsPartitionReader.Read(image, null, "x.bin"));

    [Fact]
    public void ErasedItemsAreSkipped()
    {
        Assert.Equal(new[] { "a", "blob", "b" }, Keys(Image()));
        Assert.Equal(new[] { "blob", "b" }, Keys(Erase(Image(), 0, 1)));
        Assert.Equal(1, NvsPartitionReader.Read(Erase(Image(), 0, 1)).Pages[0].ErasedEntries);
    }

    [Fact]
    public void AnErasedItemMustHaveItsDataErasedToo()
    {
        // ESP-IDF erases the data slots with the header: the chunk at 2 erased whole reads (its index then lacks it) ...
        Assert.Equal("NvsBlobIncomplete", Fails(Erase(Image(), 0, 2, 3)).ErrorId);
        // ... but an erased header with its data slot still written is damage, reported at the data slot.
        var e = Fails(Erase(Image(), 0, 2));
        Assert.Equal("NvsBadSlotState", e.ErrorId);
        Assert.Contains("page 0, slot 3", e.Message);
        Assert.Contains("erased entry in slot 2", e.Message);
    }

    [Fact]
    public void ChunksWithoutAnIndexAreIgnoredAsEspIdfDoes() =>
        Assert.Equal(new[] { "a", "b" }, Keys(Erase(Image(), 0, 4)));

    [Fact]
    public void AnIndexWithoutItsChunkIsIncomplete()
    {
        var e = Fails(Erase(Image(), 0, 2, 3));
        Assert.Equal("NvsBlobIncomplete", e.ErrorId);
        Assert.Contains("page 0, slot 4", e.Message);
        Assert.Contains("chunk 0 is missing", e.Message);
    }

    [Fact]
    public void EntriesNeedTheirNamespace()
    {
        var e = Fails(Erase(Image(), 0, 0));
        Assert.Equal("NvsUnknownNamespace", e.ErrorId);
        Assert.Contains("x.bin: page 0, slot 1", e.Message);
    }

    [Fact]
    public void DataSlotsMustBeWritten()
    {
        var e = Fails(Erase(Image(), 0, 3));
        Assert.Equal("NvsBadSlotState", e.ErrorId);
        Assert.Contains("slot 3", e.Message);
    }

    [Fact]
    public void PagesAreReadInSequenceOrder()
    {
        byte[] image = NvsPartitionWriter.Write(Enumerable.Range(0, 130).Select(i => NvsEntry.Integer("ns", "k" + i, NvsType.U8, i % 256)), 0x3000);
        byte[] swapped = new byte[image.Length];
        image.AsSpan(0, 4096).CopyTo(swapped.AsSpan(4096));
        image.AsSpan(4096, 4096).CopyTo(swapped.AsSpan(0));
        image.AsSpan(8192).CopyTo(swapped.AsSpan(8192));
        Assert.Equal(Keys(image), Keys(swapped));
        Assert.Equal("page 1 slot 1", NvsPartitionReader.Read(swapped).Entries[0].Source);
    }

    [Fact]
    public void PageStates()
    {
        byte[] freeing = Image();
        BinaryPrimitives.WriteUInt32LittleEndian(freeing, 0xFFFFFFF8);
        Assert.Equal(NvsPageState.Freeing, NvsPartitionReader.Read(freeing).Pages[0].State);
        byte[] corrupt = Image();
        BinaryPrimitives.WriteUInt32LittleEndian(corrupt, 0xFFFFFFF0);
        Assert.Equal("NvsPageMarkedCorrupt", Fails(corrupt).ErrorId);
        byte[] odd = Image();
        BinaryPrimitives.WriteUInt32LittleEndian(odd, 0x12345678);
        Assert.Equal("NvsBadPageState", Fails(odd).ErrorId);
        Assert.Equal("NvsImageSize", Fails(new byte[100]).ErrorId);
        var pages = NvsPartitionReader.Read(Image()).Pages;
        Assert.Equal(new[] { NvsPageState.Active, NvsPageState.Empty, NvsPageState.Empty }, pages.Select(p => p.State));
        Assert.Equal(6, pages[0].WrittenEntries);
        Assert.Equal(NvsFormatVersion.V2, pages[0].Version);
    }

    [Fact]
    public void PaddingAfterDataMustBeErased()
    {
        byte[] image = Image();
        image[4096 * 0 + 64 + 3 * 32 + 5] = 0x00; // byte 5 of the blob's data slot; the blob has 3 bytes
        var e = Fails(image);
        Assert.Equal("NvsBadPadding", e.ErrorId);
    }
}
