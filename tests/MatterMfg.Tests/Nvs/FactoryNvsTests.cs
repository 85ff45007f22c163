using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MatterMfg.Factory;
using MatterMfg.Nvs;
using MatterMfg.Tests.Factory;

namespace MatterMfg.Tests.Nvs;

public class FactoryNvsTests
{
    /// <summary>
    /// The case's partition.csv as FactoryEntry rows. Files under the device and vid_pid folders (DAC, keys, PAI DER)
    /// were made by the tool and are not in the vector; their bytes are taken from expected.parsed.txt. The CD is the
    /// case's own file.
    /// </summary>
    private static List<FactoryEntry> Entries(string name)
    {
        string folder = FactoryVectors.Folder(name);
        var parsed = File.ReadAllLines(Path.Combine(folder, "expected.parsed.txt"))
            .Select(l => l.Split('\t')).ToDictionary(f => (f[0], f[1]), f => f[3]);
        var rows = NvsCsv.Parse(FactoryVectors.Expected(name, "expected-partition.csv"), "expected-partition.csv");
        var entries = new List<FactoryEntry>();
        string ns = "";
        foreach (var r in rows)
        {
            if (r.IsNamespace)
            {
                ns = r.Key;
                continue;
            }
            bool isFile = r.Type == "file";
            byte[]? content = null;
            if (isFile)
            {
                content = r.Value!.StartsWith("<", StringComparison.Ordinal)
                    ? Convert.FromHexString(parsed[(ns, r.Key)])
                    : File.ReadAllBytes(Path.Combine(folder, r.Value));
            }
            entries.Add(new FactoryEntry(ns, r.Key, isFile, r.Encoding!, r.Value!, content));
        }
        return entries;
    }

    private static int Size(string name)
    {
        string[] args = FactoryVectors.CommandLine(name);
        int i = Array.IndexOf(args, "-s");
        return i < 0 ? 0x6000 : int.Parse(args[i + 1].Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(FactoryVectors.All), MemberType = typeof(FactoryVectors))]
    public void BuildMatchesTheToolsPartitionByteForByte(string name)
    {
        byte[] expected = File.ReadAllBytes(Path.Combine(FactoryVectors.Folder(name), "expected-partition.bin"));
        byte[] actual = FactoryNvs.Build(Entries(name), Size(name));
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    [Fact]
    public void EncryptUsesFreshKeysAndTheKeysPartitionDecryptsIt()
    {
        byte[] plain = FactoryNvs.Build(Entries("minimal_fixed"), 0x6000);
        var (a, keysA) = FactoryNvs.Encrypt(plain);
        var (b, keysB) = FactoryNvs.Encrypt(plain);
        Assert.Equal(4096, keysA.Length);
        Assert.NotEqual(keysA, keysB);
        Assert.NotEqual(a, b);
        var read = NvsPartitionReader.Read(a, NvsKeys.FromPartition(keysA));
        Assert.Equal(NvsPartitionReader.Read(plain).Entries.Select(e => e.ToString()), read.Entries.Select(e => e.ToString()));
    }

    [Fact]
    public void ABadRowIsNamedInTheError()
    {
        var entries = new List<FactoryEntry> { new("chip-factory", "discriminator", false, "u32", "-1") };
        var e = Assert.Throws<MatterMfg.Diagnostics.MfgException>(() => FactoryNvs.Build(entries, 0x6000));
        Assert.Equal("NvsIntegerOutOfRange", e.ErrorId);
        Assert.Contains("discriminator", e.Message);
    }
}
