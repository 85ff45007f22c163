using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.Manifest;
using MatterMfg.PowerShell.Completion;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Esp;

/// <summary>Writes partition images to ESP32-family chips over serial through the ROM bootloader, verified by MD5; many boards at once.</summary>
/// <remarks>
/// <para>Speaks the ESP ROM serial protocol itself (no esptool, no Python): resets the chip into download mode (-Before),
/// syncs, checks the chip (-Chip), switches to -Baud, attaches the flash, writes each image (zlib-compressed unless
/// -NoCompress), checks the chip's MD5 of the written region (unless -NoVerify) and resets the chip into its app (-After).</para>
/// <para>Where: -Offset, or -PartitionLabel / -PartitionType (+ -PartitionSubtype) looked up in the partition table read from
/// the chip, or from -PartitionTable (a partitions.csv or table .bin). An image larger than its partition, or one that would
/// cross a partition boundary, is refused before anything is written.</para>
/// <para>Factory devices from New-MatterFactoryImage bind by property name: PartitionPath goes to -PartitionLabel (default
/// fctry), KeysPartitionPath to -KeysPartitionLabel (nvs_keys), SecureCertPath to -SecureCertLabel (esp_secure_cert), all
/// in one connection. With several -Port values the devices are spread over the ports in parallel, one board per port at
/// a time; every result names its port. A board whose MAC was already flashed in this run, or that -Manifest records as
/// flashed with another device (in any run, on any station), is refused before anything is written (EspBoardAlreadyFlashed)
/// unless -Force; a DeviceId the manifest does not know is refused before the board is touched (ManifestDeviceNotFound).
/// With -After None, or on a port without DTR/RTS, the ROM loader is left at 115200 baud so the next command reaches it.</para>
/// <para>A port in -Port that does not exist stops the command before any board (EspPortNotFound).</para>
/// <para>Each write is one EspWriteRecord: Port, Chip, Mac, DeviceId, Path, PartitionLabel, Offset, Size, Md5, Verified,
/// Duration. Failures are non-terminating errors with the device as target: EspPortNotFound, EspPortBusy, EspNoSync (names
/// the reset tried; check download mode), EspWrongChip, EspFlashTooSmall, EspImageTooLarge, EspMd5Mismatch. With -Manifest
/// each device is recorded as Flashed (port, station, time), or Failed with the reason.</para>
/// </remarks>
/// <example>
/// <code>PS> Write-EspPartition -Port COM5 -Path fctry.bin -PartitionLabel fctry</code>
/// <para>Writes one image into the board's fctry partition.</para>
/// </example>
/// <example>
/// <code>PS> Write-EspPartition -Port /dev/ttyUSB0 -Path nvs.bin -Offset 0x9000 -Baud 921600</code>
/// <para>Writes at an explicit offset.</para>
/// </example>
/// <example>
/// <code>PS> Import-Csv devices.csv | New-MatterFactoryImage -TestAttestation -OutputPath out | Write-EspPartition -Port COM3,COM4,COM5,COM6 -Manifest line1.manifest</code>
/// <para>Gang programming: four boards at a time, each device recorded as Flashed in the manifest.</para>
/// </example>
[Cmdlet(VerbsCommunications.Write, "EspPartition", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetDevice)]
[OutputType(typeof(EspWriteRecord))]
public sealed class WriteEspPartitionCommand : EspPortCmdlet, IDisposable
{
    public const string ParameterSetDevice = "Device";
    public const string ParameterSetPath = "Path";

    private EspGang? _gang;
    private IDeviceLedger? _manifest;
    private EspFlashSettings? _settings;
    private readonly Dictionary<string, ProgressRecord> _progress = new();
    private int _submitted;
    private int _finished;

    /// <summary>Serial port(s). With several, devices are flashed in parallel, one per port at a time.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(EspPortCompleter))]
    public string[] Port { get; set; } = Array.Empty<string>();

    /// <summary>An image file to write (with -Offset, -PartitionLabel or -PartitionType).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPath, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string? Path { get; set; }

    /// <summary>Flash offset for -Path (a multiple of 0x1000).</summary>
    [Parameter(ParameterSetName = ParameterSetPath)]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long Offset { get; set; } = -1;

    /// <summary>Partition to write -Path into, or where a factory device's PartitionPath goes (default fctry).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PartitionLabelCompleter))]
    public string? PartitionLabel { get; set; }

    /// <summary>Partition type for -Path (app, data or a number), with -PartitionSubtype (nvs, nvs_keys, ...).</summary>
    [Parameter(ParameterSetName = ParameterSetPath)]
    public string? PartitionType { get; set; }

    /// <summary>Partition subtype for -PartitionType.</summary>
    [Parameter(ParameterSetName = ParameterSetPath)]
    public string? PartitionSubtype { get; set; }

    /// <summary>A factory device's chip-factory NVS partition (New-MatterFactoryImage output).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetDevice, ValueFromPipelineByPropertyName = true)]
    public string? PartitionPath { get; set; }

    /// <summary>A factory device's NVS keys partition (when encrypted).</summary>
    [Parameter(ParameterSetName = ParameterSetDevice, ValueFromPipelineByPropertyName = true)]
    public string? KeysPartitionPath { get; set; }

