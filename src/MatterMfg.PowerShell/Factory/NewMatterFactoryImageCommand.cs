using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.PowerShell.Completion;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Factory;

/// <summary>Generates per-device Matter factory partitions, as esp-matter-mfg-tool does, with the same output layout.</summary>
/// <remarks>
/// <para>Each pipeline row is one device. Its columns bind by name: DeviceId, SerialNumber, Passcode, Discriminator,
/// RotatingDeviceIdUniqueId, Salt, Verifier, IterationCount, and any column named by -ExtraKey or declared in -KeySchema
/// goes into NVS as an extra key. Missing values and empty cells are drawn at random (CSPRNG). Without pipeline input, -Count makes that
/// many random devices.</para>
/// <para>For each device it computes the SPAKE2+ verifier, issues the DAC (under -PaiCertificate, a PAI made from
/// -PaaCertificate, -TestAttestation's built-in test PAI, or an external -DacCertificate), writes the chip-factory NVS
/// partition (optionally encrypted, with its keys partition), the secure-cert partition when asked, the onboarding codes and
/// the QR image, into OutputPath/vid_pid/deviceid/ with the reference's file names; plus summary-*.csv and cn_dacs-*.csv.</para>
/// <para>Devices are generated in parallel (-ThrottleLimit) and written to the pipeline in input order. A bad row is
/// reported as a non-terminating error naming the row and field, and leaves nothing on disk; bad shared setup (missing or
/// mismatched PAI key, bad options) stops the command before any device is written.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterFactoryImage -Count 5 -TestAttestation -OutputPath out</code>
/// <para>Makes five random devices with DACs under the built-in Matter test PAI (a warning says they are test devices).</para>
/// </example>
/// <example>
/// <code>PS> Import-Csv devices.csv | New-MatterFactoryImage -VendorId 0xFFF2 -ProductId 0x8001 -PaiCertificate pai.pem -PaiKey pai-key.pem -CertificationDeclaration cd.der -OutputPath out</code>
/// <para>One device per CSV row, with the row's SerialNumber, Passcode, Discriminator, ... columns.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterFactoryImage", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetNone)]
[OutputType(typeof(FactoryDevice))]
public sealed class NewMatterFactoryImageCommand : MatterMfgCmdlet, IDisposable
{
    public const string ParameterSetNone = "None";
    public const string ParameterSetPai = "Pai";
    public const string ParameterSetPaa = "Paa";
    public const string ParameterSetTest = "TestAttestation";

    private static readonly string[] RowColumns =
    {
        "DeviceId", "SerialNumber", "Passcode", "Discriminator", "RotatingDeviceIdUniqueId", "Salt", "Verifier", "IterationCount",
    };

    private FactoryBatch? _batch;
    private FactoryOptions? _options;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _clock = new();
    private readonly List<DeviceInput> _inputs = new();
    private int _done;
    private double _nextProgress;
    private bool _whatIf;

    /// <summary>A device row (Import-Csv output or any object with the device's columns as properties).</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Number of random devices to make when there is no pipeline input: 1..1000000 (a run also takes at most 1000000 pipeline rows).</summary>
    [Parameter]
    [IntegerTransformation(1, FactoryOptions.MaxCount)]
    public int Count { get; set; } = 1;

    /// <summary>The passcode of a single device (rows give their own in a Passcode column).</summary>
    [Parameter]
    [IntegerTransformation(0, SetupPasscode.FieldMax)]
    public long Passcode { get; set; } = -1;

    /// <summary>The discriminator of a single device (0..4095).</summary>
    [Parameter]
    [IntegerTransformation(0, SetupDiscriminator.Max)]
    public int Discriminator { get; set; } = -1;

    /// <summary>The serial number of a single device.</summary>
    [Parameter]
    public string? SerialNumber { get; set; }

    /// <summary>The rotating-device-id unique id of a single device (32 hex characters).</summary>
    [Parameter]
    public string? RotatingDeviceIdUniqueId { get; set; }

    /// <summary>Vendor id (0xFFF1 with -TestAttestation unless given).</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFF)]
    public int VendorId { get; set; } = -1;

    /// <summary>Product id (0x8000 with -TestAttestation unless given).</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFF)]
    public int ProductId { get; set; } = -1;

    /// <summary>Root of the output tree (esp-matter-mfg-tool's --outdir).</summary>
    /// <value>out, under the current location (as --outdir's default, the working directory's out)</value>
    [Parameter]
    public string OutputPath { get; set; } = "out";

