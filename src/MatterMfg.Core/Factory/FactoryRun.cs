using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MatterMfg.Diagnostics;
using MatterMfg.SecureCert;
using MatterMfg.Text;

namespace MatterMfg.Factory;

/// <summary>CPU time spent per stage over a run, summed over all devices (ticks of <see cref="Stopwatch"/>).</summary>
public sealed class FactoryStageTimes
{
    internal long[] Ticks = new long[Names.Length];

    public static readonly string[] Names = { "values", "verifier", "dac", "nvs", "secure-cert", "onboarding", "write" };

    /// <summary>Milliseconds per stage.</summary>
    public IReadOnlyDictionary<string, double> Milliseconds =>
        Names.Select((n, i) => (n, ms: Ticks[i] * 1000.0 / Stopwatch.Frequency)).ToDictionary(x => x.n, x => x.ms);
}

/// <summary>
/// One factory run: everything esp-matter-mfg-tool does for a batch, device by device. <see cref="Start"/> checks
/// the shared setup (options, key schema, per-device CSV, certificates) and throws before anything is written;
/// <see cref="Submit"/> takes devices in input order and returns finished ones in the same order (generated in parallel
/// batches); <see cref="Complete"/> publishes the run's summary and cn_dacs CSVs. Each device is built in a hidden
/// temporary folder and renamed into place, so a failed or interrupted device leaves nothing behind.
/// </summary>
public sealed class FactoryRun : IDisposable
{
    private readonly FactoryOptions _o;
    private readonly IFactoryEngine _engine;
    private readonly IFactoryDeviceSink? _sink;
    private readonly FactorySchema _schema;
    private readonly IAttestationSource? _attestation;
    private readonly FactorySharedFiles _shared;
    private readonly List<(DeviceInput Input, int Index)> _pending = new();
    private readonly StreamedTextFile _summary;
    private readonly StreamedTextFile _cnDacs;
    private readonly StreamedTextFile _master;
    private readonly int _batch;
    private int _next;
    private bool _completed;
    private IO.FileLock? _outputLock;

