using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using MatterMfg.Diagnostics;

namespace MatterMfg.Esp;

/// <summary>One file to write and where: an explicit offset, a partition label, or a partition type/subtype.</summary>
public sealed class EspImage
{
    public string Path { get; set; } = "";
    public uint? Offset { get; set; }
    public string? Label { get; set; }
    public string? Type { get; set; }
    public string? Subtype { get; set; }
    /// <summary>The file's bytes when already read (tests, generated images); else read from <see cref="Path"/>.</summary>
    public byte[]? Data { get; set; }

    public string Where => Offset is uint o ? $"0x{o:X}" : Label ?? $"{Type}/{Subtype}";
}

/// <summary>The images of one board (a factory device: factory NVS, keys partition, secure cert) written in one connection.</summary>
public sealed class EspFlashRequest
{
    public string? DeviceId { get; set; }
    public IReadOnlyList<EspImage> Images { get; set; } = Array.Empty<EspImage>();
    /// <summary>The pipeline item, reported as the target of its errors.</summary>
    public object? Source { get; set; }
}

/// <summary>Connection and write options shared by every board of a run.</summary>
public sealed class EspFlashSettings
{
    public int Baud { get; set; } = 460800;
    public EspBefore Before { get; set; } = EspBefore.Default;
    public EspAfter After { get; set; } = EspAfter.HardReset;
    public EspChip ExpectedChip { get; set; } = EspChip.Unknown;
    public bool Compress { get; set; } = true;
    public bool Verify { get; set; } = true;
    /// <summary>A partitions.csv or partition table .bin; when null, labels are resolved from the table on the chip.</summary>
    public EspPartitionTable? PartitionTable { get; set; }
    public uint PartitionTableOffset { get; set; } = EspPartitionTable.DefaultOffset;
    public EspTiming Timing { get; set; } = EspTiming.Default;
}

/// <summary>One image written to one board: what Write-EspPartition emits for each write.</summary>
public sealed class EspWriteRecord
{
    /// <summary>The serial port the board is on.</summary>
    public string Port { get; set; } = "";
    /// <summary>The chip the ROM loader reported (ESP32, ESP32-C3, ...).</summary>
    public string Chip { get; set; } = "";
    /// <summary>The board's factory MAC, aa:bb:cc:dd:ee:ff.</summary>
    public string Mac { get; set; } = "";
    /// <summary>The factory device id the image belongs to, when it came from New-MatterFactoryImage.</summary>
    public string? DeviceId { get; set; }
    /// <summary>The image file that was written.</summary>
    public string Path { get; set; } = "";
    /// <summary>The partition written into, when it was found by label or type.</summary>
    public string? PartitionLabel { get; set; }
    /// <summary>The flash offset written at.</summary>
    public uint Offset { get; set; }
    /// <summary>Bytes written.</summary>
    public int Size { get; set; }
    /// <summary>MD5 of the image (lower-case hex), as the chip computed it when verified.</summary>
    public string Md5 { get; set; } = "";
    /// <summary>True when the chip's MD5 of the written region matched the image.</summary>
    public bool Verified { get; set; }
    /// <summary>True when the image was sent zlib-compressed.</summary>
    public bool Compressed { get; set; }
    /// <summary>How long the write (and its verification) took.</summary>
    public TimeSpan Duration { get; set; }
}

/// <summary>A partition read back from a board.</summary>
public sealed class EspPartitionReadback
{
    public string Port { get; set; } = "";
    public string Chip { get; set; } = "";
    public string Mac { get; set; } = "";
    public EspPartition Partition { get; set; } = new();
    public byte[] Data { get; set; } = Array.Empty<byte>();
}

/// <summary>Progress of one board's writes.</summary>
public sealed class EspProgress
{
    public string Port { get; set; } = "";
    public string? DeviceId { get; set; }
    public string What { get; set; } = "";
    public long Done { get; set; }
    public long Total { get; set; }
    /// <summary>Bytes per second of image data written so far.</summary>
    public double Rate { get; set; }
}

