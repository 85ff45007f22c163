using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Nvs;

namespace MatterMfg.Benchmarks;

/// <summary>
/// The NVS writer, reader and encryption per image: a factory-sized 24 KiB partition (the chip-factory keys of
/// esp-matter-mfg-tool's minimal run) and the largest vector (blob_across_pages: a 10000-byte blob over three pages).
/// Target: under 100 µs per 24 KiB image, memory proportional to one image.
/// </summary>
public sealed class NvsBenchmark : IBenchmark
{
    public string Name => "nvs";

    public string Description => "NVS image write/read/encrypt per image (24 KiB factory image, largest vector); target < 100 µs per 24 KiB image";

    public void Run()
    {
        Report("factory 24 KiB", FactoryEntries(), 0x6000);
        string vector = Path.Combine(RepoRoot(), "tests", "MatterMfg.Tests", "vectors", "nvs", "blob_across_pages");
        var rows = NvsCsv.Load(Path.Combine(vector, "input.csv"));
        var entries = new List<NvsEntry>();
        string? ns = null;
        foreach (var row in rows)
        {
            if (row.IsNamespace)
            {
                ns = row.Key;
            }
            else
            {
                entries.Add(row.ToEntry(ns, vector));
            }
        }
        Report("blob_across_pages", entries, 0x6000);
        Report("blob_across_pages CSV", null, 0x6000, () => NvsPartitionWriter.Write(NvsCsv.Load(Path.Combine(vector, "input.csv")), vector, 0x6000));
    }

    private static void Report(string name, IReadOnlyList<NvsEntry>? entries, int size, Func<byte[]>? build = null)
    {
        build ??= () => NvsPartitionWriter.Write(entries!, size);
        byte[] image = build();
        var keys = NvsKeys.Generate();
        byte[] encrypted = NvsEncryption.Encrypt(image, keys);
        double write = Measure.PerCall(() => build());
        double read = Measure.PerCall(() => NvsPartitionReader.Read(image));
        double encrypt = Measure.PerCall(() => NvsEncryption.Encrypt(image, keys));
        double readEncrypted = Measure.PerCall(() => NvsPartitionReader.Read(encrypted, keys));
        long allocated = Measure.Allocated(() => build());
        Console.WriteLine($"{name,-22} {image.Length,6} B  write {Measure.Time(write),10}  read {Measure.Time(read),10}  " +
            $"encrypt {Measure.Time(encrypt),10}  read encrypted {Measure.Time(readEncrypted),10}  write allocates {allocated,7} B");
    }

    /// <summary>The chip-factory keys of a minimal esp-matter-mfg-tool device (sizes as in its reference partition).</summary>
    private static List<NvsEntry> FactoryEntries()
    {
        var r = new Random(1);
        byte[] Bytes(int n)
        {
            var b = new byte[n];
            r.NextBytes(b);
            return b;
        }
        const string ns = "chip-factory";
        return new List<NvsEntry>
        {
            NvsEntry.Integer(ns, "discriminator", NvsType.U32, 3840),
            NvsEntry.Integer(ns, "iteration-count", NvsType.U32, 10000),
            NvsEntry.String(ns, "salt", Convert.ToBase64String(Bytes(32))),
            NvsEntry.Integer(ns, "vendor-id", NvsType.U32, 0xFFF2),
            NvsEntry.Integer(ns, "product-id", NvsType.U32, 0x8001),
            NvsEntry.String(ns, "serial-num", "0123456789abcdef"),
            NvsEntry.Blob(ns, "dac-cert", Bytes(509)),
            NvsEntry.Blob(ns, "dac-key", Bytes(32)),
            NvsEntry.Blob(ns, "dac-pub-key", Bytes(65)),
            NvsEntry.Blob(ns, "pai-cert", Bytes(449)),
            NvsEntry.String(ns, "verifier", Convert.ToBase64String(Bytes(97))),
            NvsEntry.Blob(ns, "cert-dclrn", Bytes(235)),
        };
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MatterMfg.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MatterMfg.sln not found above " + AppContext.BaseDirectory);
    }
}