    /// <summary>A factory device's secure-cert partition.</summary>
    [Parameter(ParameterSetName = ParameterSetDevice, ValueFromPipelineByPropertyName = true)]
    public string? SecureCertPath { get; set; }

    /// <summary>The device id, recorded in -Manifest and in the output.</summary>
    [Parameter(ParameterSetName = ParameterSetDevice, ValueFromPipelineByPropertyName = true)]
    public string? DeviceId { get; set; }

    /// <summary>Label of the keys partition (default nvs_keys).</summary>
    [Parameter(ParameterSetName = ParameterSetDevice)]
    [ArgumentCompleter(typeof(PartitionLabelCompleter))]
    public string KeysPartitionLabel { get; set; } = "nvs_keys";

    /// <summary>Label of the secure-cert partition (default esp_secure_cert).</summary>
    [Parameter(ParameterSetName = ParameterSetDevice)]
    [ArgumentCompleter(typeof(PartitionLabelCompleter))]
    public string SecureCertLabel { get; set; } = "esp_secure_cert";

    /// <summary>A partitions.csv or partition table .bin to resolve labels with, instead of the table on the chip.</summary>
    [Parameter]
    public string? PartitionTable { get; set; }

    /// <summary>Where the partition table is on the chip (0x8000 unless moved).</summary>
    [Parameter]
    [IntegerTransformation(0, 0xFFFFFFFF)]
    public long PartitionTableOffset { get; set; } = EspPartitionTable.DefaultOffset;

    /// <summary>Skip the MD5 check after writing (the result then says Verified = False).</summary>
    [Parameter]
    public SwitchParameter NoVerify { get; set; }

    /// <summary>Send the images uncompressed (FLASH_DATA instead of FLASH_DEFL_DATA).</summary>
    [Parameter]
    public SwitchParameter NoCompress { get; set; }

    /// <summary>Flash a board that the manifest records as flashed with another device (a board reworked on purpose).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The device ledger (a manifest file, or a PostgreSQL connection string): each device (by DeviceId) is recorded as Flashed with port, station and time, or Failed.</summary>
    [Parameter]
    public string? Manifest { get; set; }

    /// <summary>The user and password for a PostgreSQL -Manifest (else the connection string's, or PGPASSWORD).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ManifestCredential { get; set; }

