using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>
/// Files a hostile tester passes as a certification declaration: empty, truncated, garbage, other DER objects, damaged
/// CMS envelopes and TLV payloads. Each must give <c>CertificationDeclarationMalformed</c> naming the file, through every
/// front-end. Built from the upstream test CD (kCdForAllExamples, VID 0xFFF1 PIDs 0x8000..0x8063: the test PKI's product).
/// </summary>
public static class BadCertificationDeclarations
{
    public static byte[] Good => File.ReadAllBytes(Repo.Vector("matter", "attestation", "Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der"));

    /// <summary>The good CD with its last byte (inside the ECDSA signature's s) flipped: it decodes, its signature fails.</summary>
    public static byte[] FlippedSignatureByte
    {
        get
        {
            byte[] b = Good;
            b[b.Length - 1] ^= 0x01;
            return b;
        }
    }

    /// <summary>The good CD with one byte of its signed TLV payload (inside the certificate id) flipped.</summary>
    public static byte[] FlippedContentByte
    {
        get
        {
            byte[] b = Good;
            int at = IndexOf(b, Encoding.ASCII.GetBytes("ZIG"));
            b[at + 5] ^= 0x01;
            return b;
        }
    }

    public static readonly IReadOnlyDictionary<string, Func<byte[]>> Cases = new Dictionary<string, Func<byte[]>>
    {
        ["empty"] = () => Array.Empty<byte>(),
        ["one byte"] = () => new byte[] { 0x30 },
        ["header only"] = () => new byte[] { 0x30, 0x82, 0x01, 0x00 },
        ["first 10 bytes"] = () => Good.Take(10).ToArray(),
        ["first half"] = () => Good.Take(Good.Length / 2).ToArray(),
        ["last byte missing"] = () => Good.Take(Good.Length - 1).ToArray(),
        ["trailing garbage"] = () => Good.Concat(new byte[] { 0x00, 0x01 }).ToArray(),
        ["text"] = () => Encoding.ASCII.GetBytes("this is not a certification declaration\n"),
        ["pem certificate"] = () => File.ReadAllBytes(Repo.Vector("matter", "attestation", "Chip-Test-PAI-FFF1-8000-Cert.pem")),
        ["der certificate"] = () => File.ReadAllBytes(Repo.Vector("matter", "attestation", "Chip-Test-PAI-FFF1-8000-Cert.der")),
        ["zeros"] = () => new byte[256],
        ["all ones"] = () => Enumerable.Repeat((byte)0xFF, 256).ToArray(),
        ["absurd length"] = () => new byte[] { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x00 },
        ["indefinite length"] = () => new byte[] { 0x30, 0x80, 0x02, 0x01, 0x03, 0x00, 0x00 },
        ["nested 3000 deep"] = () => Nested(3000),
        ["random bytes"] = () =>
        {
            var r = new Random(1234);
            var b = new byte[400];
            r.NextBytes(b);
            b[0] = 0x30;
            return b;
        },
        ["signed data oid changed"] = () =>
        {
            byte[] b = Good;
            // id-signedData 1.2.840.113549.1.7.2 → .1.7.1 (id-data): the ContentInfo is no longer SignedData
            int at = IndexOf(b, new byte[] { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 });
            b[at + 8] = 0x01;
            return b;
        },
        ["tlv payload garbage"] = () =>
        {
            byte[] b = Good;
            // The payload starts with the anonymous structure 0x15 then format_version 0x24 0x00 0x01: make it an unknown type.
            int at = IndexOf(b, new byte[] { 0x15, 0x24, 0x00, 0x01 });
            b[at] = 0x1F;
            return b;
        },
        ["tlv payload truncated"] = () =>
        {
            byte[] b = Good;
            // format_version becomes a 2-byte uint: every later element shifts, and the structure no longer ends where declared.
            int at = IndexOf(b, new byte[] { 0x15, 0x24, 0x00, 0x01 });
            b[at + 1] = 0x25;
            return b;
        },
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    /// <summary>Writes case <paramref name="name"/> into <paramref name="folder"/> as a file whose name says what it is.</summary>
    public static string Write(string folder, string name)
    {
        string path = Path.Combine(folder, "cd-" + name.Replace(' ', '-') + ".der");
        File.WriteAllBytes(path, Cases[name]());
        return path;
    }

    private static byte[] Nested(int depth)
    {
        // SEQUENCE { SEQUENCE { ... } } with definite lengths, innermost empty.
        byte[] inner = Array.Empty<byte>();
        for (int i = 0; i < depth; i++)
        {
            int n = inner.Length;
            byte[] head = n < 0x80 ? new byte[] { 0x30, (byte)n } : n < 0x100 ? new byte[] { 0x30, 0x81, (byte)n } : n < 0x10000 ? new byte[] { 0x30, 0x82, (byte)(n >> 8), (byte)n } : new byte[] { 0x30, 0x83, (byte)(n >> 16), (byte)(n >> 8), (byte)n };
            inner = head.Concat(inner).ToArray();
        }
        return inner;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        throw new InvalidOperationException("pattern not found in the test CD");
    }
}
