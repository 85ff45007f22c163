using System;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Ota;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Ota;

/// <summary>The OTA cmdlets in the real hosted engine, with rows shaped as Import-Csv makes them.</summary>
public class OtaCmdletTests
{
    private static string Copy(TempDir tmp, string vector)
    {
        string path = Path.Combine(tmp.Path, vector);
        File.Copy(OtaVectors.File(vector), path);
        return path;
    }

    [Fact]
    public void New_makes_one_image_per_csv_row_byte_identical_and_reports_bad_rows_while_the_rest_go_on()
    {
        using var tmp = new TempDir();
        string a = OtaVectors.File("payload_a.bin");
        var rows = new[]
        {
            Ps.Row(("Path", a), ("OutFile", Path.Combine(tmp.Path, "minimal.ota")), ("VendorId", "0xFFF1"), ("ProductId", "0x8000"),
                ("SoftwareVersion", "1"), ("SoftwareVersionString", "1.0"), ("DigestAlgorithm", ""), ("MinApplicableVersion", ""), ("MaxApplicableVersion", ""), ("ReleaseNotesUrl", "")),
            Ps.Row(("Path", a), ("OutFile", Path.Combine(tmp.Path, "bad-min.ota")), ("VendorId", "0xFFF1"), ("ProductId", "0x8000"),
                ("SoftwareVersion", "3"), ("SoftwareVersionString", "3.0"), ("DigestAlgorithm", "sha256"), ("MinApplicableVersion", "3"), ("MaxApplicableVersion", ""), ("ReleaseNotesUrl", "")),
            Ps.Row(("Path", a), ("OutFile", Path.Combine(tmp.Path, "bad-vid.ota")), ("VendorId", "10kb"), ("ProductId", "0x8000"),
                ("SoftwareVersion", "3"), ("SoftwareVersionString", "3.0"), ("DigestAlgorithm", ""), ("MinApplicableVersion", ""), ("MaxApplicableVersion", ""), ("ReleaseNotesUrl", "")),
            Ps.Row(("Path", a), ("OutFile", Path.Combine(tmp.Path, "bad-digest.ota")), ("VendorId", "1"), ("ProductId", "1"),
                ("SoftwareVersion", "3"), ("SoftwareVersionString", "3.0"), ("DigestAlgorithm", "md5"), ("MinApplicableVersion", ""), ("MaxApplicableVersion", ""), ("ReleaseNotesUrl", "")),
            Ps.Row(("Path", a), ("OutFile", Path.Combine(tmp.Path, "all_optional.ota")), ("VendorId", "1"), ("ProductId", "1"),
                ("SoftwareVersion", "0x00010203"), ("SoftwareVersionString", "1.2.3-rc1"), ("DigestAlgorithm", "SHA256"), ("MinApplicableVersion", "0"), ("MaxApplicableVersion", "65536"), ("ReleaseNotesUrl", "https://example.com/notes/1.2.3")),
            Ps.Row(("Path", a), ("OutFile", Path.Combine(tmp.Path, "digest_sha3_512.ota")), ("VendorId", "65521"), ("ProductId", "32768"),
                ("SoftwareVersion", "1"), ("SoftwareVersionString", "1.0"), ("DigestAlgorithm", "sha3_512"), ("MinApplicableVersion", ""), ("MaxApplicableVersion", ""), ("ReleaseNotesUrl", "")),
        };
        var r = Ps.Run("$rows | New-MatterOtaImage", ("rows", rows));
        Assert.Null(r.Terminating);
        Assert.Equal(new[] { "minimal.ota", "all_optional.ota", "digest_sha3_512.ota" }, r.Output.Select(o => Path.GetFileName(((OtaImageInfo)o.BaseObject).Path)));
        Assert.Equal(new[] { "OtaMinVersionNotBelowVersion", "ParameterArgumentTransformationError", "OtaDigestAlgorithmUnknown" },
            r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Same(rows[1], r.Errors[0].TargetObject);
        Assert.Same(rows[3], r.Errors[2].TargetObject);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("minimal_sha256.ota")), File.ReadAllBytes(Path.Combine(tmp.Path, "minimal.ota")));
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("all_optional.ota")), File.ReadAllBytes(Path.Combine(tmp.Path, "all_optional.ota")));
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("digest_sha3_512.ota")), File.ReadAllBytes(Path.Combine(tmp.Path, "digest_sha3_512.ota")));
        Assert.Equal(3, Directory.GetFiles(tmp.Path).Length);
        var first = r.Output[0];
        Assert.Equal(OtaVectors.Case("minimal_sha256").OtaChecksum, first.Properties["OtaChecksum"].Value);
        Assert.Equal(1077UL, first.Properties["OtaFileSize"].Value);
        Assert.Equal(1, first.Properties["OtaChecksumType"].Value);
        Assert.Null(first.Properties["MinApplicableVersion"].Value);
    }

    [Fact]
    public void New_concatenates_several_payloads_honours_whatif_and_warns_about_http()
    {
        using var tmp = new TempDir();
        string outFile = Path.Combine(tmp.Path, "two.ota");
        var what = Ps.Run("New-MatterOtaImage -Path $a, $b -OutFile $out -VendorId 0xFFF2 -ProductId 0x8001 -SoftwareVersion 0x100 -SoftwareVersionString 2.0 -WhatIf",
            ("a", OtaVectors.File("payload_a.bin")), ("b", OtaVectors.File("payload_b.bin")), ("out", outFile));
        what.Ok();
        Assert.Empty(what.Output);
        Assert.Contains("What if", what.HostText, StringComparison.Ordinal);
        Assert.Contains("two.ota", what.HostText, StringComparison.Ordinal);
        Assert.False(File.Exists(outFile));
        Ps.Run("New-MatterOtaImage $a, $b $out -VendorId 0xFFF2 -ProductId 0x8001 -SoftwareVersion 0x100 -SoftwareVersionString 2.0",
            ("a", OtaVectors.File("payload_a.bin")), ("b", OtaVectors.File("payload_b.bin")), ("out", outFile)).Ok();
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("two_payloads.ota")), File.ReadAllBytes(outFile));

        string http = Path.Combine(tmp.Path, "http.ota");
        var warned = Ps.Run("New-MatterOtaImage $a $out -VendorId 0xFFF1 -ProductId 0x8000 -SoftwareVersion 2 -SoftwareVersionString 0.2 -MinApplicableVersion 1 -MaxApplicableVersion 1 -ReleaseNotesUrl http://example.com/notes",
            ("a", OtaVectors.File("payload_a.bin")), ("out", http));
        warned.Ok();
        Assert.Contains("https://", Assert.Single(warned.Warnings), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("http_release_notes.ota")), File.ReadAllBytes(http));
    }

    [Fact]
    public void Get_decodes_an_image_and_a_damaged_payload_is_both_output_and_an_error()
    {
        using var tmp = new TempDir();
        var ok = Ps.Run("Get-MatterOtaImage $p", ("p", OtaVectors.File("all_optional.ota"))).Ok();
        var info = (OtaImageInfo)Assert.Single(ok).BaseObject;
        Assert.Equal((1, 1, 0x00010203u, "1.2.3-rc1", 0u, 0x10000u), ((int)info.VendorId, (int)info.ProductId, info.SoftwareVersion, info.SoftwareVersionString, info.MinApplicableVersion!.Value, info.MaxApplicableVersion!.Value));
        Assert.True(info.DigestValid);

        string bad = Copy(tmp, "minimal_sha256.ota");
        byte[] bytes = File.ReadAllBytes(bad);
        bytes[^1] ^= 0x80;
        File.WriteAllBytes(bad, bytes);
        var r = Ps.Run("Get-MatterOtaImage $p", ("p", bad));
        Assert.False(((OtaImageInfo)Assert.Single(r.Output).BaseObject).DigestValid);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith(ErrorIds.OtaDigestMismatch + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(bad, error.TargetObject);
        var stop = Ps.Run("Get-MatterOtaImage $p -ErrorAction Stop", ("p", bad));
        Assert.NotNull(stop.Terminating);
        Assert.StartsWith(ErrorIds.OtaDigestMismatch + ",", stop.TerminatingRecord!.FullyQualifiedErrorId, StringComparison.Ordinal);

        string cut = Path.Combine(tmp.Path, "cut.ota");
        File.WriteAllBytes(cut, bytes.Take(50).ToArray());
        var truncated = Ps.Run("Get-MatterOtaImage $p, $q", ("p", cut), ("q", OtaVectors.File("payload_a.bin")));
        Assert.Empty(truncated.Output);
        Assert.Equal(new[] { ErrorIds.OtaImageTruncated, ErrorIds.OtaNotAnImage }, truncated.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Contains("offset 50", truncated.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(cut, truncated.Errors[0].TargetObject);
    }

    [Fact]
    public void Export_writes_the_payload_and_refuses_a_damaged_one()
    {
        using var tmp = new TempDir();
        string outFile = Path.Combine(tmp.Path, "fw.bin");
        var r = Ps.Run("Export-MatterOtaPayload $p -OutFile $o -PassThru", ("p", OtaVectors.File("two_payloads.ota")), ("o", outFile));
        Assert.Equal(outFile, ((FileInfo)Assert.Single(r.Ok()).BaseObject).FullName);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("payload_a.bin")).Concat(File.ReadAllBytes(OtaVectors.File("payload_b.bin"))), File.ReadAllBytes(outFile));

        string bad = Copy(tmp, "digest_sha384.ota");
        byte[] bytes = File.ReadAllBytes(bad);
        bytes[^10] ^= 0x01;
        File.WriteAllBytes(bad, bytes);
        string badOut = Path.Combine(tmp.Path, "bad.bin");
        var refused = Ps.Run("Export-MatterOtaPayload $p $o", ("p", bad), ("o", badOut));
        Assert.StartsWith(ErrorIds.OtaDigestMismatch + ",", Assert.Single(refused.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.False(File.Exists(badOut));
        Ps.Run("Export-MatterOtaPayload $p $o -WhatIf", ("p", OtaVectors.File("two_payloads.ota")), ("o", badOut)).Ok();
        Assert.False(File.Exists(badOut));
    }

    [Fact]
    public void Set_changes_fields_in_place_or_into_a_copy_and_rejects_a_bad_header()
    {
        using var tmp = new TempDir();
        string ota = Copy(tmp, "minimal_sha256.ota");
        string copy = Path.Combine(tmp.Path, "copy.ota");
        var r = Ps.Run("Set-MatterOtaImage $p -OutFile $o -SoftwareVersion 0x00010203 -SoftwareVersionString 1.2.3-rc1 -VendorId 1 -ProductId 1 -MinApplicableVersion 0 -MaxApplicableVersion 65536 -ReleaseNotesUrl https://example.com/notes/1.2.3",
            ("p", ota), ("o", copy));
        Assert.Equal(copy, ((OtaImageInfo)Assert.Single(r.Ok()).BaseObject).Path);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("all_optional.ota")), File.ReadAllBytes(copy));
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("minimal_sha256.ota")), File.ReadAllBytes(ota));

        Ps.Run("Set-MatterOtaImage $p -DigestAlgorithm sha3_256", ("p", ota)).Ok();
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("digest_sha3_256.ota")), File.ReadAllBytes(ota));

        var bad = Ps.Run("Set-MatterOtaImage $p -MaxApplicableVersion 1", ("p", ota));
        Assert.StartsWith(ErrorIds.OtaMaxVersionNotBelowVersion + ",", Assert.Single(bad.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("digest_sha3_256.ota")), File.ReadAllBytes(ota));
        Ps.Run("Set-MatterOtaImage $p -SoftwareVersion 9 -WhatIf", ("p", ota)).Ok();
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("digest_sha3_256.ota")), File.ReadAllBytes(ota));
    }

    [Fact]
    public void Every_view_script_block_evaluates_on_an_image()
    {
        var doc = System.Xml.Linq.XDocument.Load(Path.Combine(Repo.Root, "module", "MatterMfg.Ota.format.ps1xml"));
        string[] scripts = doc.Descendants("ScriptBlock").Select(b => b.Value).ToArray();
        Assert.True(scripts.Length >= 6);
        using var tmp = new TempDir();
        string bad = Copy(tmp, "minimal_sha256.ota");
        byte[] bytes = File.ReadAllBytes(bad);
        bytes[^1] ^= 1;
        File.WriteAllBytes(bad, bytes);
        var r = Ps.Run(
            "$images = @(Get-MatterOtaImage $a, $b, $c -ErrorAction SilentlyContinue); foreach ($o in $images) { foreach ($s in $scripts) { $v = ForEach-Object -InputObject $o -Process ([scriptblock]::Create($s)) -ErrorAction Stop; \"$v\" } }",
            ("a", OtaVectors.File("all_optional.ota")), ("b", OtaVectors.File("minimal_sha256.ota")), ("c", bad), ("scripts", scripts));
        Assert.Null(r.Terminating);
        var text = r.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(3 * scripts.Length, text.Count);
        Assert.Contains("0x0001", text);
        Assert.Contains("0 .. 65536", text);
        Assert.Contains("(any)", text);
        Assert.Contains(text, t => t.StartsWith("False: the payload digests to ", StringComparison.Ordinal));
    }
}
