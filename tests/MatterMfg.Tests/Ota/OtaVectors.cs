using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MatterMfg.Ota;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Ota;

/// <summary>
/// The OTA image vectors of vectors/ota: images written by make_vectors.py from the format's rules (not from
/// MatterMfg), with their inputs, header bytes and whole-file checksum.
/// </summary>
public sealed class OtaCase
{
    public string Name { get; init; } = "";
    public ushort VendorId { get; init; }
    public ushort ProductId { get; init; }
    public uint Version { get; init; }
    public string VersionStr { get; init; } = "";
    public string Digest { get; init; } = "";
    public uint? MinVersion { get; init; }
    public uint? MaxVersion { get; init; }
    public string? ReleaseNotes { get; init; }
    public List<OtaPayloadSpec> Payloads { get; init; } = new();
    public string? Ota { get; init; }
    public long OtaSize { get; init; }
    public string HeaderHex { get; init; } = "";
    public string PayloadDigestHex { get; init; } = "";
    public string OtaChecksum { get; init; } = "";

    public OtaHeaderFields Fields => new()
    {
        VendorId = VendorId,
        ProductId = ProductId,
        SoftwareVersion = Version,
        SoftwareVersionString = VersionStr,
        MinApplicableVersion = MinVersion,
        MaxApplicableVersion = MaxVersion,
        ReleaseNotesUrl = ReleaseNotes,
        DigestAlgorithm = OtaDigests.Parse(Digest),
    };

    /// <summary>The payload files: the committed ones, or generated into <paramref name="dir"/>.</summary>
    public List<string> PayloadFiles(string dir) => Payloads.Select(p => p.File != null ? OtaVectors.File(p.File) : p.WriteTo(dir)).ToList();

    public override string ToString() => Name;
}

public sealed class OtaPayloadSpec
{
    public string? File { get; init; }
    public int Length { get; init; }
    public int Seed { get; init; }

    /// <summary>make_vectors.py's formula.</summary>
    public byte[] Bytes() => Enumerable.Range(0, Length).Select(i => (byte)((i * 131 + Seed * 17 + (i >> 9)) & 0xFF)).ToArray();

    public string WriteTo(string dir)
    {
        string path = Path.Combine(dir, $"payload-{Length}-{Seed}.bin");
        System.IO.File.WriteAllBytes(path, Bytes());
        return path;
    }
}

public static class OtaVectors
{
    public static readonly IReadOnlyList<OtaCase> Cases = JsonSerializer.Deserialize<List<OtaCase>>(
        System.IO.File.ReadAllText(File("cases.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    public static string File(string name) => Repo.Vector("ota", name);

    public static OtaCase Case(string name) => Cases.Single(c => c.Name == name);

    public static IEnumerable<object[]> Names() => Cases.Select(c => new object[] { c.Name });
}
