using System;
using System.IO;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;

namespace MatterMfg.Tests.Nvs;

public class NvsVectorTests
{
    [Theory]
    [MemberData(nameof(NvsVectors.PositiveCases), MemberType = typeof(NvsVectors))]
    public void ImageIsByteIdenticalToTheGenerator(string name)
    {
        string folder = NvsVectors.Folder(name);
        byte[] expected = File.ReadAllBytes(Path.Combine(folder, "expected.bin"));
        byte[] actual = NvsVectors.Generate(folder);
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    [Theory]
    [MemberData(nameof(NvsVectors.PositiveCases), MemberType = typeof(NvsVectors))]
    public void ReaderDecodesTheGeneratorImageExactly(string name)
    {
        string folder = NvsVectors.Folder(name);
        var image = NvsPartitionReader.Read(File.ReadAllBytes(Path.Combine(folder, "expected.bin")), NvsVectors.Keys(folder), "expected.bin");
        Assert.Equal(NvsVectors.ExpectedListing(folder), NvsVectors.Listing(image.Entries));
    }

    [Theory]
    [MemberData(nameof(NvsVectors.NegativeCases), MemberType = typeof(NvsVectors))]
    public void NegativeCasesFailWithAClearError(string name, string errorId)
    {
        string folder = NvsVectors.Folder(Path.Combine("negative", name));
        var e = Assert.Throws<MfgException>(() => NvsVectors.Generate(folder));
        Assert.Equal(errorId, e.ErrorId);
        // Messages name the row (or the size) and the reason.
        if (errorId != "NvsSizeNotPageMultiple")
        {
            Assert.Matches(@"input\.csv line \d+", e.Message);
        }
    }

    [Fact]
    public void EncryptedImageDecryptsToThePlaintextImage()
    {
        string folder = NvsVectors.Folder("encrypted_fixed_key");
        var keys = NvsVectors.Keys(folder)!;
        byte[] encrypted = File.ReadAllBytes(Path.Combine(folder, "expected.bin"));
        var args = NvsVectors.ReadArgs(folder);
        byte[] plain = NvsPartitionWriter.Write(NvsCsv.Load(Path.Combine(folder, "input.csv")), folder, args.Size, args.Version);
        Assert.Equal(plain, NvsEncryption.Decrypt(encrypted, keys));
        Assert.NotEqual(plain, encrypted);
        // Headers and bitmaps stay plaintext.
        Assert.Equal(plain.AsSpan(0, 64).ToArray(), encrypted.AsSpan(0, 64).ToArray());
    }

    [Fact]
    public void EncryptedImageWithoutKeysIsReportedAsPossiblyEncrypted()
    {
        string folder = NvsVectors.Folder("encrypted_fixed_key");
        var e = Assert.Throws<MfgException>(() => NvsPartitionReader.Read(File.ReadAllBytes(Path.Combine(folder, "expected.bin")), null, "expected.bin"));
        Assert.Equal("NvsEntryCrcMismatch", e.ErrorId);
        Assert.Contains("page 0, slot 0", e.Message);
        Assert.Contains("encrypted", e.Message);
    }
}
