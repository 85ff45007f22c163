using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;
using MatterMfg.IO;

namespace MatterMfg.Ota;

/// <summary>
/// Creates, inspects, unpacks and re-headers Matter OTA image files, as connectedhomeip's ota_image_tool.py does
/// (create, show, extract, change_header). Payloads are streamed in 64 KiB pieces and never held in memory: a first
/// pass computes the size and digest the header needs, a second copies the payload behind the header into a temporary
/// file that replaces the target only when complete (<see cref="AtomicFile"/>). The second pass digests the payload
/// again, so a payload that changed between the passes is an error rather than an image whose header lies.
/// </summary>
public static class OtaImageFile
{
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Writes <paramref name="outFile"/>: the header for <paramref name="fields"/> followed by the payload files
    /// concatenated in order. Rule violations throw before anything is written; <paramref name="warning"/> gets the
    /// warnings (release notes URL not https, digest under 256 bits).
    /// </summary>
    public static OtaImageInfo Create(IReadOnlyList<string> payloadPaths, string outFile, OtaHeaderFields fields, Action<string>? warning = null)
    {
        foreach (string w in fields.Validate())
        {
            warning?.Invoke(w);
        }
        if (payloadPaths.Count == 0)
        {
            throw new MfgException(ErrorIds.OtaPayloadRequired, MfgErrorKind.InvalidArgument, "Path: give at least one payload file.", "Path");
        }
        var files = payloadPaths.Select(Path.GetFullPath).ToList();
        foreach (string f in files.Where(f => !File.Exists(f)))
        {
            throw new MfgException(ErrorIds.OtaPayloadNotFound, MfgErrorKind.ObjectNotFound, $"The payload file '{f}' does not exist.", f);
        }
        ulong size = 0;
        byte[] digest;
        using (var h = OtaDigests.CreateHasher(fields.DigestAlgorithm))
        {
            var buffer = new byte[BufferSize];
            foreach (string f in files)
            {
                using var fs = OpenRead(f);
                size += Pump(fs, ulong.MaxValue, buffer, (b, n) => h.Update(b, 0, n));
            }
            digest = h.Finish();
        }
        if (size == 0)
        {
            throw new MfgException(ErrorIds.OtaPayloadEmpty, MfgErrorKind.InvalidArgument,
                $"The payload ({string.Join(", ", files.Select(f => "'" + f + "'"))}) is empty: a 0-byte firmware means the build failed.", files[0]);
        }
        var header = new OtaHeader(fields, size, digest);
        return Write(outFile, header, files.Select(f => (f, 0L, ulong.MaxValue)).ToList());
    }

    /// <summary>
    /// Reads the header of <paramref name="path"/> and digests its payload: <see cref="OtaImageInfo.DigestValid"/> says
    /// whether it matches. A file that is not a complete, well-formed OTA image throws, naming the offset.
    /// </summary>
    public static OtaImageInfo Inspect(string path)
    {
        string full = Path.GetFullPath(path);
        using var fs = OpenImage(full);
        return ReadPayload(fs, full, null);
    }

    /// <summary>
    /// Writes the payload of <paramref name="path"/> without its header to <paramref name="outFile"/> (ota_image_tool.py
    /// extract). A payload that does not match its digest throws <see cref="ErrorIds.OtaDigestMismatch"/> and no file is
    /// left.
    /// </summary>
    public static OtaImageInfo ExtractPayload(string path, string outFile)
    {
        string full = Path.GetFullPath(path);
        OtaImageInfo? info = null;
        using (var fs = OpenImage(full))
        {
            AtomicFile.Write(outFile, s =>
            {
                info = ReadPayload(fs, full, s);
                if (info.DigestValid != true)
                {
                    throw DigestMismatch(info);
                }
            });
        }
        return info!;
    }

    /// <summary>Reads the header, then digests the payload (copying it to <paramref name="copyTo"/> when given) and the whole file.</summary>
    private static OtaImageInfo ReadPayload(FileStream fs, string path, Stream? copyTo)
    {
        var (header, tlvSize, headerBytes) = ReadHeader(fs, path);
        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var h = OtaDigests.CreateHasher(header.Fields.DigestAlgorithm);
        fileHash.AppendData(headerBytes);
        Pump(fs, header.PayloadSize, new byte[BufferSize], (b, n) =>
        {
            copyTo?.Write(b, 0, n);
            fileHash.AppendData(b, 0, n);
            h.Update(b, 0, n);
        });
        return new OtaImageInfo(path, header, tlvSize, Convert.ToBase64String(fileHash.GetHashAndReset()), Text.HexText.Lower(h.Finish()));
    }

