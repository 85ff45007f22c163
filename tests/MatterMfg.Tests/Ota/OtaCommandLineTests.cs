using System;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Ota;

/// <summary><c>mattermfg ota …</c> with ota_image_tool.py's arguments, through the CLI's entry point.</summary>
public class OtaCommandLineTests
{
    private static (int Code, string Out, string Err) Run(string workingDirectory, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(new[] { "ota" }.Concat(args).ToArray(), o, e, workingDirectory, new MatterMfg.Factory.MatterFactoryEngine());
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [MemberData(nameof(OtaVectors.Names), MemberType = typeof(OtaVectors))]
    public void Create_takes_the_tools_arguments_and_writes_the_vector(string name)
    {
        var c = OtaVectors.Case(name);
        using var tmp = new TempDir();
        var args = new System.Collections.Generic.List<string> { "create", "-v", "0x" + c.VendorId.ToString("X"), "-p", c.ProductId.ToString(), "-vn", c.Version.ToString(), "-vs", c.VersionStr, "-da", c.Digest };
        if (c.MinVersion != null)
        {
            args.AddRange(new[] { "-mi", c.MinVersion.ToString()! });
        }
        if (c.MaxVersion != null)
        {
            args.AddRange(new[] { "--max-version", "0x" + c.MaxVersion.Value.ToString("x") });
        }
        if (c.ReleaseNotes != null)
        {
            args.Add("--release-notes=" + c.ReleaseNotes);
        }
        args.AddRange(c.PayloadFiles(tmp.Path));
        args.Add("out.ota");
        var r = Run(tmp.Path, args.ToArray());
        Assert.Equal(0, r.Code);
        byte[] written = File.ReadAllBytes(Path.Combine(tmp.Path, "out.ota"));
        Assert.Equal(c.HeaderHex, Convert.ToHexStringLower(written, 0, c.HeaderHex.Length / 2));
        Assert.Equal(c.OtaSize, written.Length);
        Assert.Contains($"OtaChecksum: {c.OtaChecksum}", r.Out, StringComparison.Ordinal);
        Assert.Contains($"OtaFileSize: {c.OtaSize}", r.Out, StringComparison.Ordinal);
        bool warns = (c.ReleaseNotes != null && !c.ReleaseNotes.StartsWith("https://", StringComparison.Ordinal)) || MatterMfg.Ota.OtaDigests.Length(c.Fields.DigestAlgorithm) < 32;
        Assert.Equal(warns, r.Err.Contains("warning: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Show_prints_the_tools_lines_then_the_digest_check_and_the_dcl_fields()
    {
        var c = OtaVectors.Case("all_optional");
        var r = Run(Path.GetTempPath(), "show", OtaVectors.File("all_optional.ota"));
        Assert.Equal(0, r.Code);
        string expected = string.Join(Environment.NewLine,
            "Magic: 1beef11e", "Total Size: 1127", "Header Size: 111", "Header TLV:",
            "  [0] Vendor Id: 1 (0x1)", "  [1] Product Id: 1 (0x1)", "  [2] Version: 66051 (0x10203)", "  [3] Version String: 1.2.3-rc1",
            "  [4] Payload Size: 1000 (0x3e8)", "  [5] Min Version: 0 (0x0)", "  [6] Max Version: 65536 (0x10000)",
            "  [7] Release Notes Url: https://example.com/notes/1.2.3", "  [8] Digest Type: 1 (0x1)", "  [9] Digest: " + c.PayloadDigestHex,
            "Digest Valid: yes", "OtaFileSize: 1127", "OtaChecksum: " + c.OtaChecksum, "OtaChecksumType: 1", "");
        Assert.Equal(expected, r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void Show_and_extract_fail_on_a_damaged_payload_and_change_header_recomputes_the_digest()
    {
        using var tmp = new TempDir();
        File.Copy(OtaVectors.File("minimal_sha256.ota"), Path.Combine(tmp.Path, "fw.ota"));
        var changed = Run(tmp.Path, "change_header", "-da", "sha512", "fw.ota", "sha512.ota");
        Assert.Equal(0, changed.Code);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("digest_sha512.ota")), File.ReadAllBytes(Path.Combine(tmp.Path, "sha512.ota")));
        Assert.Equal(0, Run(tmp.Path, "extract", "sha512.ota", "fw.bin").Code);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("payload_a.bin")), File.ReadAllBytes(Path.Combine(tmp.Path, "fw.bin")));

        byte[] bytes = File.ReadAllBytes(Path.Combine(tmp.Path, "fw.ota"));
        bytes[100] ^= 0x04;
        File.WriteAllBytes(Path.Combine(tmp.Path, "fw.ota"), bytes);
        var show = Run(tmp.Path, "show", "fw.ota");
        Assert.Equal(1, show.Code);
        Assert.Contains("Digest Valid: NO", show.Out, StringComparison.Ordinal);
        Assert.StartsWith("error: ", show.Err, StringComparison.Ordinal);
        Assert.Contains("corrupt", show.Err, StringComparison.Ordinal);
        var extract = Run(tmp.Path, "extract", "fw.ota", "bad.bin");
        Assert.Equal(1, extract.Code);
        Assert.False(File.Exists(Path.Combine(tmp.Path, "bad.bin")));
        Assert.Equal(1, Run(tmp.Path, "change_header", "-vn", "5", "fw.ota", "v5.ota").Code);
        Assert.False(File.Exists(Path.Combine(tmp.Path, "v5.ota")));
    }

    [Theory]
    [InlineData(1, "error: VendorId: the vendor id is 0", "create", "-v", "0", "-p", "1", "-vn", "2", "-vs", "2", "fw.bin", "out.ota")]
    [InlineData(1, "error: MinApplicableVersion: 2 is not below the software version 2", "create", "-v", "1", "-p", "1", "-vn", "2", "-vs", "2", "-mi", "2", "fw.bin", "out.ota")]
    [InlineData(1, "does not exist", "create", "-v", "1", "-p", "1", "-vn", "2", "-vs", "2", "missing.bin", "out.ota")]
    [InlineData(2, "the following arguments are required: -vn/--version, -vs/--version-str", "create", "-v", "1", "-p", "1", "fw.bin", "out.ota")]
    [InlineData(2, "the following arguments are required: output_file", "create", "-v", "1", "-p", "1", "-vn", "2", "-vs", "2", "fw.bin")]
    [InlineData(2, "argument -v/--vendor-id: invalid any_base_int value: '10kb'", "create", "-v", "10kb", "-p", "1", "-vn", "2", "-vs", "2", "fw.bin", "out.ota")]
    [InlineData(2, "argument -v/--vendor-id: 0x10000 is out of range (0x0..0xFFFF).", "create", "-v", "0x10000", "-p", "1", "-vn", "2", "-vs", "2", "fw.bin", "out.ota")]
    [InlineData(2, "argument -da/--digest-algorithm: invalid choice: 'md5'", "create", "-v", "1", "-p", "1", "-vn", "2", "-vs", "2", "-da", "md5", "fw.bin", "out.ota")]
    [InlineData(2, "argument -vs/--version-str: expected one argument", "create", "-v", "1", "-p", "1", "-vn", "2", "-vs")]
    [InlineData(2, "unrecognized arguments: --frobnicate", "create", "--frobnicate", "1")]
    [InlineData(2, "ambiguous option: --ver could match --version, --version-str", "create", "--ver", "1")]
    [InlineData(2, "invalid choice: 'make'", "make")]
    [InlineData(2, "unrecognized arguments: extra", "extract", "a.ota", "b.bin", "extra")]
    [InlineData(1, "is not a Matter OTA image", "show", "fw.bin")]
    public void Bad_command_lines_exit_1_or_2_with_the_reason_and_write_nothing(int code, string text, params string[] args)
    {
        using var tmp = new TempDir();
        File.Copy(OtaVectors.File("payload_a.bin"), Path.Combine(tmp.Path, "fw.bin"));
        var r = Run(tmp.Path, args);
        Assert.Equal(code, r.Code);
        Assert.Contains(text, r.Err, StringComparison.Ordinal);
        Assert.Equal(new[] { "fw.bin" }, Directory.GetFiles(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Argument_files_and_long_option_prefixes_work_as_in_argparse()
    {
        using var tmp = new TempDir();
        File.Copy(OtaVectors.File("payload_a.bin"), Path.Combine(tmp.Path, "fw.bin"));
        File.WriteAllLines(Path.Combine(tmp.Path, "args.txt"), new[] { "--vendor=0xFFF1", "--product-id", "0x8000", "-vn", "1" });
        var r = Run(tmp.Path, "create", "@args.txt", "--version-s", "1.0", "fw.bin", "out.ota");
        Assert.Equal(0, r.Code);
        Assert.Equal(File.ReadAllBytes(OtaVectors.File("minimal_sha256.ota")), File.ReadAllBytes(Path.Combine(tmp.Path, "out.ota")));
        var help = Run(tmp.Path, "create", "-h");
        Assert.Equal(0, help.Code);
        Assert.Contains("-da, --digest-algorithm", help.Out, StringComparison.Ordinal);
    }
}
