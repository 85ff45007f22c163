using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;

namespace MatterMfg.Tests.Nvs;

/// <summary>The generator's layout rules as mfg_tool-reference §8 and §10.4 (V2, V3, V5) record them.</summary>
public class NvsWriterTests
{
    private const string SmallCsv = "key,type,encoding,value\nns1,namespace,,\nu8key,data,u8,5\ni16key,data,i16,-2\nu32key,data,u32,3840\n" +
        "strkey,data,string,hello\nblobkey,data,hex2bin,0102030405\nb64key,data,base64,AQID\n";

    private static byte[] Csv(string csv, long size, NvsFormatVersion version = NvsFormatVersion.V2) =>
        NvsPartitionWriter.Write(NvsCsv.Parse(csv, "test.csv"), ".", size, version);

    private static int Slot(int page, int slot) => page * 4096 + 64 + slot * 32;

    private static List<NvsEntry> Ns(int u8Keys) =>
        Enumerable.Range(0, u8Keys).Select(i => NvsEntry.Integer("ns", "k" + i, NvsType.U8, i % 256)).ToList();

    [Fact]
    public void SmallImageMatchesTheReferenceHash()
    {
        byte[] image = Csv(SmallCsv, 0x3000);
        Assert.Equal("1824cacec4316a2e076bd0d2a65a755be753f7e9f2b7a947d60b67dc7e2e687e", Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant());
        Assert.Equal("feffffff00000000feffffffffffffffffffffffffffffffffffffff842dbab9", Convert.ToHexString(image.AsSpan(0, 32)).ToLowerInvariant());
        Assert.Equal("aaaaaaff", Convert.ToHexString(image.AsSpan(32, 4)).ToLowerInvariant());
    }

    [Fact]
    public void EncryptedSmallImageMatchesTheReferenceHash()
    {
        var key = new byte[64];
        key.AsSpan(0, 32).Fill(0x11);
        key.AsSpan(32).Fill(0x22);
        var keys = NvsKeys.FromBytes(key);
        byte[] partition = keys.ToPartition();
        Assert.Equal(new byte[] { 0x2c, 0xef, 0xcf, 0x3c }, partition.AsSpan(64, 4).ToArray());
        byte[] image = NvsEncryption.Encrypt(Csv(SmallCsv, 0x3000), keys);
        Assert.Equal("e91aee82d9b0310da9bfcf2507eeafc7c180b8c79d01504ff8166139c0347d5c", Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant());
        Assert.Equal("03983c5af3b6e2e88ddf57530222721505ef951db4268e743335bc918e385a17", Convert.ToHexString(image.AsSpan(0x40, 32)).ToLowerInvariant());
    }

