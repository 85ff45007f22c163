namespace MatterMfg.Ota;

/// <summary>
/// A Matter OTA image file: its header fields, where its payload lies, whether the payload matches its digest, and what
/// the CSA DCL model-version entry needs (<see cref="OtaFileSize"/>, <see cref="OtaChecksum"/>,
/// <see cref="OtaChecksumType"/>).
/// </summary>
public sealed class OtaImageInfo
{
    internal OtaImageInfo(string path, OtaHeader header, int headerTlvSize, string otaChecksum, string? computedDigest)
    {
        Path = path;
        Header = header;
        HeaderSize = headerTlvSize;
        OtaChecksum = otaChecksum;
        ComputedDigest = computedDigest;
    }

    internal OtaHeader Header { get; }

    /// <summary>The image file.</summary>
    public string Path { get; }

    public ushort VendorId => Header.Fields.VendorId;

    public ushort ProductId => Header.Fields.ProductId;

    public uint SoftwareVersion => Header.Fields.SoftwareVersion;

    public string SoftwareVersionString => Header.Fields.SoftwareVersionString;

    public uint? MinApplicableVersion => Header.Fields.MinApplicableVersion;

    public uint? MaxApplicableVersion => Header.Fields.MaxApplicableVersion;

    public string? ReleaseNotesUrl => Header.Fields.ReleaseNotesUrl;

    /// <summary>The payload digest algorithm (header tag 8).</summary>
    public OtaDigestAlgorithm DigestAlgorithm => Header.Fields.DigestAlgorithm;

    /// <summary>The payload digest the header carries (tag 9), lowercase hex as ota_image_tool.py shows it.</summary>
    public string PayloadDigest => Text.HexText.Lower(Header.Digest);

    /// <summary>The digest of the payload as read now, or null when it was not computed.</summary>
    public string? ComputedDigest { get; }

    /// <summary>True when the payload matches the header's digest; null when it was not checked.</summary>
    public bool? DigestValid => ComputedDigest == null ? null : ComputedDigest == PayloadDigest;

    /// <summary>The payload (firmware) size in bytes (header tag 4).</summary>
    public ulong PayloadSize => Header.PayloadSize;

    /// <summary>The size of the header TLV (the fixed header's third field).</summary>
    public int HeaderSize { get; }

    /// <summary>Where the payload starts in the file: 16 + <see cref="HeaderSize"/>.</summary>
    public long PayloadOffset => OtaHeader.FixedSize + HeaderSize;

    /// <summary>DCL otaFileSize: the size of the whole .ota file in bytes.</summary>
    public ulong OtaFileSize => (ulong)PayloadOffset + PayloadSize;

    /// <summary>DCL otaChecksum: base64 of the SHA-256 of the whole .ota file.</summary>
    public string OtaChecksum { get; }

    /// <summary>DCL otaChecksumType: 1, SHA-256 in the IANA Named Information registry.</summary>
    public int OtaChecksumType => 1;
}
