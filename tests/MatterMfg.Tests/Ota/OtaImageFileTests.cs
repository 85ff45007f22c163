using System;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Ota;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Ota;

/// <summary>Round trips, ota_image_tool.py's rules, and damaged, truncated and foreign files.</summary>
public class OtaImageFileTests
{
    private static OtaHeaderFields Fields(Action<OtaHeaderFields>? change = null)
    {
        var f = new OtaHeaderFields { VendorId = 0xFFF1, ProductId = 0x8000, SoftwareVersion = 10, SoftwareVersionString = "1.0" };
        change?.Invoke(f);
        return f;
    }

    private static string Payload(TempDir tmp, string name = "fw.bin", int length = 3000, int seed = 5)
    {
        string path = Path.Combine(tmp.Path, name);
        File.WriteAllBytes(path, new OtaPayloadSpec { Length = length, Seed = seed }.Bytes());
        return path;
    }

    private static MfgException Fails(Action action) => Assert.Throws<MfgException>(action);

    [Fact]
    public void Create_then_extract_gives_back_the_payload_files_concatenated()
    {
        using var tmp = new TempDir();
        string a = Payload(tmp, "a.bin", 70_000, 1), b = Payload(tmp, "b.bin", 1234, 2);
        string ota = Path.Combine(tmp.Path, "fw.ota"), back = Path.Combine(tmp.Path, "back.bin");
        var made = OtaImageFile.Create(new[] { a, b }, ota, Fields());
        var extracted = OtaImageFile.ExtractPayload(ota, back);
        Assert.Equal(File.ReadAllBytes(a).Concat(File.ReadAllBytes(b)), File.ReadAllBytes(back));
        Assert.Equal(made.OtaChecksum, extracted.OtaChecksum);
        Assert.True(extracted.DigestValid);
        Assert.Equal(71_234UL, made.PayloadSize);
    }

    [Fact]
    public void A_4_MiB_firmware_is_streamed_never_held_in_memory()
    {
        using var tmp = new TempDir();
        string payload = Payload(tmp, "big.bin", 4 << 20, 9);
        string ota = Path.Combine(tmp.Path, "big.ota"), back = Path.Combine(tmp.Path, "back.bin");
        OtaImageFile.Create(new[] { payload }, Path.Combine(tmp.Path, "warm.ota"), Fields());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var made = OtaImageFile.Create(new[] { payload }, ota, Fields());
        long create = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var read = OtaImageFile.Inspect(ota);
        OtaImageFile.ExtractPayload(ota, back);
        long inspectAndExtract = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(create < 1 << 20, $"creating a 4 MiB image allocated {create} bytes");
        Assert.True(inspectAndExtract < 1 << 20, $"reading and extracting a 4 MiB image allocated {inspectAndExtract} bytes");
        Assert.True(read.DigestValid);
        Assert.Equal((ulong)(4 << 20), made.PayloadSize);
        Assert.Equal(File.ReadAllBytes(payload), File.ReadAllBytes(back));
    }

    [Fact]
    public void Random_headers_survive_a_write_and_a_read()
    {
        var rng = new Random(16);
        using var tmp = new TempDir();
        string payload = Payload(tmp, length: 100);
        for (int i = 0; i < 60; i++)
        {
            uint version = (uint)rng.NextInt64(2, uint.MaxValue);
            uint? min = rng.Next(3) == 0 ? null : (uint)rng.NextInt64(0, version / 2);
            uint? max = rng.Next(3) == 0 ? null : (uint)rng.NextInt64(version / 2, version);
            var f = new OtaHeaderFields
            {
                VendorId = (ushort)rng.Next(1, 0x10000),
                ProductId = (ushort)rng.Next(1, 0x10000),
                SoftwareVersion = version,
                SoftwareVersionString = new string('x', rng.Next(1, 65)),
                MinApplicableVersion = min,
                MaxApplicableVersion = max,
                ReleaseNotesUrl = rng.Next(2) == 0 ? null : "https://" + new string('u', rng.Next(0, 249)),
                DigestAlgorithm = OtaDigests.All[rng.Next(OtaDigests.All.Length)],
            };
            string ota = Path.Combine(tmp.Path, $"{i}.ota");
            OtaImageFile.Create(new[] { payload }, ota, f, _ => { });
            var r = OtaImageFile.Inspect(ota);
            Assert.Equal((f.VendorId, f.ProductId, f.SoftwareVersion, f.SoftwareVersionString, f.MinApplicableVersion, f.MaxApplicableVersion, f.ReleaseNotesUrl, f.DigestAlgorithm),
                (r.VendorId, r.ProductId, r.SoftwareVersion, r.SoftwareVersionString, r.MinApplicableVersion, r.MaxApplicableVersion, r.ReleaseNotesUrl, r.DigestAlgorithm));
            Assert.True(r.DigestValid);
        }
    }