    /// <summary>The PAI certificate (PEM or DER) that issues the DACs.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPai)]
    public string? PaiCertificate { get; set; }

    /// <summary>
    /// The PAI's private key (optional with -DacCertificate): a key file, a <c>pkcs11:</c> URI naming a key on a PKCS#11
    /// token (HSM), or <c>cert:\LocalMachine\My\&lt;thumbprint&gt;</c> (Windows certificate store, CNG).
    /// </summary>
    [Parameter(ParameterSetName = ParameterSetPai)]
    public string? PaiKey { get; set; }

    /// <summary>
    /// The password of an encrypted -PaiKey (encrypted PKCS#8 PEM/DER) or of a PFX given as -PaiCertificate; for a
    /// <c>pkcs11:</c> key, the token's user PIN (alias -PaiKeyPin).
    /// </summary>
    [Parameter(ParameterSetName = ParameterSetPai)]
    [Alias("PaiKeyPin")]
    public System.Security.SecureString? PaiKeyPassword { get; set; }

    /// <summary>A PAA certificate: a PAI is made from it once per run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPaa)]
    public string? PaaCertificate { get; set; }

    /// <summary>The PAA's private key: a key file, a <c>pkcs11:</c> URI or a <c>cert:\</c> path, as -PaiKey.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPaa)]
    public string? PaaKey { get; set; }

    /// <summary>The password of an encrypted -PaaKey or of a PFX given as -PaaCertificate; the token PIN of a <c>pkcs11:</c> key (alias -PaaKeyPin).</summary>
    [Parameter(ParameterSetName = ParameterSetPaa)]
    [Alias("PaaKeyPin")]
    public System.Security.SecureString? PaaKeyPassword { get; set; }

    /// <summary>Use the built-in Matter test PKI (test PAI FFF1/8000 and test CD). Never for production.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetTest)]
    public SwitchParameter TestAttestation { get; set; }

    /// <summary>An external DAC for a single device (with -PaiCertificate).</summary>
    [Parameter(ParameterSetName = ParameterSetPai)]
    public string? DacCertificate { get; set; }

    /// <summary>The external DAC's private key.</summary>
    [Parameter(ParameterSetName = ParameterSetPai)]
    public string? DacKey { get; set; }

    /// <summary>The certification declaration (stored verbatim as cert-dclrn); its signature must verify before any device is made.</summary>
    [Parameter]
    public string? CertificationDeclaration { get; set; }

    /// <summary>The certificate the -CertificationDeclaration must be signed by; default: the CD signing keys Matter commissioners trust (CSA Signing Key 001-005, the public test key).</summary>
    [Parameter]
    public string? CdSigningCertificate { get; set; }

    /// <summary>Common-name prefix of the PAI made from a PAA.</summary>
    [Parameter]
    public string CnPrefix { get; set; } = "ESP32";

    /// <summary>DAC lifetime in days (default: until the PAI expires).</summary>
    [Parameter]
    [IntegerTransformation(1, int.MaxValue)]
    public int LifetimeDays { get; set; }

    /// <summary>DAC notBefore (UTC; default now).</summary>
    [Parameter]
    public DateTime? ValidFrom { get; set; }

    /// <summary>NVS partition size in bytes (multiple of 4096).</summary>
    [Parameter]
    [IntegerTransformation(0x1000, FactoryOptions.MaxPartitionSize)]
    public int PartitionSize { get; set; } = 0x6000;

    /// <summary>Encrypt the NVS partition and write its keys partition.</summary>
    [Parameter]
    public SwitchParameter Encrypt { get; set; }

    /// <summary>Skip the NVS binaries (CSV files, DAC files and codes are still written).</summary>
    [Parameter]
    public SwitchParameter NoBin { get; set; }

    /// <summary>Never write the secure-cert partition.</summary>
    [Parameter]
    public SwitchParameter NoSecureCertBin { get; set; }

    /// <summary>Put the DAC, its key and the PAI in the secure-cert partition.</summary>
    [Parameter]
    public SwitchParameter DacInSecureCert { get; set; }

    /// <summary>Put discriminator, iterations, salt and verifier in the secure-cert partition (needs -DacInSecureCert and -RotatingDeviceIdUniqueIdInSecureCert).</summary>
    [Parameter]
    public SwitchParameter CommissionableDataInSecureCert { get; set; }

    /// <summary>Put the rotating-device-id unique id in the secure-cert partition.</summary>
    [Parameter]
    public SwitchParameter RotatingDeviceIdUniqueIdInSecureCert { get; set; }