    [Fact]
    public void A5000ByteBlobIsSplitAsTheGeneratorSplitsIt()
    {
        var entries = Ns(1);
        entries.Add(NvsEntry.Blob("ns", "k", new byte[5000]));
        byte[] image = NvsPartitionWriter.Write(entries, 0x4000);
        // Page 0: namespace @0, u8 @1, chunk 0 @2 with span 124 and 3936 bytes; the page is FULL.
        Assert.Equal(new byte[] { 1, 0x42, 124, 0 }, image.AsSpan(Slot(0, 2), 4).ToArray());
        Assert.Equal(3936, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(Slot(0, 2) + 24)));
        Assert.Equal(0xFFFFFFFCu, BinaryPrimitives.ReadUInt32LittleEndian(image));
        Assert.Equal(0xFA, image[32 + 31]);
        // Page 1: chunk 1 @0 span 35 size 1064, index @35 (5000, 2 chunks, start 0); ACTIVE; pages 2-3 erased.
        Assert.Equal(new byte[] { 1, 0x42, 35, 1 }, image.AsSpan(Slot(1, 0), 4).ToArray());
        Assert.Equal(1064, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(Slot(1, 0) + 24)));
        Assert.Equal(new byte[] { 1, 0x48, 1, 0xFF }, image.AsSpan(Slot(1, 35), 4).ToArray());
        Assert.Equal(new byte[] { 0x88, 0x13, 0, 0, 2, 0, 0xFF, 0xFF }, image.AsSpan(Slot(1, 35) + 24, 8).ToArray());
        Assert.Equal(0xFFFFFFFEu, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(4096)));
        Assert.True(image.AsSpan(8192).ToArray().All(b => b == 0xFF));
    }

    [Fact]
    public void A9000ByteBlobFillsWholePages()
    {
        byte[] image = NvsPartitionWriter.Write(new[] { NvsEntry.Blob("ns", "k", new byte[9000]) }, 0x4000);
        Assert.Equal(new byte[] { 1, 0x42, 125, 0 }, image.AsSpan(Slot(0, 1), 4).ToArray());
        Assert.Equal(new byte[] { 1, 0x42, 126, 1 }, image.AsSpan(Slot(1, 0), 4).ToArray());
        Assert.Equal(4000, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(Slot(1, 0) + 24)));
        Assert.Equal(new byte[] { 1, 0x42, 34, 2 }, image.AsSpan(Slot(2, 0), 4).ToArray());
        Assert.Equal(new byte[] { 1, 0x48, 1, 0xFF }, image.AsSpan(Slot(2, 34), 4).ToArray());
    }

    [Fact]
    public void ABlobThatFillsThePageHasItsIndexOnTheNextPage()
    {
        var entries = Ns(123);
        entries.Add(NvsEntry.Blob("ns", "b", new byte[32]));
        byte[] image = NvsPartitionWriter.Write(entries, 0x3000);
        Assert.Equal(new byte[] { 1, 0x42, 2, 0 }, image.AsSpan(Slot(0, 124), 4).ToArray());
        Assert.Equal(new byte[] { 1, 0x48, 1, 0xFF }, image.AsSpan(Slot(1, 0), 4).ToArray());
    }

    [Fact]
    public void ABlobStartingInTheLastSlotGetsAZeroLengthChunk()
    {
        var entries = Ns(124);
        entries.Add(NvsEntry.Blob("ns", "b", new byte[100]));
        byte[] image = NvsPartitionWriter.Write(entries, 0x3000);
        Assert.Equal(new byte[] { 1, 0x42, 1, 0 }, image.AsSpan(Slot(0, 125), 4).ToArray());
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(Slot(0, 125) + 24)));
        Assert.Equal(new byte[] { 1, 0x42, 5, 1 }, image.AsSpan(Slot(1, 0), 4).ToArray());
        Assert.Equal(2, image[Slot(1, 5) + 28]);
        Assert.Equal(100, Assert.Single(NvsPartitionReader.Read(image).Entries, e => e.Key == "b").Data.Length);
    }

    [Fact]
    public void AStringNeverEndsInTheLastSlot()
    {
        var entries = Ns(123);
        entries.Add(NvsEntry.String("ns", "s", "a"));
        byte[] image = NvsPartitionWriter.Write(entries, 0x3000);
        Assert.Equal(0xFF, image[32 + 31]); // slots 124-125 of page 0 stay empty
        Assert.Equal(new byte[] { 1, 0x21, 2, 0xFF }, image.AsSpan(Slot(1, 0), 4).ToArray());
    }

    [Fact]
    public void PrimitivesUseAllSlotsOfAPage()
    {
        byte[] image = NvsPartitionWriter.Write(Ns(126), 0x3000);
        Assert.Equal(0xFA, image[32 + 31]);
        Assert.Equal(new byte[] { 1, 0x01, 1, 0xFF }, image.AsSpan(Slot(1, 0), 4).ToArray());
    }

    [Fact]
    public void EmptyValuesAreStoredAsTheGeneratorStoresThem()
    {
        byte[] image = Csv("key,type,encoding,value\nn,namespace,,\nb,data,hex2bin,\ns,data,string,\n", 0x3000);
        Assert.Equal(new byte[] { 1, 0x42, 1, 0 }, image.AsSpan(Slot(0, 1), 4).ToArray());
        Assert.Equal(new byte[] { 1, 0x48, 1, 0xFF }, image.AsSpan(Slot(0, 2), 4).ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 1, 0, 0xFF, 0xFF }, image.AsSpan(Slot(0, 2) + 24, 8).ToArray());
        Assert.Equal(new byte[] { 1, 0x21, 2, 0xFF }, image.AsSpan(Slot(0, 3), 4).ToArray());
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(Slot(0, 3) + 24)));
    }

    [Fact]
    public void AReopenedNamespaceKeepsItsOwnIndex()
    {
        byte[] image = Csv("key,type,encoding,value\nns1,namespace,,\na,data,u8,1\nns2,namespace,,\nb,data,u8,2\nns1,namespace,,\nc,data,u8,3\n", 0x3000);
        var entries = NvsPartitionReader.Read(image).Entries;
        Assert.Equal(new[] { "ns1/a", "ns2/b", "ns1/c" }, entries.Select(e => e.Namespace + "/" + e.Key));
        // Two namespace entries and three keys: ns1 is not written again.
        Assert.Equal(5, NvsPartitionReader.Read(image).Pages[0].WrittenEntries);
    }

    [Fact]
    public void AtMost254Namespaces()
    {
        var entries = Enumerable.Range(0, 254).Select(i => NvsEntry.Integer("n" + i, "k", NvsType.U8, 1)).ToList();
        byte[] image = NvsPartitionWriter.Write(entries, 0x6000);
        Assert.Equal(254, NvsPartitionReader.Read(image).Entries.Select(e => e.Namespace).Distinct().Count());
        entries.Add(NvsEntry.Integer("one-too-many", "k", NvsType.U8, 1));
        Assert.Equal("NvsTooManyNamespaces", Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(entries, 0x6000)).ErrorId);
    }

    [Theory]
    [InlineData(0x1000, 4096)]
    [InlineData(0x2000, 4096)]
    [InlineData(0x3000, 0x3000)]
    [InlineData(0x7000, 0x7000)]
    public void SizeRules(int size, int fileLength)
    {
        byte[] image = NvsPartitionWriter.Write(Ns(3), size);
        Assert.Equal(fileLength, image.Length);
        // Read/write partitions keep the last page erased for ESP-IDF.
        if (size >= 0x3000)
        {
            Assert.True(image.AsSpan(size - 4096).ToArray().All(b => b == 0xFF));
        }
    }

    [Fact]
    public void ReadOnlyPartitionsUseEveryPage()
    {
        byte[] image = NvsPartitionWriter.Write(Ns(200), 0x2000);
        Assert.Equal(8192, image.Length);
        Assert.Equal("NvsPartitionFull", Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(Ns(200), 0x1000)).ErrorId);
        var e = Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(Ns(252), 0x2000));
        Assert.Equal("NvsPartitionFull", e.ErrorId);
        Assert.Contains("read-only", e.Message);
    }

    [Theory]
    [InlineData(0, "NvsSizeTooSmall")]
    [InlineData(0x3100, "NvsSizeNotPageMultiple")]
    [InlineData(-4096, "NvsSizeTooSmall")]
    public void BadSizes(long size, string id) =>
        Assert.Equal(id, Assert.Throws<MfgException>(() => new NvsPartitionWriter(size)).ErrorId);

    [Fact]
    public void VersionOneLimitsAndLayout()
    {
        var blob = NvsEntry.Blob("ns", "b", new byte[1984]);
        byte[] image = NvsPartitionWriter.Write(new[] { blob }, 0x3000, NvsFormatVersion.V1);
        Assert.Equal(0xFF, image[8]);
        Assert.Equal(new byte[] { 1, 0x41, 63, 0xFF }, image.AsSpan(Slot(0, 1), 4).ToArray());
        var e = Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(new[] { NvsEntry.Blob("ns", "b", new byte[1985]) }, 0x3000, NvsFormatVersion.V1));
        Assert.Equal("NvsValueTooLong", e.ErrorId);
        Assert.Equal("NvsValueTooLong", Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(new[] { NvsEntry.String("ns", "s", new string('x', 1984)) }, 0x3000, NvsFormatVersion.V1)).ErrorId);
    }

    [Theory]
    [InlineData("", "NvsKeyEmpty")]
    [InlineData("sixteen-chars-xx", "NvsKeyTooLong")]
    [InlineData("ké", "NvsKeyInvalid")]
    [InlineData("a\0b", "NvsKeyInvalid")]
    public void BadKeys(string key, string id) =>
        Assert.Equal(id, Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(new[] { NvsEntry.Integer("ns", key, NvsType.U8, 1) }, 0x3000)).ErrorId);

    [Fact]
    public void AStringOf4000BytesIsTooLongAndOneOf3968BytesFits()
    {
        Assert.Equal("NvsValueTooLong", Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(new[] { NvsEntry.String("ns", "s", new string('x', 4000)) }, 0x3000)).ErrorId);
        Assert.Equal("NvsValueTooLongForPage", Assert.Throws<MfgException>(() => NvsPartitionWriter.Write(new[] { NvsEntry.String("ns", "s", new string('x', 3968)) }, 0x3000)).ErrorId);
        byte[] image = NvsPartitionWriter.Write(new[] { NvsEntry.String("ns", "s", new string('x', 3967)) }, 0x3000);
        Assert.Equal(3967, ((string)NvsPartitionReader.Read(image).Entries[0].Value).Length);
    }
}
