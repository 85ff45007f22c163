using System;
using System.IO;
using MatterMfg.Esp;
using MatterMfg.Tests.Esp.Emulator;

namespace MatterMfg.Benchmarks;

/// <summary>
/// Flash time over the emulated link (the in-memory link models 10 bits per byte at the baud rate in both directions):
/// a 24 KiB factory partition and a 1 MiB firmware-like image, at 115200 and 921600 baud, compressed and not. The
/// minimum is the data that must cross the wire (the zlib stream when compressed) / baud; the write phase (BEGIN to the
/// last block's acknowledgement) is compared with it, target ≤ 1.3× for the compressed path.
/// </summary>
public sealed class EspBenchmark : IBenchmark
{
    public string Name => "esp";

    public string Description => "flash time over the emulated UART vs bytes-on-the-wire/baud (target <= 1.3x compressed)";

    public void Run()
    {
        string vector = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "MatterMfg.Tests", "vectors", "factory", "minimal_fixed", "expected-partition.bin");
        byte[] factory = File.Exists(vector) ? File.ReadAllBytes(vector) : Synthetic(0x6000);
        byte[] firmware = Firmware(1 << 20);
        // Warm-up (JIT of the loader, emulator and zlib paths), not reported.
        Flash(null, factory, 921600, true);
        Flash(null, factory, 921600, false);
        Console.WriteLine($"{"image",-22} {"baud",7} {"mode",-6} {"wire bytes",10} {"minimum",9} {"write",9} {"ratio",6} {"total",9}");
        // The small image is best of 5: its write phase is tens of milliseconds, where a busy machine's thread wake-ups show.
        foreach (var (name, image, runs) in new[] { ("24 KiB factory NVS", factory, 5), ("1 MiB firmware", firmware, 1) })
        {
            foreach (int baud in new[] { 115200, 921600 })
            {
                foreach (bool compress in new[] { true, false })
                {
                    Flash(name, image, baud, compress, runs);
                }
            }
        }
    }

    private static void Flash(string? name, byte[] image, int baud, bool compress, int runs = 1)
    {
        EspWriteResult? best = null;
        double bestTotal = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            var (r, total) = FlashOnce(image, baud, compress);
            if (best == null || r.WriteTime < best.WriteTime)
            {
                best = r;
            }
            bestTotal = Math.Min(bestTotal, total);
        }
        double minimum = best!.WireBytes * 10.0 / baud;
        if (name != null)
        {
            Console.WriteLine($"{name,-22} {baud,7} {(best.Compressed ? "zlib" : "plain"),-6} {best.WireBytes,10} {Measure.Time(minimum),9} {Measure.Time(best.WriteTime.TotalSeconds),9} {best.WriteTime.TotalSeconds / minimum,5:F2}x {Measure.Time(bestTotal),9}");
        }
    }

    private static (EspWriteResult Result, double Total) FlashOnce(byte[] image, int baud, bool compress)
    {
        var link = new InMemorySerialLink("bench") { ModelLinkTime = true };
        using var rom = new EspRomEmulator(link.Device, EspChip.Esp32, 4 << 20, link).Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var loader = EspLoader.Connect(link.Host, new EspConnectOptions { Before = EspBefore.None });
        loader.ChangeBaud(baud);
        loader.AttachFlash();
        var r = loader.WriteFlash(0x10000, image, compress);
        double total = clock.Elapsed.TotalSeconds;
        if (!r.Verified)
        {
            throw new InvalidOperationException("not verified");
        }
        return (r, total);
    }

    /// <summary>Code-like data: this benchmark's own assemblies repeated (compresses about as an ESP-IDF app does).</summary>
    private static byte[] Firmware(int length)
    {
        byte[] seed = File.ReadAllBytes(typeof(EspLoader).Assembly.Location);
        var b = new byte[length];
        for (int i = 0; i < length; i += seed.Length)
        {
            Buffer.BlockCopy(seed, 0, b, i, Math.Min(seed.Length, length - i));
        }
        return b;
    }

    private static byte[] Synthetic(int length)
    {
        var b = new byte[length];
        Array.Fill(b, (byte)0xFF);
        new Random(1).NextBytes(b.AsSpan(0, 0x900));
        return b;
    }
}
