using System.IO;
using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>
/// Writes one device's files into a hidden temporary folder beside its final folder and renames it into place, so a
/// device folder is either complete or absent (a failed or killed device leaves at most a <c>.*.mfgtmp</c> folder,
/// which the next run removes). Secrets are created owner-only before any byte is written.
/// </summary>
internal sealed class DeviceFolderWriter
{
    /// <summary>The device's summary and cn_dacs rows, kept in its folder when the run has a manifest (see <see cref="FactoryBatch"/>).</summary>
    public const string SummaryRowFile = "summary-row.csv";

    private readonly FactoryLayout _layout;
    private readonly byte[]? _paiCertificateDer;
    private readonly bool _keepSummaryRow;

    public DeviceFolderWriter(FactoryLayout layout, byte[]? paiCertificateDer, bool keepSummaryRow)
    {
        _layout = layout;
        _paiCertificateDer = paiCertificateDer;
        _keepSummaryRow = keepSummaryRow;
    }

    public static string SummaryRowPath(DevicePaths p) => Path.Combine(p.Internal, SummaryRowFile);

    public void Write(DeviceImage image)
    {
        var p = image.Paths;
        var d = image.Values;
        if (Directory.Exists(p.Folder) && d.ReplaceExisting)
        {
            Directory.Delete(p.Folder, true);
        }
        if (Directory.Exists(p.Folder))
        {
            throw new MfgException(ErrorIds.DeviceFolderExists, MfgErrorKind.InvalidOperation, $"The device folder '{p.Folder}' already exists.", p.Folder);
        }
        string tmp = Path.Combine(_layout.Root, "." + d.DeviceId + IO.AtomicFile.TempSuffix);
        string Tmp(string path) => p.Relocate(path, tmp);
        try
        {
            if (Directory.Exists(tmp))
            {
                Directory.Delete(tmp, true);
            }
            Directory.CreateDirectory(Path.Combine(tmp, "internal"));
            if (image.Nvs != null)
            {
                WriteSecret(Tmp(p.Partition), image.Nvs); // holds dac-key (and, plain, everything the keys partition protects)
            }
            if (image.KeysPartition != null)
            {
                WriteSecret(Tmp(p.KeysPartition), image.KeysPartition);
            }
            if (image.QrCode != null)
            {
                File.WriteAllText(Tmp(p.OnboardingCodes), FactoryFiles.OnboardingCodesCsv(image.QrCode, image.ManualCode!, d.Discriminator, d.Passcode!.Value));
                File.WriteAllBytes(Tmp(p.QrCode), image.QrPng!);
            }
            if (image.SecureCert != null)
            {
                WriteSecret(Tmp(p.SecureCert), image.SecureCert);
            }
            File.WriteAllText(Tmp(p.PartitionCsv), FactoryFiles.PartitionCsv(image.Entries));
            if (d.Credentials is { } c)
            {
                File.WriteAllBytes(Tmp(p.DacCertificateDer), c.DacCertificateDer);
                WriteSecret(Tmp(p.DacKeyDer), c.DacKeySec1Der);
                WriteSecret(Tmp(p.DacPrivateKey), c.DacPrivateKey);
                File.WriteAllBytes(Tmp(p.DacPublicKey), c.DacPublicKey);
                if (c.DacCertificatePem != null)
                {
                    File.WriteAllText(Tmp(p.DacCertificatePem), c.DacCertificatePem);
                }
                if (c.DacKeyPkcs8Pem != null)
                {
                    WriteSecret(Tmp(p.DacKeyPem), System.Text.Encoding.ASCII.GetBytes(c.DacKeyPkcs8Pem));
                }
                File.WriteAllBytes(Tmp(p.PaiCertificate), _paiCertificateDer!);
            }
            if (_keepSummaryRow)
            {
                WriteSecret(Tmp(SummaryRowPath(p)), System.Text.Encoding.UTF8.GetBytes(CsvText.Line(new[] { image.SummaryRow, image.CnDacsRow ?? "" }) + "\n"));
            }
            Directory.Move(tmp, p.Folder);
        }
        catch
        {
            try
            {
                if (Directory.Exists(tmp))
                {
                    Directory.Delete(tmp, true);
                }
            }
            catch (IOException)
            {
            }
            throw;
        }
    }

    /// <summary>Reads back the summary and cn_dacs rows a manifest run kept in the device folder; null when missing.</summary>
    public static (string Summary, string? CnDacs)? ReadSummaryRow(DevicePaths p)
    {
        string path = SummaryRowPath(p);
        if (!File.Exists(path))
        {
            return null;
        }
        var rows = CsvText.Parse(File.ReadAllText(path), path);
        if (rows.Count < 1 || rows[0].Count < 2)
        {
            return null;
        }
        return (rows[0][0], rows[0][1].Length == 0 ? null : rows[0][1]);
    }

    private static void WriteSecret(string path, byte[] bytes) => IO.OwnerOnlyFile.WriteNew(path, bytes);
}
