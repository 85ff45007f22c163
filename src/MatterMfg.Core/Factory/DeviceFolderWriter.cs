using System.IO;
using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>
/// Writes one device's files into a hidden temporary folder beside its final folder and renames it into place, so a
/// device folder is either complete or absent (a failed or killed device leaves at most a <c>.*.mfgtmp</c> folder,
/// which the next run removes). Secrets are created owner-only before any byte is written.
/// <para>Each file is created new in the fresh folder and written in one call: no truncation, no buffering. With a
/// manifest (<c>durable</c>) every file is flushed to disk before the folder is renamed, so a device the manifest records
/// as made survives a power cut; without one the files are left to the operating system's write-back, as
/// esp-matter-mfg-tool leaves them (a killed run still leaves no partial folder).</para>
/// </summary>
internal sealed class DeviceFolderWriter
{
    /// <summary>The device's summary and cn_dacs rows, kept in its folder when the run has a manifest (see <see cref="FactoryBatch"/>).</summary>
    public const string SummaryRowFile = "summary-row.csv";

    private static readonly System.Text.Encoding Utf8 = new System.Text.UTF8Encoding(false);

    private readonly FactoryLayout _layout;
    private readonly byte[]? _paiCertificateDer;
    private readonly bool _keepSummaryRow;
    private readonly bool _durable;

    /// <param name="keepSummaryRow">Keep the summary row in the folder (a manifest run) and flush every file to disk before the rename.</param>
    public DeviceFolderWriter(FactoryLayout layout, byte[]? paiCertificateDer, bool keepSummaryRow)
    {
        _layout = layout;
        _paiCertificateDer = paiCertificateDer;
        _keepSummaryRow = keepSummaryRow;
        _durable = keepSummaryRow;
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
                Secret(Tmp(p.Partition), image.Nvs); // holds dac-key (and, plain, everything the keys partition protects)
            }
            if (image.KeysPartition != null)
            {
                Secret(Tmp(p.KeysPartition), image.KeysPartition);
            }
            if (image.QrCode != null)
            {
                Plain(Tmp(p.OnboardingCodes), Utf8.GetBytes(FactoryFiles.OnboardingCodesCsv(image.QrCode, image.ManualCode!, d.Discriminator, d.Passcode!.Value)));
                Plain(Tmp(p.QrCode), image.QrPng!);
            }
            if (image.SecureCert != null)
            {
                Secret(Tmp(p.SecureCert), image.SecureCert);
            }
            Plain(Tmp(p.PartitionCsv), Utf8.GetBytes(FactoryFiles.PartitionCsv(image.Entries)));
            if (d.Credentials is { } c)
            {
                Plain(Tmp(p.DacCertificateDer), c.DacCertificateDer);
                Secret(Tmp(p.DacKeyDer), c.DacKeySec1Der);
                Secret(Tmp(p.DacPrivateKey), c.DacPrivateKey);
                Plain(Tmp(p.DacPublicKey), c.DacPublicKey);
                if (c.DacCertificatePem != null)
                {
                    Plain(Tmp(p.DacCertificatePem), Utf8.GetBytes(c.DacCertificatePem));
                }
                if (c.DacKeyPkcs8Pem != null)
                {
                    Secret(Tmp(p.DacKeyPem), System.Text.Encoding.ASCII.GetBytes(c.DacKeyPkcs8Pem));
                }
                Plain(Tmp(p.PaiCertificate), _paiCertificateDer!);
            }
            if (_keepSummaryRow)
            {
                Secret(Tmp(SummaryRowPath(p)), Utf8.GetBytes(CsvText.Line(new[] { image.SummaryRow, image.CnDacsRow ?? "" }) + "\n"));
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

    /// <summary>A new owner-only file (the permission is part of the create call).</summary>
    private void Secret(string path, byte[] bytes) => IO.OwnerOnlyFile.WriteNew(path, bytes, _durable);

    /// <summary>A new file, unbuffered: one write call.</summary>
    private void Plain(string path, byte[] bytes)
    {
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        fs.Write(bytes, 0, bytes.Length);
        if (_durable)
        {
            fs.Flush(true);
        }
    }
}
