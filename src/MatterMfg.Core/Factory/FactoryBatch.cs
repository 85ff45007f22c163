using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using MatterMfg.Diagnostics;
using MatterMfg.Manifest;

namespace MatterMfg.Factory;

/// <summary>What a batch is asked to do beyond the shared <see cref="FactoryOptions"/>.</summary>
public sealed class FactoryBatchSettings
{
    public FactoryOptions Options { get; set; } = new();

    /// <summary>Extra keys whose values come with each input row (pipeline columns) instead of a per-device CSV.</summary>
    public IReadOnlyList<ExtraKeyDeclaration>? RowKeys { get; set; }

    /// <summary>The manifest batch name; null for <see cref="FactoryManifest.DefaultBatch"/>. Needs a manifest.</summary>
    public string? Batch { get; set; }

    /// <summary>Serial numbers from a counter template such as <c>ACME-{0:D6}</c>. Needs a manifest.</summary>
    public string? SerialNumberFormat { get; set; }

    public long SerialNumberStart { get; set; } = 1;

    /// <summary>The administrator's log (appended; never secrets); null for none.</summary>
    public string? LogPath { get; set; }

    /// <summary>The name the log gives the run (<c>mattermfg</c>, <c>New-MatterFactoryImage</c>).</summary>
    public string ProgramName { get; set; } = "mattermfg";

    /// <summary>How the front end names an option in messages (<c>--manifest</c> or <c>-Manifest</c>).</summary>
    public Func<string, string> OptionName { get; set; } = name => "--" + name;

    /// <summary>
    /// Whether the user typed an option (by its long name without dashes: <c>size</c>, <c>cn-prefix</c>), for the rules
    /// that refuse an option the run would ignore (<see cref="GivenOptionRules"/>), and for the device count, which must then
    /// agree with the input rows. Default: none typed.
    /// </summary>
    public Func<string, bool> Given { get; set; } = _ => false;
}

/// <summary>
/// One factory batch, shared by <c>mattermfg</c> and New-MatterFactoryImage. The constructor checks the whole setup
/// (options, key schema, per-device CSV, attestation, certification declaration) and writes nothing;
/// <see cref="Run"/> refuses contradictory input (duplicate device ids or serial numbers, in the input or against the
/// manifest; no rows; a count that disagrees with the rows) before any device is made, then makes the devices in
/// parallel and yields one <see cref="FactoryOutcome"/> per input row, in input order. Devices flow through an
/// <see cref="OrderedPipeline{T}"/>: <see cref="FactoryOptions.ThrottleLimit"/> threads compute them (verifier, DAC,
/// partitions, codes), one thread writes their folders, and the caller's thread records and yields them, all at once,
/// a bounded number of rows ahead of the caller (memory does not grow with the batch).
/// <para>Interruption: when the run's cancellation token fires, or the caller stops enumerating (a downstream error, a
/// pipeline stop), devices already started are finished, devices not started are left unmade (their manifest slots
/// stay reserved and are resumed by the next run), the summary and cn_dacs CSVs are published for exactly the devices
/// made, and every lock is released. With a manifest, a run that ends with every slot of its input made (by it or by
/// earlier runs) publishes summary and cn_dacs listing every device of the batch once, in slot order.</para>
/// </summary>
public sealed class FactoryBatch : IDisposable
{
    /// <summary>The lock file in <c>&lt;out&gt;/&lt;vid&gt;_&lt;pid&gt;</c> held while a run writes there.</summary>
    public const string LockFileName = ".mattermfg.lock";

    private readonly FactoryBatchSettings _settings;
    private readonly FactoryOptions _o;
    private readonly IFactoryEngine _engine;
    private readonly IAttestationSource? _attestation;
    private readonly byte[]? _defaultCd;
    private readonly FactoryManifest? _manifest;
    private readonly RunLog _log;
    private readonly DeviceValueResolver _resolver;
    private readonly DeviceImageBuilder _builder;
    private readonly DeviceFolderWriter _writer;
    private bool _started;
    private Output? _output;