    /// <summary>Mark the DAC key as used through the ECDSA peripheral (esp32h2; needs -DacInSecureCert; recorded in the secure-cert partition only, no eFuse is burnt).</summary>
    [Parameter]
    public SwitchParameter DsPeripheral { get; set; }

    /// <summary>eFuse key block for -DsPeripheral (0..5; refused without -DsPeripheral).</summary>
    [Parameter]
    [IntegerTransformation(-1, 5)]
    public int EfuseKeyId { get; set; } = -1;

    /// <summary>Target chip (esp32, esp32h2, ...).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ChipCompleter))]
    public string Target { get; set; } = "esp32";

    /// <summary>Commissioning flow: 0 standard, 1 user intent, 2 custom.</summary>
    [Parameter]
    [IntegerTransformation(0, 2)]
    [ArgumentCompleter(typeof(CommissioningFlowCompleter))]
    public int CommissioningFlow { get; set; }

    /// <summary>Discovery capabilities: 2 BLE, 4 on-network, 6 both.</summary>
    [Parameter]
    [IntegerTransformation(2, 6)]
    [ArgumentCompleter(typeof(DiscoveryModeCompleter))]
    public int DiscoveryMode { get; set; } = 2;

    /// <summary>No verifier and no onboarding codes (the firmware makes the passcode).</summary>
    [Parameter]
    public SwitchParameter DynamicPasscode { get; set; }

    /// <summary>PBKDF2 iterations of the verifier (1000..100000) for rows without an IterationCount column.</summary>
    [Parameter]
    [IntegerTransformation(Spake2pVerifier.MinIterations, Spake2pVerifier.MaxIterations)]
    public int IterationCount { get; set; } = 10000;

    /// <summary>Write a rotating-device-id unique id (the row's, or random).</summary>
    [Parameter]
    public SwitchParameter EnableRotatingDeviceId { get; set; }

    /// <summary>Vendor name (1..32 characters).</summary>
    [Parameter]
    public string? VendorName { get; set; }

    /// <summary>Product name (1..32 characters).</summary>
    [Parameter]
    public string? ProductName { get; set; }

    /// <summary>Hardware version 0..65535.</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFF)]
    public int HardwareVersion { get; set; } = -1;

    /// <summary>Hardware version string (1..64 characters).</summary>
    [Parameter]
    public string? HardwareVersionString { get; set; }

    /// <summary>Manufacturing date YYYYMMDD plus up to 8 characters.</summary>
    [Parameter]
    public string? ManufacturingDate { get; set; }

    /// <summary>Product finish (other, matte, satin, polished, rugged, fabric).</summary>
    [Parameter]
    [ValidateSet("other", "matte", "satin", "polished", "rugged", "fabric")]
    public string? ProductFinish { get; set; }

    /// <summary>Product color (black, navy, green, ...).</summary>
    [Parameter]
    [ValidateSet("black", "navy", "green", "teal", "maroon", "purple", "olive", "gray", "blue", "lime", "aqua", "red", "fuchsia", "yellow", "white", "nickel", "chrome", "brass", "copper", "silver", "gold")]
    public string? ProductColor { get; set; }

    /// <summary>Part number (1..32 characters).</summary>
    [Parameter]
    public string? PartNumber { get; set; }

    /// <summary>Supported calendar types (Buddhist ... Taiwanese).</summary>
    [Parameter]
    public string[]? CalendarType { get; set; }

    /// <summary>Supported locales (BCP-47 tags).</summary>
    [Parameter]
    public string[]? Locale { get; set; }

    /// <summary>Fixed labels, endpoint/label/value.</summary>
    [Parameter]
    public string[]? FixedLabel { get; set; }

    /// <summary>Supported modes, mode/label/endpoint[/value\mfgcode, ...].</summary>
    [Parameter]
    public string[]? SupportedMode { get; set; }

    /// <summary>Product label (1..64 characters).</summary>
    [Parameter]
    public string? ProductLabel { get; set; }

    /// <summary>Product URL (1..256 characters).</summary>
    [Parameter]
    public string? ProductUrl { get; set; }

    /// <summary>A key schema CSV (esp-matter-mfg-tool's --csv): its keys take their values from the rows' columns of the same name.</summary>
    [Parameter]
    public string? KeySchema { get; set; }

    /// <summary>Extra chip-factory string keys taken from the rows' columns of the same name.</summary>
    [Parameter]
    public string[]? ExtraKey { get; set; }