    private FactoryRun(FactoryOptions o, IFactoryEngine engine, IFactoryDeviceSink? sink, IReadOnlyList<ExtraKeyDeclaration>? rowKeys)
    {
        _o = o;
        _engine = engine;
        _sink = sink;
        FactoryValidation.Validate(o);
        IReadOnlyList<ExtraKeyDeclaration> extra = rowKeys ?? Array.Empty<ExtraKeyDeclaration>();
        if (o.ExtraKeyCsvPath != null)
        {
            extra = ExtraKeyCsv.ParseSchema(ReadText(o.ExtraKeyCsvPath, "--csv"), o.ExtraKeyCsvPath);
            var rows = ExtraKeyCsv.ParseValues(ReadText(o.PerDeviceCsvPath!, "--mcsv"), o.PerDeviceCsvPath!, extra);
            PerDeviceRows = rows.Select((r, i) => new DeviceInput { RowNumber = i + 1, Extra = r }).ToList();
        }
        if (o.Attestation != AttestationMode.None)
        {
            _attestation = engine.OpenAttestation(o);
        }
        byte[]? defaultCd = o.CertificationDeclarationPath == null ? _attestation?.DefaultCertificationDeclaration : null;
        _schema = FactorySchema.Create(o, extra, defaultCd != null);
        Layout = new FactoryLayout(o.Resolve(o.OutputDirectory), o.VendorId, o.ProductId);
        _shared = new FactorySharedFiles
        {
            PaiCertificateDer = _attestation?.PaiCertificateDer,
            PaiCertificatePath = Layout.StagingPaiCertificate,
            ReadFile = p => File.ReadAllBytes(o.Resolve(p)),
        };
        if (o.CertificationDeclarationPath != null)
        {
            string cd = o.Resolve(o.CertificationDeclarationPath);
            _shared.CertificationDeclaration = ReadBytes(o.CertificationDeclarationPath, "--cert-dclrn");
            CheckCertificationDeclaration(_shared.CertificationDeclaration, cd, o);
            _shared.CertificationDeclarationPath = FactoryLayout.RelativePath(o.WorkingDirectory, cd);
        }
        else if (defaultCd != null)
        {
            // The test PKI's CD, written to staging (below) so that partition.csv names a real file, as with -cd.
            _shared.CertificationDeclaration = defaultCd;
            _shared.CertificationDeclarationPath = Layout.StagingCertificationDeclaration;
        }
        _batch = Math.Max(1, o.ThrottleLimit) * 8;

        IO.WritablePath.CheckFolder("--outdir", Layout.Root);

        // Setup is good: now the output tree, which only one run at a time may write.
        _outputLock = IO.FileLock.TryAcquire(Path.Combine(Layout.Root, LockFileName))
            ?? throw new MfgException(ErrorIds.OutputFolderInUse, MfgErrorKind.ResourceBusy,
                $"Another MatterMfg run is writing to '{Layout.Root}' (lock file '{LockFileName}'). Wait for it to finish, or choose another output folder.", Layout.Root);
        RemoveLeftovers(Layout.Root);
        Directory.CreateDirectory(Layout.Staging);
        RemoveLeftovers(Layout.Staging);
        IO.AtomicFile.WriteAllText(Path.Combine(Layout.Staging, "config.csv"), FactoryFiles.ConfigCsv(_schema));
        if (_attestation != null)
        {
            IO.AtomicFile.WriteAllBytes(Layout.StagingPaiCertificate, _attestation.PaiCertificateDer);
            if (defaultCd != null)
            {
                IO.AtomicFile.WriteAllBytes(Layout.StagingCertificationDeclaration, defaultCd);
            }
            if (_attestation.GeneratedPaiPem != null)
            {
                IO.AtomicFile.WriteAllText(Path.Combine(Layout.Staging, "pai_cert.pem"), _attestation.GeneratedPaiPem);
                IO.AtomicFile.WriteAllText(Path.Combine(Layout.Staging, "pai_key.pem"), _attestation.GeneratedPaiKeyPem ?? "", secret: true);
            }
        }
        DateTime now = DateTime.Now;
        _master = new StreamedTextFile(Path.Combine(Layout.Staging, "master.csv"), "\n");
        _master.WriteLine(CsvText.Line(_schema.Keys.Select(k => k.Key)));
        _summary = new StreamedTextFile(Layout.SummaryPath(now), "\r\n");
        _summary.WriteLine(FactoryFiles.SummaryHeader(_schema, o));
        _cnDacs = new StreamedTextFile(Layout.CnDacsPath(now), "\r\n");
        _cnDacs.WriteLine(FactoryFiles.CnDacsHeader);
    }

    /// <summary>
    /// A CD that does not decode, or does not list this run's VID and PID, would make every device fail attestation:
    /// refuse it before any device is made (the reference stores it unchecked).
    /// </summary>
    private static void CheckCertificationDeclaration(byte[] der, string path, FactoryOptions o)
    {
        var cd = Attestation.CertificationDeclaration.Decode(der, path);
        if (!cd.Covers((ushort)o.VendorId, (ushort)o.ProductId))
        {
            throw new MfgException(ErrorIds.CertificationDeclarationMismatch, MfgErrorKind.InvalidArgument,
                $"--cert-dclrn: the certification declaration '{path}' is for VID 0x{cd.VendorId:X4} PID(s) {string.Join(", ", cd.ProductIds.Select(x => "0x" + x.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}, not VID 0x{o.VendorId:X4} PID 0x{o.ProductId:X4}: every device would fail attestation.", path);
        }
    }

    /// <summary>The lock file in <c>&lt;out&gt;/&lt;vid&gt;_&lt;pid&gt;</c> held while a run writes there.</summary>
    public const string LockFileName = ".mattermfg.lock";