    /// <param name="manifest">The device ledger (a manifest file or a database; owned: disposed with the batch); null for a run without one.</param>
    public FactoryBatch(FactoryBatchSettings settings, IFactoryEngine engine, IDeviceLedger? manifest = null)
    {
        _settings = settings;
        _o = settings.Options;
        _engine = engine;
        try
        {
            _log = settings.LogPath != null ? RunLog.Open(_o.Resolve(settings.LogPath)) : RunLog.None;
        }
        catch
        {
            manifest?.Dispose();
            throw;
        }
        try
        {
            FactoryValidation.Validate(_o);
            GivenOptionRules.Check(settings);
            FactoryValidation.CheckVerifier(_o, engine);
            if (manifest == null)
            {
                if (settings.SerialNumberFormat != null)
                {
                    throw new MfgException(ErrorIds.ManifestRequired, MfgErrorKind.InvalidArgument,
                        $"{settings.OptionName("serial-num-format")} needs {settings.OptionName("manifest")}: the manifest keeps the counter across runs.", settings.OptionName("serial-num-format"));
                }
                if (settings.Batch != null)
                {
                    throw FactoryValidation.OptionWithoutEffect(settings.OptionName("batch"), $"{settings.OptionName("batch")} names a manifest batch, and there is no {settings.OptionName("manifest")}.");
                }
            }
            IReadOnlyList<ExtraKeyDeclaration> extra = settings.RowKeys ?? Array.Empty<ExtraKeyDeclaration>();
            if (_o.ExtraKeyCsvPath != null)
            {
                extra = ExtraKeyCsv.ParseSchema(ReadText(_o.ExtraKeyCsvPath, "--csv"), _o.ExtraKeyCsvPath);
                var rows = ExtraKeyCsv.ParseValues(ReadText(_o.PerDeviceCsvPath!, "--mcsv"), _o.PerDeviceCsvPath!, extra);
                if (rows.Count == 0)
                {
                    throw FactoryValidation.NoInputRows($"--mcsv '{_o.PerDeviceCsvPath}'", "only a header", null, _o.PerDeviceCsvPath!);
                }
                if (settings.Given("count") && _o.Count != rows.Count)
                {
                    throw FactoryValidation.CountMismatch("-n", _o.Count, rows.Count, $"in --mcsv '{_o.PerDeviceCsvPath}'", "--count");
                }
                CheckRowCount(rows.Count, $"The device rows of --mcsv '{_o.PerDeviceCsvPath}'");
                PerDeviceRows = rows.Select((r, i) => new DeviceInput { RowNumber = i + 1, Extra = r }).ToList();
            }
            if (_o.Attestation != AttestationMode.None)
            {
                _attestation = engine.OpenAttestation(_o);
            }
            _defaultCd = _o.CertificationDeclarationPath == null ? _attestation?.DefaultCertificationDeclaration : null;
            Schema = FactorySchema.Create(_o, extra, _defaultCd != null);
            FactoryValidation.CheckStored(_o, Schema);
            Layout = new FactoryLayout(_o.Resolve(_o.OutputDirectory), _o.VendorId, _o.ProductId);
            var shared = new FactorySharedFiles
            {
                PaiCertificateDer = _attestation?.PaiCertificateDer,
                PaiCertificatePath = Layout.StagingPaiCertificate,
                ReadFile = p => File.ReadAllBytes(_o.Resolve(p)),
            };
            if (_o.CertificationDeclarationPath != null)
            {
                string cd = _o.Resolve(_o.CertificationDeclarationPath);
                shared.CertificationDeclaration = ReadBytes(_o.CertificationDeclarationPath, "--cert-dclrn");
                if (CheckCertificationDeclaration(shared.CertificationDeclaration, cd, _o).IsTestOnly)
                {
                    Warnings = new[] { Attestation.CertificationDeclarationTrust.TestOnlyWarning(cd) };
                }
                shared.CertificationDeclarationPath = FactoryLayout.RelativePath(_o.WorkingDirectory, cd);
            }
            else if (_defaultCd != null)
            {
                // The test PKI's CD, written to staging so that partition.csv names a real file, as with -cd.
                shared.CertificationDeclaration = _defaultCd;
                shared.CertificationDeclarationPath = Layout.StagingCertificationDeclaration;
            }
            if (manifest != null)
            {
                _manifest = new FactoryManifest(manifest, _o, settings.Batch, settings.SerialNumberFormat, settings.SerialNumberStart, ownsStore: true);
            }
            _resolver = new DeviceValueResolver(_o, Schema, engine, _attestation?.External?.CommonName);
            _builder = new DeviceImageBuilder(_o, engine, _attestation, Schema, shared, Layout);
            _writer = new DeviceFolderWriter(Layout, _attestation?.PaiCertificateDer, keepSummaryRow: _manifest != null);
        }
        catch (MfgException e)
        {
            _log.Error("setup", RunLog.Redact(e.Message));
            manifest?.Dispose();
            (_attestation as IDisposable)?.Dispose();
            _log.Dispose();
            throw;
        }
    }