    protected override void BeginProcessingCore()
    {
        var duplicate = Port.GroupBy(p => p, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
        {
            ThrowSetupError(ErrorIds.EspPortRepeated, ErrorCategory.InvalidArgument, $"-Port names '{duplicate.Key}' twice; each port is one board.", duplicate.Key);
        }
        try
        {
            // A station's port list is setup: a missing port stops the run before any board, instead of failing every Nth device.
            foreach (string port in Port)
            {
                SerialPortTransport.CheckExists(port);
            }
            _settings = new EspFlashSettings
            {
                Baud = Baud, Before = Before, After = After, ExpectedChip = ExpectedChip, Compress = !NoCompress, Verify = !NoVerify,
                PartitionTableOffset = (uint)PartitionTableOffset,
                PartitionTable = PartitionTable == null ? null : EspPartitionTable.Load(ResolvePath(PartitionTable), (uint)PartitionTableOffset),
            };
            if (Manifest != null)
            {
                _manifest = OpenLedger(Manifest, ManifestCredential, mustExist: true);
                _manifest.Read();
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }

    protected override void ProcessRecordCore()
    {
        var request = BuildRequest();
        if (request == null)
        {
            return;
        }
        // Every manifest check comes before the board is touched: a device the manifest does not know is never written.
        if (_manifest != null && request.DeviceId != null && _manifest.Find(request.DeviceId) == null)
        {
            WriteItemError(LedgerErrors.DeviceNotFound(request.DeviceId, _manifest.Location, "no board was written"), request.DeviceId);
            return;
        }
        string target = $"{string.Join(", ", request.Images.Select(i => $"{i.Path} -> {i.Where}"))} on {string.Join(",", Port)}";
        if (!ShouldProcess(target, "Write flash"))
        {
            return;
        }
        _gang ??= new EspGang(Port, (name, baud) => SerialPortTransport.Open(name, baud), _settings!, _manifest == null || Force ? null : FlashedWithAnotherDevice);
        _submitted++;
        while (!_gang.TrySubmit(request, TimeSpan.FromMilliseconds(50)))
        {
            Pump(TimeSpan.Zero);
        }
        Pump(TimeSpan.Zero);
    }

    private EspFlashRequest? BuildRequest()
    {
        var images = new List<EspImage>();
        if (ParameterSetName == ParameterSetPath)
        {
            int ways = (Offset >= 0 ? 1 : 0) + (PartitionLabel != null ? 1 : 0) + (PartitionType != null ? 1 : 0);
            if (ways != 1)
            {
                WriteItemError(ErrorIds.EspWhereMissing, ErrorCategory.InvalidArgument, $"'{Path}': give exactly one of -Offset, -PartitionLabel, -PartitionType.", Path);
                return null;
            }
            images.Add(new EspImage
            {
                Path = ResolvePath(Path!), Offset = Offset >= 0 ? (uint)Offset : null, Label = PartitionLabel, Type = PartitionType, Subtype = PartitionSubtype,
            });
        }
        else
        {
            images.Add(new EspImage { Path = ResolvePath(PartitionPath!), Label = PartitionLabel ?? "fctry" });
            if (!string.IsNullOrEmpty(KeysPartitionPath))
            {
                images.Add(new EspImage { Path = ResolvePath(KeysPartitionPath!), Label = KeysPartitionLabel });
            }
            if (!string.IsNullOrEmpty(SecureCertPath))
            {
                images.Add(new EspImage { Path = ResolvePath(SecureCertPath!), Label = SecureCertLabel });
            }
        }
        string? deviceId = ParameterSetName == ParameterSetDevice ? DeviceId : null;
        return new EspFlashRequest { DeviceId = deviceId, Images = images, Source = deviceId != null ? $"device {deviceId}" : images[0].Path };
    }

    /// <summary>Asked on a port worker with each board's MAC: the manifest (read fresh: other stations append to it) must not record it flashed with another device.</summary>
    private string? FlashedWithAnotherDevice(string mac, EspFlashRequest request)
    {
        var holders = _manifest!.Read().FlashedOnBoard(mac, request.DeviceId).Select(d => d.DeviceId).ToList();
        return holders.Count == 0 ? null
            : $"is recorded in the manifest as flashed with {string.Join(", ", holders)}; a board gets one identity. Put a new board on the port, or rework this one on purpose with -Force.";
    }

    protected override void EndProcessingCore()
    {
        if (_gang == null)
        {
            return;
        }
        _gang.Complete();
        Pump(null);
        foreach (var p in _progress.Values)
        {
            p.RecordType = ProgressRecordType.Completed;
            WriteProgress(p);
        }
        Close();
    }

    protected override void StopProcessing() => _gang?.Cancel();

    /// <summary>After Ctrl+C or a failure upstream: stops the port workers and releases the ports and the manifest.</summary>
    public void Dispose() => Close();

    private void Close()
    {
        _gang?.Dispose();
        _gang = null;
        _manifest?.Dispose();
        _manifest = null;
    }

    /// <summary>Writes what the port workers reported; with <paramref name="wait"/> null, until they all finished.</summary>
    private void Pump(TimeSpan? wait)
    {
        var events = _gang!.Events;
        while (true)
        {
            EspGangEvent? e;
            if (wait == null)
            {
                if (!events.TryTake(out e, System.Threading.Timeout.Infinite))
                {
                    return;
                }
            }
            else if (!events.TryTake(out e, wait.Value))
            {
                return;
            }
            Handle(e);
        }
    }

    private void Handle(EspGangEvent e)
    {
        if (e.Verbose != null)
        {
            WriteVerbose($"{e.Port}: {e.Verbose}");
        }
        if (e.Warning != null)
        {
            WriteWarning($"{e.Port}: {e.Warning}");
        }
        if (e.Progress is EspProgress p)
        {
            if (!_progress.TryGetValue(e.Port, out var record))
            {
                record = new ProgressRecord(_progress.Count + 1, "Write-EspPartition " + e.Port, "connecting");
                _progress[e.Port] = record;
            }
            record.StatusDescription = $"{p.DeviceId ?? p.What}: {p.What} {p.Done}/{p.Total} bytes, {p.Rate / 1024:F1} KiB/s";
            record.PercentComplete = p.Total > 0 ? (int)Math.Min(100, p.Done * 100 / p.Total) : 0;
            record.SecondsRemaining = p.Rate > 0 ? (int)Math.Ceiling((p.Total - p.Done) / p.Rate) : -1;
            WriteProgress(record);
        }
        if (!e.Finished)
        {
            return;
        }
        _finished++;
        var request = e.Request!;
        if (e.Error != null)
        {
            Record(request, DeviceState.Failed, e.Port, e.Error.ErrorId + ": " + e.Error.Message);
            WriteItemError(e.Error, request.Source);
            return;
        }
        foreach (var r in e.Results!)
        {
            WriteObject(r);
        }
        var results = e.Results!;
        bool verified = results.All(r => r.Verified);
        Record(request, DeviceState.Flashed, e.Port,
            $"{results[0].Chip} {results[0].Mac}; " + string.Join(", ", results.Select(r => $"{r.PartitionLabel ?? Hex(r.Offset)} md5 {r.Md5}{(r.Verified ? " verified" : " not verified")}")) +
            (verified ? "" : " (written with -NoVerify)"));
    }

    private void Record(EspFlashRequest request, DeviceState state, string port, string detail)
    {
        if (_manifest == null)
        {
            return;
        }
        if (request.DeviceId == null)
        {
            WriteWarning($"{port}: the board was {(state == DeviceState.Failed ? "not flashed" : "flashed")} but has no DeviceId; not recorded in the manifest.");
            return;
        }
        try
        {
            _manifest.Mark(request.DeviceId, state, port, detail);
        }
        catch (MfgException m)
        {
            WriteItemError(m, request.DeviceId);
        }
    }
}