    /// <summary>
    /// Writes a copy of <paramref name="path"/> with the header fields in <paramref name="changes"/> replaced
    /// (ota_image_tool.py change_header; <paramref name="outFile"/> may be <paramref name="path"/> itself). The new
    /// header is checked against the same rules as a new image. The payload must match its digest; with a new
    /// digest algorithm the digest is computed again (ota_image_tool.py would keep the old digest under the new type).
    /// </summary>
    public static OtaImageInfo ChangeHeader(string path, string outFile, OtaHeaderChanges changes, Action<string>? warning = null)
    {
        string full = Path.GetFullPath(path);
        OtaHeader old;
        int oldTlvSize;
        using (var fs = OpenImage(full))
        {
            (old, oldTlvSize, _) = ReadHeader(fs, full);
        }
        var fields = changes.ApplyTo(old.Fields);
        foreach (string w in fields.Validate())
        {
            warning?.Invoke(w);
        }
        long payloadOffset = OtaHeader.FixedSize + oldTlvSize;
        byte[] digest = old.Digest;
        using (var fs = OpenImage(full))
        {
            fs.Position = payloadOffset;
            using var oldHash = OtaDigests.CreateHasher(old.Fields.DigestAlgorithm);
            using var newHash = OtaDigests.CreateHasher(fields.DigestAlgorithm);
            bool again = fields.DigestAlgorithm != old.Fields.DigestAlgorithm;
            Pump(fs, old.PayloadSize, new byte[BufferSize], (b, n) =>
            {
                oldHash.Update(b, 0, n);
                if (again)
                {
                    newHash.Update(b, 0, n);
                }
            });
            var current = new OtaImageInfo(full, old, oldTlvSize, "", Text.HexText.Lower(oldHash.Finish()));
            if (current.DigestValid != true)
            {
                throw DigestMismatch(current);
            }
            if (again)
            {
                digest = newHash.Finish();
            }
        }
        return Write(outFile, new OtaHeader(fields, old.PayloadSize, digest), new List<(string, long, ulong)> { (full, payloadOffset, old.PayloadSize) });
    }

    /// <summary>The error for an image whose payload does not match its header's digest.</summary>
    public static MfgException DigestMismatch(OtaImageInfo image) =>
        new(ErrorIds.OtaDigestMismatch, MfgErrorKind.InvalidData,
            $"'{image.Path}': the payload ({image.PayloadSize} bytes from offset {image.PayloadOffset}) has {OtaDigests.Name(image.DigestAlgorithm)} digest {image.ComputedDigest}, "
            + $"but the header gives {image.PayloadDigest}: the firmware is corrupt or was altered.", image.Path);

    /// <summary>Second pass: header, then the payload pieces, digested again and checked against the header.</summary>
    private static OtaImageInfo Write(string outFile, OtaHeader header, IReadOnlyList<(string Path, long Offset, ulong Count)> pieces)
    {
        string full = Path.GetFullPath(outFile);
        byte[] head = header.Encode();
        string checksum = "";
        AtomicFile.Write(full, s =>
        {
            using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var h = OtaDigests.CreateHasher(header.Fields.DigestAlgorithm);
            s.Write(head, 0, head.Length);
            fileHash.AppendData(head);
            ulong size = 0;
            var buffer = new byte[BufferSize];
            foreach (var (path, offset, count) in pieces)
            {
                using var fs = OpenRead(path);
                fs.Position = offset;
                size += Pump(fs, count, buffer, (b, n) =>
                {
                    s.Write(b, 0, n);
                    fileHash.AppendData(b, 0, n);
                    h.Update(b, 0, n);
                });
            }
            if (size != header.PayloadSize || !h.Finish().SequenceEqual(header.Digest))
            {
                throw new MfgException(ErrorIds.OtaPayloadChanged, MfgErrorKind.InvalidOperation,
                    $"The payload ({string.Join(", ", pieces.Select(p => "'" + p.Path + "'").Distinct())}) changed while '{full}' was written; nothing was written.", pieces[0].Path);
            }
            checksum = Convert.ToBase64String(fileHash.GetHashAndReset());
        });
        return new OtaImageInfo(full, header, head.Length - OtaHeader.FixedSize, checksum, Text.HexText.Lower(header.Digest));
    }