    public FactoryLayout Layout { get; } = null!;

    /// <summary>What the front-end shows as warnings before the first device (a CD signed by the public test key).</summary>
    public IReadOnlyList<string> Warnings { get; } = Array.Empty<string>();

    public FactorySchema Schema { get; } = null!;

    /// <summary>The per-device CSV's records as inputs (null without <c>--mcsv</c>): its row count is the device count.</summary>
    public IReadOnlyList<DeviceInput>? PerDeviceRows { get; }

    /// <summary>The manifest batch (null without a manifest).</summary>
    public string? ManifestBatch => _manifest?.Batch;

    /// <summary>The manifest's path (null without a manifest).</summary>
    public string? ManifestPath => _manifest?.Store.Location;

    /// <summary>The summary CSV (set once <see cref="Run"/> has prepared the output tree; the file written once it ends).</summary>
    public string? SummaryPath { get; private set; }

    public string? CnDacsPath { get; private set; }

    public int Made { get; private set; }

    public int AlreadyDone { get; private set; }

    public int Held { get; private set; }

    public int Failed { get; private set; }

    /// <summary>True when the run stopped before every input row was handled (cancelled, or the caller stopped reading).</summary>
    public bool Interrupted { get; private set; }

    /// <summary>
    /// Checks <paramref name="rows"/> (null: the per-device CSV's rows, else <see cref="FactoryOptions.Count"/> random
    /// devices) and throws <see cref="MfgException"/> before anything is written if they contradict each other, the
    /// options or the manifest; then returns the outcomes, made lazily as they are read.
    /// </summary>
    public IEnumerable<FactoryOutcome> Run(IReadOnlyList<DeviceInput>? rows, CancellationToken cancel = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("A FactoryBatch runs once.");
        }
        _started = true;
        IReadOnlyList<DeviceInput> inputs;
        try
        {
            inputs = Inputs(rows);
            CheckInputs(inputs);
            CheckPartitionSize(inputs[0]);
        }
        catch (MfgException e)
        {
            _log.Error("setup", RunLog.Redact(e.Message));
            throw;
        }
        return Generate(inputs, cancel);
    }

    private IReadOnlyList<DeviceInput> Inputs(IReadOnlyList<DeviceInput>? rows)
    {
        if (rows == null)
        {
            return PerDeviceRows ?? Enumerable.Range(1, _o.Count).Select(i => new DeviceInput { RowNumber = i }).ToList();
        }
        if (PerDeviceRows != null)
        {
            throw FactoryValidation.OptionWithoutEffect("--mcsv", "Device rows come either from the per-device CSV (--mcsv) or from the input, not both.");
        }
        if (rows.Count == 0)
        {
            throw FactoryValidation.NoInputRows("The input", "an empty pipeline or a CSV with only a header", $"Without input, use {_settings.OptionName("count")}.", "input");
        }
        if (_settings.Given("count"))
        {
            throw FactoryValidation.CountMismatch(_settings.OptionName("count"), _o.Count, rows.Count, "in the input", _settings.OptionName("count"));
        }
        CheckRowCount(rows.Count, "The input rows");
        return rows;
    }

    /// <summary>Input rows count as devices: more than <see cref="FactoryOptions.MaxCount"/> are refused before any device is made.</summary>
    private static void CheckRowCount(int count, string input)
    {
        if (count > FactoryOptions.MaxCount)
        {
            throw MfgException.NumberOutOfRange(input, count.ToString(CultureInfo.InvariantCulture), 1, FactoryOptions.MaxCount,
                $"one run makes at most {FactoryOptions.MaxCount} devices; split the rows into batches");
        }
    }

    /// <summary>Duplicates in the input, and device ids or serial numbers the manifest holds for another slot, refuse the run.</summary>
    private void CheckInputs(IReadOnlyList<DeviceInput> inputs)
    {
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var serials = new Dictionary<string, int>(StringComparer.Ordinal);
        var snapshot = _manifest?.Store.Read();
        for (int slot = 0; slot < inputs.Count; slot++)
        {
            var input = inputs[slot];
            int row = RowOf(input, slot);
            if (!string.IsNullOrEmpty(input.DeviceId))
            {
                string id = input.DeviceId!;
                if (ids.TryGetValue(id, out int first))
                {
                    throw new MfgException(ErrorIds.DuplicateDeviceId, MfgErrorKind.InvalidArgument,
                        $"Rows {first} and {row} both name device id '{id}': every device needs its own. Nothing was made.", $"row {row}: DeviceId");
                }
                ids[id] = row;
                if (snapshot?.Find(id) is ManifestDevice holder && !(holder.Batch == _manifest!.Batch && holder.Slot == slot))
                {
                    throw LedgerErrors.DeviceIdInUse(id, _manifest.Store.Location, $"batch '{holder.Batch}', slot {holder.Slot + 1}", row);
                }
            }
            if (_resolver.GivenSerialNumber(input) is { Length: > 0 } serial)
            {
                if (serials.TryGetValue(serial, out int first))
                {
                    throw new MfgException(ErrorIds.DuplicateSerialNumber, MfgErrorKind.InvalidArgument,
                        $"Rows {first} and {row} both give serial number '{serial}': every device needs its own. Nothing was made.", $"row {row}: SerialNumber");
                }
                serials[serial] = row;
                if (snapshot?.FindSerial(serial) is ManifestDevice holder && !(holder.Batch == _manifest!.Batch && holder.Slot == slot))
                {
                    throw LedgerErrors.SerialNumberInUse(serial, $"device {holder.DeviceId}", _manifest.Store.Location, row);
                }
            }
        }
    }

    /// <summary>
    /// A partition too small (or too large) for the keys would fail every device: the first row's device is built in
    /// memory (nothing is written, its DAC is thrown away) and the run is refused when its NVS image does not fit.
    /// </summary>
    private void CheckPartitionSize(DeviceInput first)
    {
        if (_o.NoBin)
        {
            return;
        }
        try
        {
            _builder.Build(_resolver.Resolve(first, 0, RowOf(first, 0)), RowOf(first, 0));
        }
        catch (MfgException e) when (e.ErrorId is "NvsPartitionFull" or "NvsSizeTooSmall" or "NvsSizeTooLarge")
        {
            throw new MfgException(e.ErrorId, e.Kind, $"--size {_o.PartitionSize} (0x{_o.PartitionSize:X}): {e.Message} Nothing was made.", "--size", e);
        }
        catch (MfgException)
        {
            // Anything else is the row's own problem, reported when the row is made.
        }
    }

    private static int RowOf(DeviceInput input, int index) => input.RowNumber > 0 ? input.RowNumber : index + 1;

    /// <summary>One admitted row: either already decided (skipped, failed at admission) or to be made.</summary>
    private sealed class Item
    {
        public int Index;
        public int Row;
        public DeviceInput? Make;
        public DeviceValues? Values;
        public DeviceImage? Image;
        public FactoryOutcome? Outcome;
        public (string Summary, string? CnDacs)? PriorRows;
        public byte[]? DacDer;
        public string? MasterRow;
    }

    private IEnumerable<FactoryOutcome> Generate(IReadOnlyList<DeviceInput> inputs, CancellationToken cancel)
    {
        _output = Prepare();
        _log.Info($"{_settings.ProgramName} started: VID 0x{_o.VendorId:X4} PID 0x{_o.ProductId:X4}, output '{Layout.Root}'"
            + (_manifest != null ? $", manifest '{_manifest.Store.Location}' batch '{_manifest.Batch}'" : "") + $", attestation {_o.Attestation}, {inputs.Count} rows.");
        bool finished = false;
        int workers = Math.Max(1, _o.ThrottleLimit);
        var pipeline = new OrderedPipeline<Item>(inputs.Count, i => Admit(inputs[i], i), item => item.Make != null, Compute, Write,
            workers, workers * 8, cancel);
        try
        {
            foreach (var item in pipeline.InOrder())
            {
                Record(item);
                yield return item.Outcome!;
            }
            finished = !cancel.IsCancellationRequested || Made + AlreadyDone + Held + Failed == inputs.Count;
        }
        finally
        {
            // Devices finished after the consumer stopped reading (or the run was stopped) are on disk: record them too.
            foreach (var item in pipeline.Stop())
            {
                Record(item);
            }
            pipeline.Dispose();
            Interrupted = !finished;
            Finish();
        }
    }

    private Item Admit(DeviceInput input, int index)
    {
        var item = new Item { Index = index, Row = RowOf(input, index), Make = input };
        if (_manifest == null)
        {
            return item;
        }
        FactoryAdmission a;
        try
        {
            a = _manifest.Admit(input, index);
        }
        catch (MfgException e)
        {
            item.Make = null;
            item.Outcome = new FactoryOutcome(FactoryOutcomeKind.Failed, item.Row, null, e);
            return item;
        }
        item.Make = a.Input;
        switch (a.Outcome)
        {
            case ReservationOutcome.AlreadyDone:
                item.Outcome = new FactoryOutcome(FactoryOutcomeKind.AlreadyDone, item.Row, a.Existing, null, a.Device.DeviceId);
                item.PriorRows = DeviceFolderWriter.ReadSummaryRow(Layout.Device(a.Device.DeviceId));
                break;
            case ReservationOutcome.HeldByAnotherRun:
                item.Outcome = new FactoryOutcome(FactoryOutcomeKind.HeldByAnotherRun, item.Row, null, null, a.Device.DeviceId, a.Device.RunId);
                break;
        }
        return item;
    }

    /// <summary>The CPU stage of one device (a worker thread): its values, verifier, DAC, partitions and codes, in memory.</summary>
    private void Compute(Item item)
    {
        try
        {
            item.Values = _resolver.Resolve(item.Make!, item.Index, item.Row);
            item.Image = _builder.Build(item.Values, item.Row);
        }
        catch (Exception e) when (e is MfgException || e is IOException || e is UnauthorizedAccessException)
        {
            item.Outcome = Failure(item, e);
        }
    }

    /// <summary>The file stage of one device (the writer thread): its folder, staged and renamed into place.</summary>
    private void Write(Item item)
    {
        if (item.Image is not { } image)
        {
            return; // failed in Compute
        }
        var d = item.Values!;
        item.Image = null;
        item.Values = null; // the DAC key and passcode leave memory with the image
        try
        {
            _writer.Write(image);
        }
        catch (Exception e) when (e is MfgException || e is IOException || e is UnauthorizedAccessException)
        {
            item.Outcome = Failure(item, e);
            return;
        }
        item.DacDer = d.Credentials?.DacCertificateDer;
        item.PriorRows = (image.SummaryRow, image.CnDacsRow);
        item.MasterRow = image.MasterRow;
        var p = image.Paths;
        var device = new FactoryDevice
        {
            RowNumber = item.Row, DeviceId = d.DeviceId, SerialNumber = d.SerialNumber, VendorId = _o.VendorId, ProductId = _o.ProductId,
            Passcode = d.Passcode, Discriminator = d.Discriminator, QrCode = image.QrCode, ManualCode = image.ManualCode, OutputFolder = p.Folder,
            PartitionPath = image.Nvs != null ? p.Partition : null, KeysPartitionPath = image.KeysPartition != null ? p.KeysPartition : null,
            SecureCertPath = image.SecureCert != null ? p.SecureCert : null, DacPath = d.Credentials != null ? p.DacCertificateDer : null,
            QrCodePath = image.QrPng != null ? p.QrCode : null, OnboardingCodesPath = image.QrCode != null ? p.OnboardingCodes : null,
            Status = FactoryDeviceStatus.Generated, Manifest = _manifest?.Store.Location,
        };
        item.Outcome = new FactoryOutcome(FactoryOutcomeKind.Made, item.Row, device, null);
    }

    private static FactoryOutcome Failure(Item item, Exception e)
    {
        var error = e as MfgException ?? MfgException.FileError($"Row {item.Row}: writing the device's files failed", null, e, writing: true, target: $"row {item.Row}");
        return new FactoryOutcome(FactoryOutcomeKind.Failed, item.Row, null, error, item.Make!.DeviceId);
    }

    /// <summary>Books one decided row: summaries, manifest, log, counters (in input order, on the caller's thread).</summary>
    private void Record(Item item)
    {
        var o = item.Outcome!;
        var output = _output!;
        switch (o.Kind)
        {
            case FactoryOutcomeKind.Made:
                var (summary, cn) = item.PriorRows!.Value;
                output.Master.WriteLine(item.MasterRow!);
                output.Summary.WriteLine(summary);
                if (cn != null)
                {
                    output.CnDacs.WriteLine(cn);
                }
                output.AddToBatch(summary, cn);
                if (_manifest != null)
                {
                    try
                    {
                        _manifest.RecordGenerated(o.Device!, item.DacDer);
                    }
                    catch (MfgException e)
                    {
                        // The files are complete but the manifest could not take the record: report the row as failed.
                        Failed++;
                        _log.Error($"row {o.RowNumber}", RunLog.Redact(e.Message));
                        item.Outcome = new FactoryOutcome(FactoryOutcomeKind.Failed, o.RowNumber, null, e, o.DeviceId);
                        return;
                    }
                }
                Made++;
                _log.Info($"row {o.RowNumber}: device {o.DeviceId} serial {o.Device!.SerialNumber} made in '{o.Device.OutputFolder}'.");
                break;
            case FactoryOutcomeKind.AlreadyDone:
                AlreadyDone++;
                if (item.PriorRows is { } prior)
                {
                    output.AddToBatch(prior.Summary, prior.CnDacs);
                }
                else
                {
                    output.BatchComplete = false;
                }
                _log.Info($"row {o.RowNumber}: device {o.DeviceId} already made by an earlier run; not made again.");
                break;
            case FactoryOutcomeKind.HeldByAnotherRun:
                Held++;
                output.BatchComplete = false;
                _log.Warning($"row {o.RowNumber}: device {o.DeviceId} is held by run {o.HeldBy}; skipped.");
                break;
            default:
                Failed++;
                output.BatchComplete = false;
                if (_manifest != null && o.DeviceId != null && item.Make != null)
                {
                    try
                    {
                        _manifest.RecordFailed(o.DeviceId, o.Error!);
                    }
                    catch (MfgException e)
                    {
                        _log.Error($"row {o.RowNumber}", RunLog.Redact(e.Message));
                    }
                }
                _log.Error($"row {o.RowNumber}", RunLog.Redact(o.Error!.Message));
                break;
        }
    }

    /// <summary>Takes the output folder's lock and prepares staging (config.csv, the PAI, the CD) and the streamed CSVs.</summary>
    private Output Prepare()
    {
        IO.WritablePath.CheckFolder(_settings.OptionName("outdir"), Layout.Root);
        var lockFile = IO.FileLock.TryAcquire(Path.Combine(Layout.Root, LockFileName))
            ?? throw new MfgException(ErrorIds.OutputFolderInUse, MfgErrorKind.ResourceBusy,
                $"Another MatterMfg run is writing to '{Layout.Root}' (lock file '{LockFileName}'). Wait for it to finish, or choose another output folder.", Layout.Root);
        try
        {
            RemoveLeftovers(Layout.Root);
            Directory.CreateDirectory(Layout.Staging);
            RemoveLeftovers(Layout.Staging);
            IO.AtomicFile.WriteAllText(Path.Combine(Layout.Staging, "config.csv"), FactoryFiles.ConfigCsv(Schema));
            if (_attestation != null)
            {
                IO.AtomicFile.WriteAllBytes(Layout.StagingPaiCertificate, _attestation.PaiCertificateDer);
                if (_defaultCd != null)
                {
                    IO.AtomicFile.WriteAllBytes(Layout.StagingCertificationDeclaration, _defaultCd);
                }
                if (_attestation.GeneratedPaiPem != null)
                {
                    IO.AtomicFile.WriteAllText(Path.Combine(Layout.Staging, "pai_cert.pem"), _attestation.GeneratedPaiPem);
                    IO.AtomicFile.WriteAllText(Path.Combine(Layout.Staging, "pai_key.pem"), _attestation.GeneratedPaiKeyPem ?? "", secret: true);
                }
            }
            var output = new Output(lockFile, Layout, Schema, _o, DateTime.Now, _manifest != null);
            SummaryPath = output.Summary.FilePath;
            CnDacsPath = output.CnDacs.FilePath;
            return output;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Publishes the summaries (the whole batch's when this run completed it) and releases the output lock.</summary>
    private void Finish()
    {
        var output = _output;
        if (output == null)
        {
            return;
        }
        _output = null;
        try
        {
            (SummaryPath, CnDacsPath) = output.Publish(useBatch: !Interrupted && output.BatchComplete && AlreadyDone > 0);
        }
        finally
        {
            output.Dispose();
            _log.Info($"{_settings.ProgramName} {(Interrupted ? "stopped before the end (rerun the same command to resume)" : "finished")}: "
                + $"{Made} made, {AlreadyDone + Held} skipped (already made or held by another run), {Failed} failed.");
        }
    }

    public void Dispose()
    {
        if (_output != null)
        {
            Interrupted = true;
            Finish();
        }
        _manifest?.Dispose();
        // The PAI key: a token's sessions are closed with the run.
        (_attestation as IDisposable)?.Dispose();
        _log.Dispose();
    }

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

    /// <summary>
    /// A CD that does not decode, whose signature does not verify (under <c>--cd-signing-cert</c>, else a key Matter
    /// commissioners trust), or that does not list this run's VID and PID, would make every device fail attestation:
    /// refuse it before any device is made (the reference stores it unchecked). Returns the key that signed it.
    /// </summary>
    private static Attestation.CdSigningKey CheckCertificationDeclaration(byte[] der, string path, FactoryOptions o)
    {
        var cd = Attestation.CertificationDeclaration.Decode(der, path);
        var signer = o.CdSigningCertificatePath == null ? null
            : Attestation.CdSigningKey.FromCertificate(Attestation.AttestationCredentials.ReadCertificate(o.Resolve(o.CdSigningCertificatePath)));
        var key = Attestation.CertificationDeclarationTrust.Verify(cd, signer);
        if (!cd.Covers((ushort)o.VendorId, (ushort)o.ProductId))
        {
            throw new MfgException(ErrorIds.CertificationDeclarationMismatch, MfgErrorKind.InvalidArgument,
                $"--cert-dclrn: the certification declaration '{path}' is for VID 0x{cd.VendorId:X4} PID(s) {string.Join(", ", cd.ProductIds.Select(x => "0x" + x.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}, not VID 0x{o.VendorId:X4} PID 0x{o.ProductId:X4}: every device would fail attestation.", path);
        }
        return key;
    }

    private string ReadText(string path, string option) => Text.TextFileDecoder.Decode(ReadBytes(path, option), _o.Resolve(path));

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

    /// <summary>The run's streamed CSVs and its hold on the output folder.</summary>
    private sealed class Output : IDisposable
    {
        private readonly IO.FileLock _lock;
        private readonly StreamedTextFile? _batchSummary;
        private readonly StreamedTextFile? _batchCnDacs;

        public Output(IO.FileLock outputLock, FactoryLayout layout, FactorySchema schema, FactoryOptions o, DateTime now, bool batchFiles)
        {
            _lock = outputLock;
            Master = new StreamedTextFile(Path.Combine(layout.Staging, "master.csv"), "\n", secret: true); // every device's passcode, salt and verifier
            Master.WriteLine(CsvText.Line(schema.Keys.Select(k => k.Key)));
            string header = FactoryFiles.SummaryHeader(schema, o);
            Summary = new StreamedTextFile(layout.SummaryPath(now), "\r\n", keepEarlier: true);
            Summary.WriteLine(header);
            CnDacs = new StreamedTextFile(layout.CnDacsPath(now), "\r\n", keepEarlier: true);
            CnDacs.WriteLine(FactoryFiles.CnDacsHeader);
            if (batchFiles)
            {
                // The same files for the whole batch (this run's devices and those of earlier runs, in slot order),
                // published instead when this run completes the batch.
                _batchSummary = new StreamedTextFile(Summary.FilePath, "\r\n", keepEarlier: true);
                _batchSummary.WriteLine(header);
                _batchCnDacs = new StreamedTextFile(CnDacs.FilePath, "\r\n", keepEarlier: true);
                _batchCnDacs.WriteLine(FactoryFiles.CnDacsHeader);
            }
        }

        public StreamedTextFile Master { get; }

        public StreamedTextFile Summary { get; }

        public StreamedTextFile CnDacs { get; }

        public bool BatchComplete { get; set; } = true;

        public void AddToBatch(string summary, string? cnDacs)
        {
            _batchSummary?.WriteLine(summary);
            if (cnDacs != null)
            {
                _batchCnDacs?.WriteLine(cnDacs);
            }
        }

        /// <summary>Publishes master.csv and either this run's or the whole batch's summary and cn_dacs; returns the paths written.</summary>
        public (string Summary, string CnDacs) Publish(bool useBatch)
        {
            Master.Commit();
            var summary = useBatch && _batchSummary != null ? _batchSummary : Summary;
            var cn = useBatch && _batchCnDacs != null ? _batchCnDacs : CnDacs;
            summary.Commit();
            cn.Commit();
            return (summary.FilePath, cn.FilePath);
        }

        public void Dispose()
        {
            Master.Dispose();
            Summary.Dispose();
            CnDacs.Dispose();
            _batchSummary?.Dispose();
            _batchCnDacs?.Dispose();
            _lock.Dispose();
        }
    }
}