    public static TheoryData<string, string, Action<OtaHeaderFields>> Broken => new()
    {
        { ErrorIds.OtaVendorIdZero, "vendor id is 0", f => f.VendorId = 0 },
        { ErrorIds.OtaProductIdZero, "product id is 0", f => f.ProductId = 0 },
        { ErrorIds.OtaVersionStringLength, "0 bytes", f => f.SoftwareVersionString = "" },
        { ErrorIds.OtaVersionStringLength, "65 bytes", f => f.SoftwareVersionString = new string('1', 65) },
        { ErrorIds.OtaVersionStringLength, "66 bytes", f => f.SoftwareVersionString = string.Concat(Enumerable.Repeat("é", 33)) },
        { ErrorIds.OtaMinVersionNotBelowVersion, "10 is not below the software version 10", f => f.MinApplicableVersion = 10 },
        { ErrorIds.OtaMinVersionNotBelowVersion, "11 is not below", f => f.MinApplicableVersion = 11 },
        { ErrorIds.OtaMaxVersionNotBelowVersion, "10 is not below the software version 10", f => f.MaxApplicableVersion = 10 },
        { ErrorIds.OtaMinVersionAboveMaxVersion, "5 is greater than MaxApplicableVersion 4", f => { f.MinApplicableVersion = 5; f.MaxApplicableVersion = 4; } },
        { ErrorIds.OtaReleaseNotesUrlLength, "0 bytes", f => f.ReleaseNotesUrl = "" },
        { ErrorIds.OtaReleaseNotesUrlLength, "257 bytes", f => f.ReleaseNotesUrl = "https://" + new string('a', 249) },
        { ErrorIds.OtaDigestAlgorithmUnknown, "'13' is not a Matter OTA digest algorithm", f => f.DigestAlgorithm = (OtaDigestAlgorithm)13 },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_rule_is_an_error_with_its_id_and_no_file_is_left(string id, string text, Action<OtaHeaderFields> change)
    {
        using var tmp = new TempDir();
        string payload = Payload(tmp);
        string ota = Path.Combine(tmp.Path, "fw.ota");
        var e = Fails(() => OtaImageFile.Create(new[] { payload }, ota, Fields(change)));
        Assert.Equal(id, e.ErrorId);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { payload }, Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void The_limits_themselves_are_allowed()
    {
        using var tmp = new TempDir();
        string payload = Payload(tmp);
        var warnings = new System.Collections.Generic.List<string>();
        OtaImageFile.Create(new[] { payload }, Path.Combine(tmp.Path, "a.ota"), Fields(f =>
        {
            f.VendorId = 1;
            f.ProductId = 1;
            f.SoftwareVersionString = string.Concat(Enumerable.Repeat("é", 32));
            f.MinApplicableVersion = 9;
            f.MaxApplicableVersion = 9;
            f.ReleaseNotesUrl = "https://" + new string('a', 248);
        }), warnings.Add);
        Assert.Empty(warnings);
        OtaImageFile.Create(new[] { payload }, Path.Combine(tmp.Path, "b.ota"), Fields(f => { f.SoftwareVersion = 1; f.MinApplicableVersion = 0; f.MaxApplicableVersion = 0; }), warnings.Add);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData(OtaDigestAlgorithm.Sha3_224, "not recommended")]
    [InlineData(OtaDigestAlgorithm.Sha256_32, "not recommended")]
    public void A_short_digest_or_a_plain_http_url_warns_and_still_writes(OtaDigestAlgorithm algorithm, string text)
    {
        using var tmp = new TempDir();
        var warnings = new System.Collections.Generic.List<string>();
        var info = OtaImageFile.Create(new[] { Payload(tmp) }, Path.Combine(tmp.Path, "a.ota"), Fields(f => { f.DigestAlgorithm = algorithm; f.ReleaseNotesUrl = "http://x"; }), warnings.Add);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("https://", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains(text, StringComparison.Ordinal));
        Assert.True(File.Exists(info.Path));
    }

    [Fact]
    public void Missing_or_empty_payloads_are_errors()
    {
        using var tmp = new TempDir();
        string ota = Path.Combine(tmp.Path, "fw.ota");
        var missing = Fails(() => OtaImageFile.Create(new[] { Payload(tmp), Path.Combine(tmp.Path, "nope.bin") }, ota, Fields()));
        Assert.Equal(ErrorIds.OtaPayloadNotFound, missing.ErrorId);
        Assert.Contains("nope.bin", missing.Message, StringComparison.Ordinal);
        string empty = Path.Combine(tmp.Path, "empty.bin");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        Assert.Equal(ErrorIds.OtaPayloadEmpty, Fails(() => OtaImageFile.Create(new[] { empty }, ota, Fields())).ErrorId);
        Assert.False(File.Exists(ota));
    }

    [Fact]
    public void A_changed_payload_byte_is_detected_by_inspect_extract_and_change_header()
    {
        using var tmp = new TempDir();
        string ota = Path.Combine(tmp.Path, "fw.ota");
        var made = OtaImageFile.Create(new[] { Payload(tmp) }, ota, Fields());
        byte[] bytes = File.ReadAllBytes(ota);
        bytes[made.PayloadOffset + 1500] ^= 0x01;
        File.WriteAllBytes(ota, bytes);
        var info = OtaImageFile.Inspect(ota);
        Assert.False(info.DigestValid);
        Assert.Equal(made.PayloadDigest, info.PayloadDigest);
        Assert.NotEqual(info.PayloadDigest, info.ComputedDigest);
        var mismatch = OtaImageFile.DigestMismatch(info);
        Assert.Equal(ErrorIds.OtaDigestMismatch, mismatch.ErrorId);
        Assert.Contains($"from offset {made.PayloadOffset}", mismatch.Message, StringComparison.Ordinal);
        string back = Path.Combine(tmp.Path, "back.bin");
        Assert.Equal(ErrorIds.OtaDigestMismatch, Fails(() => OtaImageFile.ExtractPayload(ota, back)).ErrorId);
        Assert.False(File.Exists(back));
        Assert.Equal(ErrorIds.OtaDigestMismatch, Fails(() => OtaImageFile.ChangeHeader(ota, Path.Combine(tmp.Path, "new.ota"), new OtaHeaderChanges { SoftwareVersion = 11 })).ErrorId);
        Assert.Equal(new[] { "fw.bin", "fw.ota" }, Directory.GetFiles(tmp.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Change_header_keeps_the_payload_and_recomputes_the_digest_for_a_new_algorithm()
    {
        using var tmp = new TempDir();
        string ota = Path.Combine(tmp.Path, "fw.ota");
        var made = OtaImageFile.Create(new[] { Payload(tmp) }, ota, Fields(f => f.MinApplicableVersion = 3));
        string copy = Path.Combine(tmp.Path, "v11.ota");
        var changed = OtaImageFile.ChangeHeader(ota, copy, new OtaHeaderChanges { SoftwareVersion = 11, SoftwareVersionString = "1.1", ReleaseNotesUrl = "https://n" });
        Assert.Equal((11u, "1.1", 3u, "https://n"), (changed.SoftwareVersion, changed.SoftwareVersionString, changed.MinApplicableVersion!.Value, changed.ReleaseNotesUrl));
        Assert.Equal(made.PayloadDigest, changed.PayloadDigest);
        var again = OtaImageFile.Inspect(copy);
        Assert.True(again.DigestValid);
        Assert.Equal(changed.OtaChecksum, again.OtaChecksum);
        // The same header as creating version 11 directly.
        string direct = Path.Combine(tmp.Path, "direct.ota");
        OtaImageFile.Create(new[] { Path.Combine(tmp.Path, "fw.bin") }, direct, Fields(f => { f.SoftwareVersion = 11; f.SoftwareVersionString = "1.1"; f.MinApplicableVersion = 3; f.ReleaseNotesUrl = "https://n"; }));
        Assert.Equal(File.ReadAllBytes(direct), File.ReadAllBytes(copy));

        var sha512 = OtaImageFile.ChangeHeader(copy, copy, new OtaHeaderChanges { DigestAlgorithm = OtaDigestAlgorithm.Sha512 });
        var inspected = OtaImageFile.Inspect(copy);
        Assert.Equal(OtaDigestAlgorithm.Sha512, inspected.DigestAlgorithm);
        Assert.Equal(128, inspected.PayloadDigest.Length);
        Assert.True(inspected.DigestValid);
        Assert.Equal(sha512.OtaChecksum, inspected.OtaChecksum);
        Assert.Equal(OtaImageFile.ExtractPayload(copy, Path.Combine(tmp.Path, "p1")).PayloadSize, made.PayloadSize);
        Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.Path, "fw.bin")), File.ReadAllBytes(Path.Combine(tmp.Path, "p1")));
    }

    [Fact]
    public void Change_header_checks_the_new_header_and_leaves_the_image_alone_when_it_is_wrong()
    {
        using var tmp = new TempDir();
        string ota = Path.Combine(tmp.Path, "fw.ota");
        OtaImageFile.Create(new[] { Payload(tmp) }, ota, Fields(f => f.MinApplicableVersion = 5));
        byte[] before = File.ReadAllBytes(ota);
        Assert.Equal(ErrorIds.OtaMinVersionNotBelowVersion, Fails(() => OtaImageFile.ChangeHeader(ota, ota, new OtaHeaderChanges { SoftwareVersion = 5 })).ErrorId);
        Assert.Equal(ErrorIds.OtaVendorIdZero, Fails(() => OtaImageFile.ChangeHeader(ota, ota, new OtaHeaderChanges { VendorId = 0 })).ErrorId);
        Assert.Equal(before, File.ReadAllBytes(ota));
    }

    [Theory]
    [InlineData(0, "ends at offset 0")]
    [InlineData(3, "ends at offset 3")]
    [InlineData(10, "ends at offset 10, inside the 16-byte fixed header")]
    [InlineData(16, "runs past the end of the file at offset 16")]
    [InlineData(76, "runs past the end of the file at offset 76")]
    [InlineData(77, "the total size at offset 4 is 1077 bytes, but the file ends at offset 77")]
    [InlineData(1076, "but the file ends at offset 1076")]
    public void A_truncated_image_names_the_offset(int keep, string text)
    {
        using var tmp = new TempDir();
        string path = Path.Combine(tmp.Path, "cut.ota");
        File.WriteAllBytes(path, File.ReadAllBytes(OtaVectors.File("minimal_sha256.ota")).Take(keep).ToArray());
        var e = Fails(() => OtaImageFile.Inspect(path));
        Assert.Equal(ErrorIds.OtaImageTruncated, e.ErrorId);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_file_or_trailing_bytes_are_named()
    {
        using var tmp = new TempDir();
        string bin = Payload(tmp);
        File.WriteAllBytes(bin, new byte[] { 0xE9, 0x03, 0x02, 0x20, 0, 0, 0, 0 });
        var foreign = Fails(() => OtaImageFile.Inspect(bin));
        Assert.Equal(ErrorIds.OtaNotAnImage, foreign.ErrorId);
        Assert.Contains("starts with 0x200203E9 at offset 0, not the magic 0x1BEEF11E", foreign.Message, StringComparison.Ordinal);
        string longer = Path.Combine(tmp.Path, "longer.ota");
        File.WriteAllBytes(longer, File.ReadAllBytes(OtaVectors.File("minimal_sha256.ota")).Concat(new byte[3]).ToArray());
        var trailing = Fails(() => OtaImageFile.Inspect(longer));
        Assert.Equal(ErrorIds.OtaImageTrailingData, trailing.ErrorId);
        Assert.Contains("3 bytes follow the end of the image at offset 1077", trailing.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.OtaImageNotFound, Fails(() => OtaImageFile.Inspect(Path.Combine(tmp.Path, "none.ota"))).ErrorId);
    }

    // minimal_sha256.ota: TLV at 16: 15 | 17: 25 00 F1FF | 21: 25 01 0080 | 25: 24 02 01 | 28: 2C 03 03 "1.0" |
    // 34: 25 04 E803 | 38: 24 08 01 | 41: 30 09 20 <digest> | 76: 18
    [Theory]
    [InlineData(ErrorIds.OtaHeaderInvalid, 16, 0x16, "the header TLV at offset 16 is not an anonymous structure")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 38, 0x3F, "unknown TLV element type 0x1F at offset 38")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 40, 13, "the digest type (tag 8) at offset 38 is 13")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 40, 7, "the digest (tag 9) at offset 41 is 32 bytes; sha384 gives 48")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 30, 0xFF, "the TLV string at offset 28 is 255 bytes long")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 35, 0x02, "header tag 2 at offset 34 is out of order or repeated")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 28, 0x30, "the software version string (tag 3) at offset 28 is a TLV bytes, not a utf8")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 17, 0x45, "unsupported TLV tag form 2 at offset 17")]
    [InlineData(ErrorIds.OtaHeaderInvalid, 76, 0x00, "ends in the middle of an element at offset 77")]
    [InlineData(ErrorIds.OtaPayloadSizeMismatch, 36, 0xE7, "the header gives a payload of 999 bytes (tag 4), but 1000 bytes follow the header from offset 77")]
    [InlineData(ErrorIds.OtaNotAnImage, 3, 0x1C, "at offset 0")]
    public void A_damaged_header_names_what_and_where(string id, int offset, byte value, string text)
    {
        using var tmp = new TempDir();
        string path = Path.Combine(tmp.Path, "bad.ota");
        byte[] bytes = File.ReadAllBytes(OtaVectors.File("minimal_sha256.ota"));
        bytes[offset] = value;
        File.WriteAllBytes(path, bytes);
        var e = Fails(() => OtaImageFile.Inspect(path));
        Assert.Equal(id, e.ErrorId);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_tag_is_named()
    {
        using var tmp = new TempDir();
        byte[] v = File.ReadAllBytes(OtaVectors.File("minimal_sha256.ota"));
        // Drop tag 2 (3 bytes at 25): the TLV and the total shrink by 3.
        byte[] cut = v.Take(25).Concat(v.Skip(28)).ToArray();
        BitConverter.GetBytes((ulong)cut.Length).CopyTo(cut, 4);
        BitConverter.GetBytes(61u - 3).CopyTo(cut, 12);
        string path = Path.Combine(tmp.Path, "no-version.ota");
        File.WriteAllBytes(path, cut);
        var e = Fails(() => OtaImageFile.Inspect(path));
        Assert.Equal(ErrorIds.OtaHeaderInvalid, e.ErrorId);
        Assert.Contains("the header has no software version (tag 2)", e.Message, StringComparison.Ordinal);
    }
}