    /// <summary>
    /// The device ledger: a manifest file (created when missing), or a PostgreSQL database shared by several stations
    /// (a connection string such as 'Host=db;Database=factory;Username=line1', or postgres://line1@db/factory). Every device is reserved there before it is made and recorded when its
    /// files are complete, so running the same command again after a crash or a kill resumes the batch: devices already
    /// made are not made again, and two runs on one manifest never issue the same device id or serial number.
    /// </summary>
    [Parameter]
    public string? Manifest { get; set; }

    /// <summary>The user and password for a PostgreSQL -Manifest (else the connection string's, or PGPASSWORD).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ManifestCredential { get; set; }

    /// <summary>
    /// The manifest batch the input rows (or -Count devices) belong to; row N is slot N of the batch. Defaults to the
    /// VID/PID and output folder, so the same command resumes the same batch. Name a new batch (for example the CSV file
    /// name) to make more devices into the same folder.
    /// </summary>
    [Parameter]
    public string? Batch { get; set; }

    /// <summary>
    /// With -Manifest: serial numbers from a template with a counter that continues across runs and stations, such as
    /// 'ACME-{0:D6}'. A row's own SerialNumber still wins.
    /// </summary>
    [Parameter]
    public string? SerialNumberFormat { get; set; }

    /// <summary>The first counter value of -SerialNumberFormat when the manifest has none yet (default 1).</summary>
    [Parameter]
    [IntegerTransformation(0, long.MaxValue)]
    public long SerialNumberStart { get; set; } = 1;

    /// <summary>Appends a plain-text log of the run (devices made, skipped and failed, with reasons; never secrets).</summary>
    [Parameter]
    public string? LogPath { get; set; }

