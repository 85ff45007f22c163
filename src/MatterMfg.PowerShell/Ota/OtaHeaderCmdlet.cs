using System.Management.Automation;
using MatterMfg.Ota;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Ota;

/// <summary>
/// The optional OTA header parameters New-MatterOtaImage and Set-MatterOtaImage share. An empty value (an empty CSV
/// cell) means the value is not given.
/// </summary>
public abstract class OtaHeaderCmdlet : MatterMfgCmdlet
{
    /// <summary>The pipeline object the values came from; the target of errors about it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Header tag 8: sha256 (the default), sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512, or sha256_128/120/96/64/32; the name or its id. A new algorithm makes Set-MatterOtaImage compute the digest again.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(OtaDigestCompleter))]
    public string? DigestAlgorithm { get; set; }

    /// <summary>Header tag 5: the lowest software version that may update to this image (below SoftwareVersion).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFFFFFF, EmptyMeansNone = true)]
    [Alias("MinApplicableSoftwareVersion")]
    public long? MinApplicableVersion { get; set; }

    /// <summary>Header tag 6: the highest software version that may update to this image (below SoftwareVersion).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFFFFFF, EmptyMeansNone = true)]
    [Alias("MaxApplicableSoftwareVersion")]
    public long? MaxApplicableVersion { get; set; }

    /// <summary>Header tag 7: the release notes URL, 1 to 256 bytes (https expected).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ReleaseNotesUrl { get; set; }

    /// <summary>-DigestAlgorithm parsed, or null when not given.</summary>
    protected OtaDigestAlgorithm? Digest => string.IsNullOrWhiteSpace(DigestAlgorithm) ? null : OtaDigests.Parse(DigestAlgorithm!);

    /// <summary>-ReleaseNotesUrl, or null when not given or empty.</summary>
    protected string? Url => string.IsNullOrEmpty(ReleaseNotesUrl) ? null : ReleaseNotesUrl;
}
