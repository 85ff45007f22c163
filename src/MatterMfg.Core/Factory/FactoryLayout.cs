using System;
using System.Globalization;
using System.IO;

namespace MatterMfg.Factory;

/// <summary>
/// The reference's output tree: <c>&lt;out&gt;/&lt;vid&gt;_&lt;pid&gt;/</c> (lower-case hex, no padding) with one folder per
/// device, <c>staging/</c>, and the timestamped <c>cn_dacs-*.csv</c> and <c>summary-*.csv</c>.
/// </summary>
public sealed class FactoryLayout
{
    public FactoryLayout(string outputDirectory, int vendorId, int productId)
    {
        Root = Path.Combine(Path.GetFullPath(outputDirectory), VidPid(vendorId, productId));
    }

    /// <summary><c>&lt;out&gt;/&lt;vid&gt;_&lt;pid&gt;</c>.</summary>
    public string Root { get; }

    public string Staging => Path.Combine(Root, "staging");

    /// <summary>The PAI as DER, referenced by every device's partition.csv.</summary>
    public string StagingPaiCertificate => Path.Combine(Staging, "pai_cert.der");

    /// <summary>Where a run that uses the test PKI's certification declaration keeps it (no -cd given).</summary>
    public string StagingCertificationDeclaration => Path.Combine(Staging, "cert_dclrn.der");

    public static string VidPid(int vendorId, int productId) =>
        vendorId.ToString("x", CultureInfo.InvariantCulture) + "_" + productId.ToString("x", CultureInfo.InvariantCulture);

    public DevicePaths Device(string deviceId) => new(Path.Combine(Root, deviceId), deviceId);

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="baseDirectory"/> (Python's <c>os.path.relpath</c>), or the
    /// absolute path when they are on different drives (where the reference crashes).
    /// </summary>
    public static string RelativePath(string baseDirectory, string path)
    {
        bool windows = Path.DirectorySeparatorChar == '\\';
        var cmp = windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string full = Path.GetFullPath(path), from = Path.GetFullPath(baseDirectory);
        if (!string.Equals(Path.GetPathRoot(full), Path.GetPathRoot(from), cmp))
        {
            return full;
        }
        char[] seps = { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };
        string[] a = from.Split(seps, StringSplitOptions.RemoveEmptyEntries), b = full.Split(seps, StringSplitOptions.RemoveEmptyEntries);
        int common = 0;
        while (common < a.Length && common < b.Length && string.Equals(a[common], b[common], cmp))
        {
            common++;
        }
        var parts = new System.Collections.Generic.List<string>();
        for (int i = common; i < a.Length; i++)
        {
            parts.Add("..");
        }
        for (int i = common; i < b.Length; i++)
        {
            parts.Add(b[i]);
        }
        return parts.Count == 0 ? "." : string.Join(Path.DirectorySeparatorChar.ToString(), parts);
    }

    /// <summary><c>summary-YYYY-MM-DD-HH-MM-SS.csv</c> (local time).</summary>
    public string SummaryPath(DateTime localTime) =>
        Path.Combine(Root, "summary-" + localTime.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture) + ".csv");

    /// <summary><c>cn_dacs-YYYY-MM-DD-HH-MM-SS-ffffff.csv</c> (local time).</summary>
    public string CnDacsPath(DateTime localTime) =>
        Path.Combine(Root, "cn_dacs-" + localTime.ToString("yyyy-MM-dd-HH-mm-ss-ffffff", CultureInfo.InvariantCulture) + ".csv");
}

/// <summary>The files of one device folder, named as the reference names them.</summary>
public sealed class DevicePaths
{
    public DevicePaths(string folder, string deviceId)
    {
        Folder = folder;
        DeviceId = deviceId;
    }

    public string Folder { get; }

    public string DeviceId { get; }

    public string Internal => Path.Combine(Folder, "internal");

    public string Partition => Path.Combine(Folder, DeviceId + "-partition.bin");

    public string KeysPartition => Path.Combine(Folder, DeviceId + "-keys-partition.bin");

    public string OnboardingCodes => Path.Combine(Folder, DeviceId + "-onb_codes.csv");

    public string QrCode => Path.Combine(Folder, DeviceId + "-qrcode.png");

    public string SecureCert => Path.Combine(Folder, DeviceId + "_esp_secure_cert.bin");

    public string PartitionCsv => Path.Combine(Internal, "partition.csv");

    public string DacCertificateDer => Path.Combine(Internal, "DAC_cert.der");

    public string DacCertificatePem => Path.Combine(Internal, "DAC_cert.pem");

    public string DacKeyDer => Path.Combine(Internal, "DAC_key.der");

    public string DacKeyPem => Path.Combine(Internal, "DAC_key.pem");

    public string DacPrivateKey => Path.Combine(Internal, "DAC_private_key.bin");

    public string DacPublicKey => Path.Combine(Internal, "DAC_public_key.bin");

    public string PaiCertificate => Path.Combine(Internal, "PAI_cert.der");

    /// <summary>The same file under another device folder (used to build a device in a temporary folder).</summary>
    public string Relocate(string path, string otherFolder) => Path.Combine(otherFolder, path.Substring(Folder.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
}