    /// <summary>Devices generated at the same time (default: the processor count).</summary>
    [Parameter]
    [IntegerTransformation(1, 256)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    protected override void BeginProcessingCore()
    {
        var o = new FactoryOptions
        {
            Count = Count, OutputDirectory = ResolvePath(OutputPath), WorkingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            PartitionSize = PartitionSize, Encrypt = Encrypt, NoBin = NoBin, NoSecureCertBin = NoSecureCertBin, DacInSecureCert = DacInSecureCert,
            CommissionableDataInSecureCert = CommissionableDataInSecureCert, RotatingDeviceIdUniqueIdInSecureCert = RotatingDeviceIdUniqueIdInSecureCert,
            DsPeripheral = DsPeripheral, EfuseKeyId = EfuseKeyId, Target = Target, CommissioningFlow = CommissioningFlow, DiscoveryMode = DiscoveryMode,
            EnableDynamicPasscode = DynamicPasscode, IterationCount = IterationCount, EnableRotatingDeviceId = EnableRotatingDeviceId,
            VendorName = VendorName, ProductName = ProductName, HardwareVersion = HardwareVersion >= 0 ? HardwareVersion : null,
            HardwareVersionString = HardwareVersionString, ManufacturingDate = ManufacturingDate, ProductFinish = ProductFinish, ProductColor = ProductColor,
            PartNumber = PartNumber, CalendarTypes = CalendarType, Locales = Locale, FixedLabels = FixedLabel, SupportedModes = SupportedMode,
            ProductLabel = ProductLabel, ProductUrl = ProductUrl, CnPrefix = CnPrefix, LifetimeDays = LifetimeDays > 0 ? LifetimeDays : null,
            ValidFrom = ValidFrom?.ToUniversalTime(), ThrottleLimit = ThrottleLimit,
            VendorId = VendorId, ProductId = ProductId,
            Passcode = Passcode >= 0 ? Passcode : null, Discriminator = Discriminator >= 0 ? Discriminator : null,
            SerialNumber = SerialNumber, RotatingDeviceIdUniqueId = RotatingDeviceIdUniqueId,
            CertificationDeclarationPath = CertificationDeclaration == null ? null : ResolvePath(CertificationDeclaration),
            CdSigningCertificatePath = CdSigningCertificate == null ? null : ResolvePath(CdSigningCertificate),
        };
        switch (ParameterSetName)
        {
            case ParameterSetPai:
                o.Attestation = AttestationMode.Pai;
                o.CertificatePath = ResolvePath(PaiCertificate!);
                o.KeyPath = PaiKey == null ? null : ResolveKeyPath(PaiKey);
                o.KeyPassword = Attestation.CredentialInput.Chars(PaiKeyPassword);
                o.DacCertificatePath = DacCertificate == null ? null : ResolvePath(DacCertificate);
                o.DacKeyPath = DacKey == null ? null : ResolvePath(DacKey);
                break;
            case ParameterSetPaa:
                o.Attestation = AttestationMode.Paa;
                o.CertificatePath = ResolvePath(PaaCertificate!);
                o.KeyPath = ResolveKeyPath(PaaKey!);
                o.KeyPassword = Attestation.CredentialInput.Chars(PaaKeyPassword);
                break;
            case ParameterSetTest:
                o.Attestation = AttestationMode.TestPki;
                o.VendorId = VendorId >= 0 ? VendorId : 0xFFF1;
                o.ProductId = ProductId >= 0 ? ProductId : 0x8000;
                WriteWarning("-TestAttestation: the DACs are issued under the public Matter TEST PAI. These devices cannot pass certification; never ship them.");
                break;
        }
        if (o.VendorId < 0 || o.ProductId < 0)
        {
            ThrowSetupError(FactoryAttestation.VendorProductRequired("give -VendorId and -ProductId (they default to 0xFFF1/0x8000 only with -TestAttestation)", null));
        }
        _options = o;
        _whatIf = !ShouldProcess(new FactoryLayout(o.OutputDirectory, o.VendorId, o.ProductId).Root, "Create Matter factory images");
        IReadOnlyList<ExtraKeyDeclaration>? rowKeys = null;
        try
        {
            rowKeys = ReadSchema();
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
        var settings = new FactoryBatchSettings
        {
            Options = o, RowKeys = rowKeys, Batch = Batch,
            SerialNumberFormat = SerialNumberFormat, SerialNumberStart = SerialNumberStart, LogPath = _whatIf || LogPath == null ? null : ResolvePath(LogPath),
            ProgramName = "New-MatterFactoryImage", OptionName = OptionName,
            Given = option => ParameterOf(option) is { } name && MyInvocation.BoundParameters.ContainsKey(name),
        };
        try
        {
            // The batch checks the whole setup here, before any input row arrives; -WhatIf checks it too but keeps nothing open.
            _batch = new FactoryBatch(settings, new MatterFactoryEngine(), Manifest != null && !_whatIf ? OpenLedger(Manifest, ManifestCredential) : null);
            foreach (string w in _batch.Warnings)
            {
                WriteWarning(w);
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
        finally
        {
            // The batch opened the key: the password/PIN copy is not needed any more.
            Attestation.CredentialInput.Wipe(o.KeyPassword);
            o.KeyPassword = null;
        }
        if (_whatIf)
        {
            _batch?.Dispose();
            _batch = null;
        }
    }

    /// <summary>The cmdlet's parameter for a core option name (null where it has none).</summary>
    private static string? ParameterOf(string option) => option switch
    {
        "count" => nameof(Count),
        "manifest" => nameof(Manifest),
        "batch" => nameof(Batch),
        "serial-num" => nameof(SerialNumber),
        "serial-num-format" => nameof(SerialNumberFormat),
        "cn-prefix" => nameof(CnPrefix),
        "size" => nameof(PartitionSize),
        "no-bin" => nameof(NoBin),
        "paa" => nameof(PaaCertificate),
        "commissioning-flow" => nameof(CommissioningFlow),
        "discovery-mode" => nameof(DiscoveryMode),
        "enable-dynamic-passcode" => nameof(DynamicPasscode),
        _ => null,
    };

    /// <summary>The cmdlet's parameter for a core option name, for messages.</summary>
    private static string OptionName(string option) => ParameterOf(option) is { } name ? "-" + name : "--" + option;

    protected override void ProcessRecordCore()
    {
        if (InputObject == null)
        {
            return;
        }
        // Rows are collected, not made at once: the whole input is checked (duplicates, the manifest) before any device is made.
        var input = ToInput(InputObject, _inputs.Count + 1);
        _inputs.Add(input);
        if (_whatIf)
        {
            ShouldProcess($"row {input.RowNumber} -> {new FactoryLayout(_options!.OutputDirectory, _options.VendorId, _options.ProductId).Root}", "Create Matter factory image");
        }
    }

    protected override void EndProcessingCore()
    {
        if (_batch == null)
        {
            return;
        }
        IEnumerable<FactoryOutcome> outcomes;
        try
        {
            outcomes = _batch.Run(MyInvocation.ExpectingInput ? _inputs : null, _cancel.Token);
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
            return;
        }
        _clock.Start();
        int total = MyInvocation.ExpectingInput ? _inputs.Count : _options!.Count;
        try
        {
            foreach (var r in outcomes)
            {
                Emit(r, total);
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
        WriteProgress(new ProgressRecord(1, "New-MatterFactoryImage", "Done") { RecordType = ProgressRecordType.Completed });
        if (_batch.Interrupted)
        {
            WriteWarning($"Stopped: {_batch.Made} devices made and listed in '{_batch.SummaryPath}'. Run the same command again to resume"
                + (Manifest != null ? " (made devices are skipped)." : "."));
        }
    }

    protected override void StopProcessing()
    {
        // Devices in progress are finished and recorded; the batch publishes its summaries and releases its locks as the
        // pipeline unwinds, and Dispose closes the manifest and the log.
        _cancel.Cancel();
    }

    /// <summary>Finishes an interrupted batch (Ctrl+C, an upstream or downstream error) and releases every lock, so the same command can run again at once.</summary>
    public void Dispose()
    {
        _batch?.Dispose();
        _batch = null;
        _cancel.Dispose();
    }

    private void Emit(FactoryOutcome r, int total)
    {
        _done++;
        switch (r.Kind)
        {
            case FactoryOutcomeKind.Made:
                WriteObject(r.Device);
                break;
            case FactoryOutcomeKind.AlreadyDone:
                WriteVerbose($"Row {r.RowNumber}: device {r.DeviceId} is already made in the manifest; not made again.");
                if (r.Device != null)
                {
                    WriteObject(r.Device);
                }
                break;
            case FactoryOutcomeKind.HeldByAnotherRun:
                WriteWarning($"Row {r.RowNumber}: device {r.DeviceId} is being made by another run ({r.HeldBy}); skipped.");
                break;
            default:
                WriteItemError(r.Error!, r.Error!.Target ?? $"row {r.RowNumber}");
                break;
        }
        // A progress record per device would cost the pipeline thread (and the host) more than the bar is worth: a few a second.
        double elapsed = _clock.Elapsed.TotalSeconds;
        if (elapsed < _nextProgress && _done < total)
        {
            return;
        }
        _nextProgress = elapsed + 0.25;
        double rate = _done / Math.Max(0.001, elapsed);
        var p = new ProgressRecord(1, "New-MatterFactoryImage", $"{_done} devices, {rate:F1} devices/s");
        if (total > 0)
        {
            p.PercentComplete = Math.Min(100, _done * 100 / total);
            p.SecondsRemaining = (int)Math.Ceiling((total - _done) / Math.Max(0.001, rate));
        }
        WriteProgress(p);
    }

    private DeviceInput ToInput(PSObject row, int rowNumber)
    {
        // An empty cell (Import-Csv gives "") means the value is not given, so it is generated like a missing column.
        string? Get(string name) => row.Properties[name]?.Value?.ToString() is { } v && v.Trim().Length > 0 ? v : null;
        var input = new DeviceInput
        {
            RowNumber = rowNumber, DeviceId = Get("DeviceId"), SerialNumber = Get("SerialNumber"), Passcode = Get("Passcode"),
            Discriminator = Get("Discriminator"), RotatingDeviceIdUniqueId = Get("RotatingDeviceIdUniqueId"), Salt = Get("Salt"),
            Verifier = Get("Verifier"), IterationCount = Get("IterationCount"),
        };
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in row.Properties)
        {
            if (!RowColumns.Contains(p.Name, StringComparer.OrdinalIgnoreCase) && p.Value != null)
            {
                extra[p.Name] = p.Value.ToString() ?? "";
            }
        }
        input.Extra = extra;
        return input;
    }

    private IReadOnlyList<ExtraKeyDeclaration>? ReadSchema()
    {
        var list = new List<ExtraKeyDeclaration>();
        if (KeySchema != null)
        {
            string path = ResolvePath(KeySchema);
            string text;
            try
            {
                text = Text.TextFileDecoder.Decode(System.IO.File.ReadAllBytes(path), path);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                ThrowSetupError(MfgException.FileError("-KeySchema", path, e));
                return null;
            }
            try
            {
                list.AddRange(ExtraKeyCsv.ParseSchema(text, path));
            }
            catch (MfgException e)
            {
                ThrowSetupError(e);
            }
        }
        foreach (string key in ExtraKey ?? Array.Empty<string>())
        {
            list.Add(new ExtraKeyDeclaration(ExtraKeyCsv.ChipFactory, key, false, "string", 0));
        }
        return list.Count == 0 ? null : list;
    }
}