    /// <summary>Reads and checks the fixed header and the header TLV; leaves <paramref name="fs"/> at the payload.</summary>
    private static (OtaHeader Header, int TlvSize, byte[] HeaderBytes) ReadHeader(FileStream fs, string path)
    {
        long length = fs.Length;
        byte[] fixedPart = new byte[OtaHeader.FixedSize];
        int got = ReadFully(fs, fixedPart, 0, fixedPart.Length);
        if (got >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != OtaHeader.Magic)
        {
            throw new MfgException(ErrorIds.OtaNotAnImage, MfgErrorKind.InvalidData,
                $"'{path}' is not a Matter OTA image: it starts with 0x{BinaryPrimitives.ReadUInt32LittleEndian(fixedPart):X8} at offset 0, not the magic 0x{OtaHeader.Magic:X8}.", path);
        }
        if (got < OtaHeader.FixedSize)
        {
            throw Truncated(path, $"the file ends at offset {length}, inside the {OtaHeader.FixedSize}-byte fixed header.");
        }
        ulong total = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart.AsSpan(4));
        uint tlvSize = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(12));
        if (OtaHeader.FixedSize + (ulong)tlvSize > (ulong)length)
        {
            throw Truncated(path, $"the header TLV ({tlvSize} bytes from offset {OtaHeader.FixedSize}, as the size at offset 12 gives) runs past the end of the file at offset {length}.");
        }
        if (total < OtaHeader.FixedSize + (ulong)tlvSize)
        {
            throw OtaHeader.Bad(path, $"the total size at offset 4 ({total}) is smaller than the header ({OtaHeader.FixedSize + tlvSize} bytes).");
        }
        if (total > (ulong)length)
        {
            throw Truncated(path, $"the total size at offset 4 is {total} bytes, but the file ends at offset {length}.");
        }
        if (total < (ulong)length)
        {
            throw new MfgException(ErrorIds.OtaImageTrailingData, MfgErrorKind.InvalidData,
                $"'{path}': {(ulong)length - total} bytes follow the end of the image at offset {total} (the total size at offset 4).", path);
        }
        byte[] headerBytes = new byte[OtaHeader.FixedSize + tlvSize];
        Buffer.BlockCopy(fixedPart, 0, headerBytes, 0, OtaHeader.FixedSize);
        ReadFully(fs, headerBytes, OtaHeader.FixedSize, (int)tlvSize);
        byte[] tlv = new byte[tlvSize];
        Buffer.BlockCopy(headerBytes, OtaHeader.FixedSize, tlv, 0, tlv.Length);
        var header = OtaHeader.DecodeTlv(tlv, OtaHeader.FixedSize, path);
        ulong payloadOffset = (ulong)headerBytes.Length;
        if (header.PayloadSize != total - payloadOffset)
        {
            throw new MfgException(ErrorIds.OtaPayloadSizeMismatch, MfgErrorKind.InvalidData,
                $"'{path}': the header gives a payload of {header.PayloadSize} bytes (tag 4), but {total - payloadOffset} bytes follow the header from offset {payloadOffset}.", path);
        }
        return (header, (int)tlvSize, headerBytes);
    }

    private static MfgException Truncated(string path, string reason) =>
        new(ErrorIds.OtaImageTruncated, MfgErrorKind.InvalidData, $"'{path}' is truncated: {reason}", path);

    private static FileStream OpenImage(string path)
    {
        if (!File.Exists(path))
        {
            throw new MfgException(ErrorIds.OtaImageNotFound, MfgErrorKind.ObjectNotFound, $"The OTA image '{path}' does not exist.", path);
        }
        return OpenRead(path);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);

    /// <summary>Reads up to <paramref name="count"/> bytes (to the end of the stream) through <paramref name="sink"/>; returns how many.</summary>
    private static ulong Pump(Stream source, ulong count, byte[] buffer, Action<byte[], int> sink)
    {
        ulong done = 0;
        while (done < count)
        {
            int n = source.Read(buffer, 0, (int)Math.Min((ulong)buffer.Length, count - done));
            if (n == 0)
            {
                break;
            }
            sink(buffer, n);
            done += (ulong)n;
        }
        return done;
    }

    private static int ReadFully(Stream s, byte[] buffer, int offset, int count)
    {
        int done = 0;
        while (done < count)
        {
            int n = s.Read(buffer, offset + done, count - done);
            if (n == 0)
            {
                break;
            }
            done += n;
        }
        return done;
    }
}