/// <summary>
/// Flashes one board: reads the images, connects, switches to the fast baud rate, attaches the flash, resolves every
/// image's offset (given, or from the partition table in the settings or on the chip), refuses an image larger than its
/// partition or crossing a partition boundary before anything is written, writes and verifies each, then resets as asked.
/// </summary>
public static class EspFlasher
{
    public static IReadOnlyList<EspWriteRecord> Flash(IEspTransport transport, EspFlashRequest request, EspFlashSettings settings,
        Action<EspProgress>? progress = null, Action<string>? verbose = null, Action<string>? warning = null,
        Func<EspLoader, string?>? checkBoard = null, CancellationToken cancel = default)
    {
        var images = request.Images.Select(i => (Image: i, Data: i.Data ?? ReadImage(i.Path))).ToList();
        long total = images.Sum(i => (long)i.Data.Length);
        using var loader = EspLoader.Connect(transport, new EspConnectOptions
        {
            Before = settings.Before, ExpectedChip = settings.ExpectedChip, Timing = settings.Timing, Verbose = verbose, Warning = warning,
        });
        if (checkBoard?.Invoke(loader) is string refusal)
        {
            throw new MfgException(ErrorIds.EspBoardAlreadyFlashed, MfgErrorKind.InvalidOperation, refusal, transport.Name);
        }
        if (settings.Baud != transport.BaudRate)
        {
            loader.ChangeBaud(settings.Baud);
        }
        loader.AttachFlash();
        EspPartitionTable? table = settings.PartitionTable;
        var placed = new List<(EspImage Image, byte[] Data, uint Offset, string? Label)>();
        foreach (var (image, data) in images)
        {
            uint offset;
            string? label = image.Label;
            if (image.Offset is uint o)
            {
                offset = o;
                (table ?? TryReadTable(loader, settings, verbose))?.CheckRegion(o, data.Length, $"'{image.Path}'");
            }
            else
            {
                table ??= loader.ReadPartitionTable(settings.PartitionTableOffset);
                var p = image.Label != null ? table.Find(image.Label) : table.FindByType(image.Type!, image.Subtype);
                EspPartitionTable.CheckFits(p, data.Length, $"'{image.Path}'");
                offset = p.Offset;
                label = p.Label;
            }
            placed.Add((image, data, offset, label));
        }
        var records = new List<EspWriteRecord>();
        long before = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (image, data, offset, label) in placed)
        {
            long start = before;
            var r = loader.WriteFlash(offset, data, settings.Compress, settings.Verify, (done, _) => progress?.Invoke(new EspProgress
            {
                Port = transport.Name, DeviceId = request.DeviceId, What = label ?? $"0x{offset:X}", Done = start + done, Total = total,
                Rate = (start + done) / Math.Max(0.001, clock.Elapsed.TotalSeconds),
            }), cancel);
            before += data.Length;
            records.Add(new EspWriteRecord
            {
                Port = transport.Name, Chip = loader.Chip.Name, Mac = loader.MacText, DeviceId = request.DeviceId, Path = image.Path,
                PartitionLabel = label, Offset = offset, Size = r.Size, Md5 = r.Md5, Verified = r.Verified, Compressed = r.Compressed, Duration = r.Duration,
            });
        }
        loader.Finish(settings.After);
        return records;
    }

    /// <summary>
    /// Reads one partition back from a board by label, for end-of-line checks (Test-MatterFactoryImage -Port): connects
    /// as <paramref name="settings"/> say, resolves the label in the settings' partition table (or the table on the chip),
    /// reads the whole partition and resets as asked. The result names the chip and MAC it came from.
    /// </summary>
    public static EspPartitionReadback ReadPartition(IEspTransport transport, string label, EspFlashSettings settings,
        Action<long, long>? progress = null, Action<string>? warning = null, CancellationToken cancel = default)
    {
        using var loader = EspLoader.Connect(transport, new EspConnectOptions
        {
            Before = settings.Before, ExpectedChip = settings.ExpectedChip, Timing = settings.Timing, Warning = warning,
        });
        if (settings.Baud != transport.BaudRate)
        {
            loader.ChangeBaud(settings.Baud);
        }
        loader.AttachFlash();
        var table = settings.PartitionTable ?? loader.ReadPartitionTable(settings.PartitionTableOffset);
        var partition = table.Find(label);
        byte[] data = loader.ReadFlash(partition.Offset, (int)partition.Size, progress, cancel);
        loader.Finish(settings.After);
        return new EspPartitionReadback { Port = transport.Name, Chip = loader.Chip.Name, Mac = loader.MacText, Partition = partition, Data = data };
    }

    /// <summary>With an explicit offset the table is only a safety check: a chip without a readable table is still written.</summary>
    private static EspPartitionTable? TryReadTable(EspLoader loader, EspFlashSettings settings, Action<string>? verbose)
    {
        try
        {
            return loader.ReadPartitionTable(settings.PartitionTableOffset);
        }
        catch (MfgException e) when (e.ErrorId == ErrorIds.EspPartitionTableInvalid)
        {
            verbose?.Invoke($"No valid partition table on the chip ({e.Message}); the offset is not checked against partitions.");
            return null;
        }
    }

    internal static byte[] ReadImage(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw MfgException.FileError("The image", path, e);
        }
    }
}
