using System.Collections.Generic;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.Ota;

/// <summary>
/// What a person chooses for a Matter OTA image header: everything but the payload size and digest, which come from the
/// payload. Types are the Matter spec's (vendor and product id uint16, versions uint32).
/// </summary>
public sealed class OtaHeaderFields
{
    /// <summary>Tag 0: vendor id (not 0).</summary>
    public ushort VendorId { get; set; }

    /// <summary>Tag 1: product id (not 0).</summary>
    public ushort ProductId { get; set; }

    /// <summary>Tag 2: the image's software version (numeric).</summary>
    public uint SoftwareVersion { get; set; }

    /// <summary>Tag 3: the software version as text, 1..64 UTF-8 bytes.</summary>
    public string SoftwareVersionString { get; set; } = "";

    /// <summary>Tag 5: the lowest version that may update to this image (below <see cref="SoftwareVersion"/>), or none.</summary>
    public uint? MinApplicableVersion { get; set; }

    /// <summary>Tag 6: the highest version that may update to this image (below <see cref="SoftwareVersion"/>), or none.</summary>
    public uint? MaxApplicableVersion { get; set; }

    /// <summary>Tag 7: release notes URL, 1..256 UTF-8 bytes, or none.</summary>
    public string? ReleaseNotesUrl { get; set; }

    /// <summary>Tag 8: the payload digest algorithm.</summary>
    public OtaDigestAlgorithm DigestAlgorithm { get; set; } = OtaDigestAlgorithm.Sha256;

    /// <summary>A copy to change.</summary>
    public OtaHeaderFields Clone() => (OtaHeaderFields)MemberwiseClone();

    /// <summary>
    /// ota_image_tool.py's rules, in its order. Throws <see cref="MfgException"/> for the first broken rule; returns
    /// the warnings (a release notes URL that is not https, a digest under 256 bits).
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        if (VendorId == 0)
        {
            throw Invalid(ErrorIds.OtaVendorIdZero, nameof(VendorId), "VendorId: the vendor id is 0; give the vendor id the firmware is for.");
        }
        if (ProductId == 0)
        {
            throw Invalid(ErrorIds.OtaProductIdZero, nameof(ProductId), "ProductId: the product id is 0; give the product id the firmware is for.");
        }
        int versionBytes = Encoding.UTF8.GetByteCount(SoftwareVersionString ?? "");
        if (versionBytes < 1 || versionBytes > 64)
        {
            throw Invalid(ErrorIds.OtaVersionStringLength, nameof(SoftwareVersionString),
                $"SoftwareVersionString: '{SoftwareVersionString}' is {versionBytes} bytes long; it must be 1 to 64 bytes (UTF-8).");
        }
        if (MinApplicableVersion >= SoftwareVersion)
        {
            throw Invalid(ErrorIds.OtaMinVersionNotBelowVersion, nameof(MinApplicableVersion),
                $"MinApplicableVersion: {MinApplicableVersion} is not below the software version {SoftwareVersion}; an image applies only to older versions.");
        }
        if (MaxApplicableVersion >= SoftwareVersion)
        {
            throw Invalid(ErrorIds.OtaMaxVersionNotBelowVersion, nameof(MaxApplicableVersion),
                $"MaxApplicableVersion: {MaxApplicableVersion} is not below the software version {SoftwareVersion}; an image applies only to older versions.");
        }
        if (MinApplicableVersion > MaxApplicableVersion)
        {
            throw Invalid(ErrorIds.OtaMinVersionAboveMaxVersion, nameof(MinApplicableVersion),
                $"MinApplicableVersion: {MinApplicableVersion} is greater than MaxApplicableVersion {MaxApplicableVersion}.");
        }
        var warnings = new List<string>();
        if (ReleaseNotesUrl != null)
        {
            int urlBytes = Encoding.UTF8.GetByteCount(ReleaseNotesUrl);
            if (urlBytes < 1 || urlBytes > 256)
            {
                throw Invalid(ErrorIds.OtaReleaseNotesUrlLength, nameof(ReleaseNotesUrl),
                    $"ReleaseNotesUrl: the URL is {urlBytes} bytes long; it must be 1 to 256 bytes (UTF-8).");
            }
            if (!ReleaseNotesUrl.StartsWith("https://", System.StringComparison.Ordinal))
            {
                warnings.Add($"ReleaseNotesUrl '{ReleaseNotesUrl}' does not start with \"https://\".");
            }
        }
        if (!OtaDigests.IsDefined((ulong)DigestAlgorithm))
        {
            throw OtaDigests.Unknown(((int)DigestAlgorithm).ToString(System.Globalization.CultureInfo.InvariantCulture), nameof(DigestAlgorithm));
        }
        if (OtaDigests.Length(DigestAlgorithm) < 32)
        {
            warnings.Add($"DigestAlgorithm {OtaDigests.Name(DigestAlgorithm)}: a digest under 256 bits is not recommended.");
        }
        return warnings;
    }

    private static MfgException Invalid(string errorId, string field, string message) =>
        new(errorId, MfgErrorKind.InvalidArgument, message, field);
}

/// <summary>
/// The header fields to change in an existing image (ota_image_tool.py's change_header): each one given replaces the
/// image's value; the rest stay.
/// </summary>
public sealed class OtaHeaderChanges
{
    public ushort? VendorId { get; set; }

    public ushort? ProductId { get; set; }

    public uint? SoftwareVersion { get; set; }

    public string? SoftwareVersionString { get; set; }

    public uint? MinApplicableVersion { get; set; }

    public uint? MaxApplicableVersion { get; set; }

    public string? ReleaseNotesUrl { get; set; }

    /// <summary>A new digest algorithm: the payload digest is computed again with it.</summary>
    public OtaDigestAlgorithm? DigestAlgorithm { get; set; }

    /// <summary>The fields of <paramref name="current"/> with these changes applied.</summary>
    public OtaHeaderFields ApplyTo(OtaHeaderFields current)
    {
        var f = current.Clone();
        f.VendorId = VendorId ?? f.VendorId;
        f.ProductId = ProductId ?? f.ProductId;
        f.SoftwareVersion = SoftwareVersion ?? f.SoftwareVersion;
        f.SoftwareVersionString = SoftwareVersionString ?? f.SoftwareVersionString;
        f.MinApplicableVersion = MinApplicableVersion ?? f.MinApplicableVersion;
        f.MaxApplicableVersion = MaxApplicableVersion ?? f.MaxApplicableVersion;
        f.ReleaseNotesUrl = ReleaseNotesUrl ?? f.ReleaseNotesUrl;
        f.DigestAlgorithm = DigestAlgorithm ?? f.DigestAlgorithm;
        return f;
    }
}