    /// <summary>Deletes the hidden temporary files and folders (<c>.*.mfgtmp</c>) a killed run left behind. Called under the output lock.</summary>
    private static void RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (string dir in Directory.GetDirectories(folder, ".*" + IO.AtomicFile.TempSuffix))
        {
            Directory.Delete(dir, true);
        }
        foreach (string file in Directory.GetFiles(folder, ".*" + IO.AtomicFile.TempSuffix))
        {
            File.Delete(file);
        }
    }

    /// <summary>Checks the setup and prepares the output tree; throws <see cref="MfgException"/> before writing anything if the setup is wrong.</summary>
    /// <param name="rowKeys">Extra keys whose values come with each <see cref="DeviceInput"/> (pipeline columns) instead of a per-device CSV.</param>
    public static FactoryRun Start(FactoryOptions options, IFactoryEngine engine, IFactoryDeviceSink? sink = null, IReadOnlyList<ExtraKeyDeclaration>? rowKeys = null) =>
        new(options, engine, sink, rowKeys);

    public FactoryLayout Layout { get; }

    public FactorySchema Schema => _schema;

    /// <summary>The per-device CSV's records as inputs (null without <c>--mcsv</c>): its row count is the device count.</summary>
    public IReadOnlyList<DeviceInput>? PerDeviceRows { get; }

    public FactoryStageTimes Times { get; } = new();

    public string SummaryPath => _summary.FilePath;

    public string CnDacsPath => _cnDacs.FilePath;

    public int Succeeded { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Queues a device; returns the devices finished so far, in input order.</summary>
    public IReadOnlyList<FactoryDeviceResult> Submit(DeviceInput input, CancellationToken cancel = default)
    {
        _pending.Add((input, _next++));
        return _pending.Count >= _batch ? Flush(cancel) : Array.Empty<FactoryDeviceResult>();
    }

    /// <summary>Generates every queued device (in parallel) and returns them in input order.</summary>
    public IReadOnlyList<FactoryDeviceResult> Flush(CancellationToken cancel = default)
    {
        var work = _pending.ToArray();
        _pending.Clear();
        var results = new FactoryDeviceResult[work.Length];
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _o.ThrottleLimit), CancellationToken = cancel };
        try
        {
            Parallel.For(0, work.Length, po, i => results[i] = GenerateSafe(work[i].Input, work[i].Index, cancel));
        }
        catch (OperationCanceledException)
        {
        }
        var done = new List<FactoryDeviceResult>(work.Length);
        foreach (var r in results)
        {
            if (r == null)
            {
                break; // cancelled: nothing after the first unfinished device is reported
            }
            if (r.Error == null)
            {
                Succeeded++;
                _master.WriteLine(r.MasterRow!);
                _summary.WriteLine(r.SummaryRow!);
                if (r.CnDacsRow != null)
                {
                    _cnDacs.WriteLine(r.CnDacsRow);
                }
            }
            else
            {
                Failed++;
            }
            _sink?.DeviceFinished(r);
            done.Add(r);
        }
        return done;
    }

    /// <summary>Generates what is queued and publishes summary-*.csv, cn_dacs-*.csv and staging/master.csv.</summary>
    public IReadOnlyList<FactoryDeviceResult> Complete(CancellationToken cancel = default)
    {
        var rest = Flush(cancel);
        _master.Commit();
        _summary.Commit();
        _cnDacs.Commit();
        _completed = true;
        return rest;
    }

    public void Dispose()
    {
        if (!_completed)
        {
            // Interrupted: publish what was finished, so the devices on disk are listed.
            _master.Commit();
            _summary.Commit();
            _cnDacs.Commit();
            _completed = true;
        }
        _master.Dispose();
        _summary.Dispose();
        _cnDacs.Dispose();
        _outputLock?.Dispose();
        _outputLock = null;
    }

    private FactoryDeviceResult GenerateSafe(DeviceInput input, int index, CancellationToken cancel)
    {
        try
        {
            cancel.ThrowIfCancellationRequested();
            return Generate(input, index);
        }
        catch (MfgException e)
        {
            return new FactoryDeviceResult { Index = index, RowNumber = Row(input, index), Error = e, VendorId = _o.VendorId, ProductId = _o.ProductId };
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            var err = MfgException.FileError($"Row {Row(input, index)}: writing the device's files failed", null, e, writing: true, target: $"row {Row(input, index)}");
            return new FactoryDeviceResult { Index = index, RowNumber = Row(input, index), Error = err, VendorId = _o.VendorId, ProductId = _o.ProductId };
        }
    }

    private static int Row(DeviceInput input, int index) => input.RowNumber > 0 ? input.RowNumber : index + 1;

    private void Time(int stage, long start) => Interlocked.Add(ref Times.Ticks[stage], Stopwatch.GetTimestamp() - start);

    private FactoryDeviceResult Generate(DeviceInput input, int index)
    {
        long t = Stopwatch.GetTimestamp();
        int row = Row(input, index);
        var d = ResolveValues(input, index, row);
        Time(0, t);

        t = Stopwatch.GetTimestamp();
        if (!_o.EnableDynamicPasscode)
        {
            byte[] computed = _engine.ComputeVerifier(d.Passcode!.Value, d.Salt, d.IterationCount);
            if (d.VerifierText != null)
            {
                byte[] given = DecodeBase64(d.VerifierText, row, "Verifier");
                if (!given.AsSpan().SequenceEqual(computed))
                {
                    throw new MfgException(ErrorIds.VerifierMismatch, MfgErrorKind.InvalidArgument,
                        $"Row {row}: the verifier does not match the one computed from the passcode, salt and iteration count ({d.IterationCount}).", $"row {row}: Verifier");
                }
            }
            else
            {
                d.VerifierText = Convert.ToBase64String(computed);
            }
            d.Verifier = computed;
        }
        Time(1, t);

        t = Stopwatch.GetTimestamp();
        if (_attestation != null)
        {
            d.Credentials = _attestation.External ?? _attestation.Issue(d.DeviceId);
        }
        Time(2, t);

        t = Stopwatch.GetTimestamp();
        var paths = Layout.Device(d.DeviceId);
        d.ReplaceExisting = input.ReplaceExisting;
        var entries = FactoryEntryBuilder.Build(_schema, d, paths, _shared);
        byte[]? nvs = null, keys = null;
        if (!_o.NoBin)
        {
            nvs = _engine.BuildNvs(entries, _o.PartitionSize);
            if (_o.Encrypt)
            {
                (nvs, keys) = _engine.EncryptNvs(nvs);
            }
        }
        Time(3, t);

        t = Stopwatch.GetTimestamp();
        byte[]? secureCert = null;
        if (FactoryFiles.WritesSecureCert(_o) && d.Credentials != null)
        {
            var c = new SecureCertContent
            {
                DacCertificateDer = d.Credentials.DacCertificateDer,
                DacPrivateKey = d.Credentials.DacPrivateKey,
                PaiCertificateDer = _attestation!.PaiCertificateDer,
                DsPeripheral = _o.DsPeripheral,
                EfuseKeyId = _o.EfuseKeyId,
            };
            if (_o.CommissionableDataInSecureCert)
            {
                c.Discriminator = d.Discriminator;
                c.IterationCount = (uint)d.IterationCount;
                c.Salt = d.Salt;
                c.Verifier = d.Verifier;
                c.RotatingDeviceIdUniqueId = Hex(d.RotatingDeviceIdUniqueId!);
            }
            secureCert = EspSecureCertPartition.Build(c);
        }
        Time(4, t);

        t = Stopwatch.GetTimestamp();
        string? qr = null, manual = null;
        byte[]? png = null;
        if (!_o.EnableDynamicPasscode)
        {
            var codes = _engine.Onboarding((ushort)_o.VendorId, (ushort)_o.ProductId, _o.CommissioningFlow, _o.DiscoveryMode, d.Discriminator, d.Passcode!.Value);
            qr = codes.QrCode;
            manual = FactoryFiles.DisplayManualCode(codes.ManualCode);
            png = _engine.QrPng(qr);
        }
        Time(5, t);

        t = Stopwatch.GetTimestamp();
        var result = new FactoryDeviceResult
        {
            Index = index,
            RowNumber = row,
            DeviceId = d.DeviceId,
            SerialNumber = d.SerialNumber,
            VendorId = _o.VendorId,
            ProductId = _o.ProductId,
            Passcode = d.Passcode,
            Discriminator = d.Discriminator,
            QrCode = qr,
            ManualCode = manual,
            OutputFolder = paths.Folder,
            PartitionPath = nvs != null ? paths.Partition : null,
            KeysPartitionPath = keys != null ? paths.KeysPartition : null,
            SecureCertPath = secureCert != null ? paths.SecureCert : null,
            DacPath = d.Credentials != null ? paths.DacCertificateDer : null,
            QrCodePath = png != null ? paths.QrCode : null,
            OnboardingCodesPath = qr != null ? paths.OnboardingCodes : null,
            DacCertificateDer = d.Credentials?.DacCertificateDer,
        };
        WriteDevice(paths, d, entries, nvs, keys, secureCert, qr, manual, png);
        result.MasterRow = CsvText.Line(entries.Select(e => e.Value));
        result.SummaryRow = FactoryFiles.SummaryRow(entries, _o, d, qr, manual);
        if (d.Credentials?.CommonName != null)
        {
            result.CnDacsRow = FactoryFiles.CnDacsRow(d.Credentials.CommonName, d.Credentials.DacCertificatePem ?? Attestation.PemText.Encode("CERTIFICATE", d.Credentials.DacCertificateDer));
        }
        Time(6, t);
        return result;
    }

    private void WriteDevice(DevicePaths p, DeviceValues d, List<FactoryEntry> entries, byte[]? nvs, byte[]? keys, byte[]? secureCert,
        string? qr, string? manual, byte[]? png)
    {
        if (Directory.Exists(p.Folder) && d.ReplaceExisting)
        {
            Directory.Delete(p.Folder, true);
        }
        if (Directory.Exists(p.Folder))
        {
            throw new MfgException(ErrorIds.DeviceFolderExists, MfgErrorKind.InvalidOperation, $"The device folder '{p.Folder}' already exists.", p.Folder);
        }
        string tmp = Path.Combine(Layout.Root, "." + d.DeviceId + IO.AtomicFile.TempSuffix);
        string Tmp(string path) => p.Relocate(path, tmp);
        try
        {
            if (Directory.Exists(tmp))
            {
                Directory.Delete(tmp, true);
            }
            Directory.CreateDirectory(Path.Combine(tmp, "internal"));
            if (nvs != null)
            {
                File.WriteAllBytes(Tmp(p.Partition), nvs);
            }
            if (keys != null)
            {
                WriteSecret(Tmp(p.KeysPartition), keys);
            }
            if (qr != null)
            {
                File.WriteAllText(Tmp(p.OnboardingCodes), FactoryFiles.OnboardingCodesCsv(qr, manual!, d.Discriminator, d.Passcode!.Value));
                File.WriteAllBytes(Tmp(p.QrCode), png!);
            }
            if (secureCert != null)
            {
                WriteSecret(Tmp(p.SecureCert), secureCert);
            }
            File.WriteAllText(Tmp(p.PartitionCsv), FactoryFiles.PartitionCsv(entries));
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
                File.WriteAllBytes(Tmp(p.PaiCertificate), _attestation!.PaiCertificateDer);
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

    private static void WriteSecret(string path, byte[] bytes)
    {
        using (File.Create(path))
        {
        }
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
        {
            Chmod(path, 0x180);
        }
        File.WriteAllBytes(path, bytes);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
    private static extern int Chmod(string path, uint mode);

    /// <summary>Merges the shared options, the input row and the per-device CSV into the device's final values.</summary>
    private DeviceValues ResolveValues(DeviceInput input, int index, int row)
    {
        string? Field(string? given, string key) =>
            input.Extra != null && _schema.DeclaresDeviceKey(key) && input.Extra.TryGetValue(key, out string? v) ? v : given;

        var d = new DeviceValues { Index = index, Extra = input.Extra };
        string? deviceId = input.DeviceId;
        if (deviceId == null && _attestation?.External?.CommonName is string cn && Guid.TryParse(cn, out _))
        {
            deviceId = cn;
        }
        if (deviceId != null && (deviceId.Length == 0 || deviceId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || deviceId.StartsWith(".", StringComparison.Ordinal)))
        {
            throw Bad(row, "DeviceId", ErrorIds.DeviceIdInvalid, $"'{deviceId}' cannot be a folder name.");
        }
        d.DeviceId = deviceId ?? Guid.NewGuid().ToString();

        string? disc = Field(input.Discriminator, "discriminator");
        if (disc != null)
        {
            d.Discriminator = (ushort)ParseInt(disc, row, "Discriminator", 0, 0xFFF, ErrorIds.DiscriminatorOutOfRange);
        }
        else
        {
            d.Discriminator = _o.Discriminator is long od ? (ushort)od : _engine.NewDiscriminator();
        }

        string? it = Field(input.IterationCount, "iteration-count");
        d.IterationCount = it != null ? (int)ParseInt(it, row, "IterationCount", 1000, 100000, ErrorIds.IterationCountOutOfRange) : _o.IterationCount;

        if (!_o.EnableDynamicPasscode)
        {
            if (input.Passcode != null)
            {
                long p = ParseInt(input.Passcode, row, "Passcode", 0, uint.MaxValue, ErrorIds.PasscodeInvalid, ErrorIds.PasscodeInvalid);
                if (!FactoryValidation.IsValidPasscode(p))
                {
                    throw Bad(row, "Passcode", ErrorIds.PasscodeInvalid, $"{p} is not a valid passcode (1..99999998, not a trivial value such as 11111111 or 12345678).");
                }
                d.Passcode = (uint)p;
            }
            else
            {
                d.Passcode = _o.Passcode is long op ? (uint)op : _engine.NewPasscode();
            }
        }

        string? salt = Field(input.Salt, "salt") ?? _o.Salt;
        if (salt != null)
        {
            d.Salt = DecodeBase64(salt, row, "Salt");
            if (d.Salt.Length < 16 || d.Salt.Length > 32)
            {
                throw Bad(row, "Salt", ErrorIds.SaltLengthInvalid, $"the salt is {d.Salt.Length} bytes; SPAKE2+ needs 16..32 bytes.");
            }
            d.SaltText = salt;
        }
        else
        {
            d.Salt = RandomBytes(32);
            d.SaltText = Convert.ToBase64String(d.Salt);
        }
        d.VerifierText = _o.EnableDynamicPasscode ? null : Field(input.Verifier, "verifier") ?? (salt == _o.Salt ? _o.Verifier : null);

        string? serial = Field(input.SerialNumber, "serial-num") ?? _o.SerialNumber;
        d.SerialNumber = serial ?? HexText(RandomBytes(16));

        string? rd = Field(input.RotatingDeviceIdUniqueId, "rd-id-uid") ?? _o.RotatingDeviceIdUniqueId;
        if (rd != null)
        {
            if (!FactoryValidation.IsHex(rd.Trim(), 32))
            {
                throw Bad(row, "RotatingDeviceIdUniqueId", ErrorIds.RotatingDeviceIdUniqueIdInvalid, $"'{rd}' is not 32 hexadecimal characters (16 bytes).");
            }
            d.RotatingDeviceIdUniqueId = rd.Trim();
        }
        else if (_o.EnableRotatingDeviceId || _o.RotatingDeviceIdUniqueIdInSecureCert || _schema.DeclaresDeviceKey("rd-id-uid"))
        {
            d.RotatingDeviceIdUniqueId = HexText(RandomBytes(16));
        }
        return d;
    }

    private static long ParseInt(string text, int row, string field, long min, long max, string outOfRangeErrorId, string notIntegerErrorId = ErrorIds.NumberInvalid)
    {
        if (!NumberText.TryParse(text, out long v))
        {
            throw Bad(row, field, notIntegerErrorId, $"'{text}' is not an integer (decimal or 0x hex).");
        }
        if (v < min || v > max)
        {
            throw Bad(row, field, outOfRangeErrorId, $"{v} is out of range ({min}..{max}).");
        }
        return v;
    }

    private static byte[] DecodeBase64(string text, int row, string field)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw Bad(row, field, ErrorIds.Base64Invalid, $"'{text}' is not valid base64.");
        }
    }

    private static MfgException Bad(int row, string field, string errorId, string reason) =>
        new(errorId, MfgErrorKind.InvalidArgument, $"Row {row}, {field}: {reason}", $"row {row}: {field}");

    private string ReadText(string path, string option) => System.Text.Encoding.UTF8.GetString(ReadBytes(path, option));

    private byte[] ReadBytes(string path, string option)
    {
        string full = _o.Resolve(path);
        try
        {
            return File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw MfgException.FileError(option, full, e);
        }
    }

    internal static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(b);
        }
        return b;
    }

    internal static string HexText(byte[] b)
    {
        var sb = new System.Text.StringBuilder(b.Length * 2);
        foreach (byte x in b)
        {
            sb.Append(x.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    internal static byte[] Hex(string hex)
    {
        var b = new byte[hex.Length / 2];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = byte.Parse(hex.Substring(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return b;
    }
}
