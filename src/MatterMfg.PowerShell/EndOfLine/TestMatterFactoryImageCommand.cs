using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Attestation;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.EndOfLine;
using MatterMfg.Factory;
using MatterMfg.Manifest;
using MatterMfg.Nvs;
using MatterMfg.PowerShell.Completion;
using MatterMfg.PowerShell.Esp;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.EndOfLine;

/// <summary>Checks a factory partition the way a commissioner and the firmware will use it: the end-of-line check.</summary>
/// <remarks>
/// <para>Decodes the chip-factory NVS partition (a file, or read back from a board with -Port) and checks, rule by rule:
/// RequiredKeys (the keys the ESP32 firmware needs), KeyTypes (each key has the type the firmware reads), CommissioningData
/// (discriminator, salt, iteration count, verifier well-formed), Verifier (matches the passcode when it is known),
/// VendorProduct (the expected VID/PID), DacKeys (dac-key and dac-pub-key belong to the DAC), AttestationChain (the DAC
/// chains to the PAI, and the PAA when given, under the Matter certificate rules, with the partition's VID/PID),
/// CertificationDeclaration (covers the VID/PID; its signature verifies under -CdSigningCertificate, or else under one of
/// the CD signing keys Matter commissioners trust: CSA Signing Key 001-005 or the public test key),
/// RotatingDeviceIdUniqueId (at least 16 bytes) and OnboardingCodes (QR and manual code carry this partition's data).</para>
/// <para>A rule whose input is missing is Skipped, not failed. The passcode, QR code and manual code come from the parameters,
/// the pipeline (New-MatterFactoryImage's objects) or, with -Manifest, from the device's onb_codes.csv in its output folder.
/// With -Manifest the device (by -DeviceId, or by the partition's serial number) is marked Verified when every rule passed,
/// and Failed with the failed rules' names otherwise.</para>
/// <para>One result per partition with Passed and the Checks; -Quiet returns only $true or $false.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath out | Test-MatterFactoryImage -TestAttestation</code>
/// <para>Generates two test devices and checks each partition file, including the verifier against its passcode and the DAC chain to the test PAA.</para>
/// </example>
/// <example>
/// <code>PS> Test-MatterFactoryImage -Path .\out\fff2_8001\0b5f...\0b5f...-partition.bin -Passcode 20202021 -PaiCertificate pai.pem | Select-Object -ExpandProperty Checks</code>
/// <para>Shows each rule's outcome and message for one partition file.</para>
/// </example>
/// <example>
/// <code>PS> Test-MatterFactoryImage -Port COM5 -Manifest .\line1.manifest -PaiCertificate pai.pem</code>
/// <para>Reads the fctry partition back from the board on COM5 (found through the board's partition table), checks it with the
/// passcode from the device's folder, and records the board as Verified or Failed in the manifest.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "MatterFactoryImage", DefaultParameterSetName = ParameterSetPath)]
[OutputType(typeof(FactoryImageTestResult), typeof(bool))]
public sealed class TestMatterFactoryImageCommand : EspPortCmdlet
{
    public const string ParameterSetPath = "Path";
    public const string ParameterSetPort = "Port";

    /// <summary>The factory partition image file (New-MatterFactoryImage's PartitionPath).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSetPath, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PartitionPath", "FullName")]
    public string Path { get; set; } = "";

    /// <summary>The serial port of a board to read the factory partition back from (tab completion lists the ports).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetPort)]
    [ArgumentCompleter(typeof(EspPortCompleter))]
    public string Port { get; set; } = "";

    /// <summary>With -Port: the label of the factory partition in the board's partition table.</summary>
    [Parameter(ParameterSetName = ParameterSetPort)]
    [ArgumentCompleter(typeof(PartitionLabelCompleter))]
    public string PartitionLabel { get; set; } = "fctry";

    /// <summary>With -Port: the label of the NVS keys partition, for an encrypted factory partition.</summary>
    [Parameter(ParameterSetName = ParameterSetPort)]
    [ArgumentCompleter(typeof(PartitionLabelCompleter))]
    public string? KeysPartitionLabel { get; set; }

    /// <summary>The NVS keys partition, for an encrypted factory partition.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? KeysPartitionPath { get; set; }

    /// <summary>The device's id (New-MatterFactoryImage's DeviceId): finds it in -Manifest.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DeviceId { get; set; }

    /// <summary>The device's passcode: the verifier must match it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, SetupPasscode.FieldMax)]
    public long? Passcode { get; set; }

    /// <summary>The device's QR code string (MT:...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? QrCode { get; set; }

    /// <summary>The device's manual pairing code (dashes allowed).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ManualCode { get; set; }

    /// <summary>The secure-cert partition, when the DAC lives there (then the partition has no DAC, key or PAI).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? SecureCertPath { get; set; }

    /// <summary>The VID the device must have.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    public long? VendorId { get; set; }

    /// <summary>The PID the device must have.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    public long? ProductId { get; set; }

    /// <summary>The PAI certificate (PEM or DER) the DAC must chain to; the partition's pai-cert must be this one.</summary>
    [Parameter]
    public string? PaiCertificate { get; set; }

    /// <summary>The PAA certificate (PEM or DER) the PAI must chain to.</summary>
    [Parameter]
    public string? PaaCertificate { get; set; }

    /// <summary>The certificate the Certification Declaration must be signed by; default: the CD signing keys Matter commissioners trust.</summary>
    [Parameter]
    public string? CdSigningCertificate { get; set; }

    /// <summary>Check against the built-in Matter test PKI: the test PAA, and the test CD signing certificate.</summary>
    [Parameter]
    public SwitchParameter TestAttestation { get; set; }

    /// <summary>The DAC, its key and the PAI are not in the partition (secure-cert partition or a pre-provisioned module).</summary>
    [Parameter]
    public SwitchParameter DacElsewhere { get; set; }

    /// <summary>The firmware computes the verifier (esp-matter-mfg-tool --enable-dynamic-passcode): no verifier is expected.</summary>
    [Parameter]
    public SwitchParameter DynamicPasscode { get; set; }

    /// <summary>The device ledger (a manifest file, or a PostgreSQL connection string): supplies the passcode and codes from the device's folder, and records Verified or Failed.</summary>
    [Parameter]
    public string? Manifest { get; set; }

    /// <summary>The user and password for a PostgreSQL -Manifest (else the connection string's, or PGPASSWORD).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ManifestCredential { get; set; }

    /// <summary>Return only $true (every rule passed) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    private byte[]? _pai;
    private byte[]? _paa;
    private byte[]? _cdSigner;
    private IDeviceLedger? _store;

    protected override void BeginProcessingCore()
    {
        try
        {
            if (TestAttestation)
            {
                _paa = MatterTestPki.Paa.Der;
                _cdSigner = MatterTestPki.CdSigner.Der;
            }
            _pai = PaiCertificate != null ? AttestationCredentials.ReadCertificate(ResolvePath(PaiCertificate)).Der : null;
            _paa = PaaCertificate != null ? AttestationCredentials.ReadCertificate(ResolvePath(PaaCertificate)).Der : _paa;
            _cdSigner = CdSigningCertificate != null ? AttestationCredentials.ReadCertificate(ResolvePath(CdSigningCertificate)).Der : _cdSigner;
            if (Manifest != null)
            {
                _store = OpenLedger(Manifest, ManifestCredential, mustExist: true);
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }

    protected override void ProcessRecordCore()
    {
        if (ParameterSetName == ParameterSetPort)
        {
            FactoryImageTestResult? result = null;
            WithLoader(Port, loader =>
            {
                var table = loader.ReadPartitionTable();
                byte[] image = loader.ReadPartition(PartitionLabel, table);
                NvsKeys? keys = KeysPartitionLabel != null ? NvsKeys.FromPartition(loader.ReadPartition(KeysPartitionLabel, table), $"{Port}:{KeysPartitionLabel}") : null;
                string source = $"{Port}:{PartitionLabel}";
                result = Check(NvsPartitionReader.Read(image, keys, source), source, Port);
            });
            if (result != null)
            {
                Emit(result);
            }
            return;
        }
        string source = ResolvePath(Path);
        try
        {
            byte[] image = ReadFile(source, "partition");
            NvsKeys? keys = KeysPartitionPath != null ? NvsKeys.FromPartition(ReadFile(ResolvePath(KeysPartitionPath), "keys partition"), KeysPartitionPath) : null;
            Emit(Check(NvsPartitionReader.Read(image, keys, source), source, null));
        }
        catch (MfgException e)
        {
            WriteItemError(e, source);
        }
    }

    protected override void EndProcessingCore() => _store?.Dispose();

    protected override void StopProcessing() => _store?.Dispose();

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw MfgException.FileError("The " + what, path, e);
        }
    }

    private FactoryImageTestResult Check(NvsImage image, string source, string? port)
    {
        var expect = new FactoryImageExpectations
        {
            Passcode = Passcode is { } p ? (uint)p : null,
            QrCode = string.IsNullOrEmpty(QrCode) ? null : QrCode,
            ManualCode = string.IsNullOrEmpty(ManualCode) ? null : ManualCode,
            VendorId = (int?)VendorId,
            ProductId = (int?)ProductId,
            PaiCertificateDer = _pai,
            PaaCertificateDer = _paa,
            CdSigningCertificateDer = _cdSigner,
            DacElsewhere = DacElsewhere || !string.IsNullOrEmpty(SecureCertPath),
            DynamicPasscode = DynamicPasscode,
        };
        ManifestDevice? device = null;
        if (_store != null)
        {
            string? serial = image.Entries.FirstOrDefault(e => e.Namespace == FactoryImageInspector.Namespace && e.Key == "serial-num")?.Value as string;
            device = DeviceId != null ? _store.Find(DeviceId) : serial != null ? _store.FindBySerialNumber(serial) : null;
            if (device?.OutputFolder is { } folder)
            {
                FillFromOnboardingFile(expect, System.IO.Path.Combine(folder, device.DeviceId + "-onb_codes.csv"));
            }
        }
        var report = FactoryImageInspector.Inspect(image, expect);
        if (_store != null && device != null)
        {
            if (report.Passed)
            {
                _store.Mark(device.DeviceId, DeviceState.Verified, port);
            }
            else
            {
                _store.Mark(device.DeviceId, DeviceState.Failed, port, "EndOfLineCheck: " + string.Join(", ", report.Failures.Select(f => f.Name)));
            }
        }
        else if (_store != null)
        {
            WriteWarning($"{source}: the device is not in the manifest (no -DeviceId, and no device with serial number '{report.SerialNumber}'); nothing was recorded.");
        }
        return new FactoryImageTestResult(device?.DeviceId ?? DeviceId, source, port, report);
    }

    /// <summary>The passcode and codes the factory wrote for the device (its onb_codes.csv), where not given.</summary>
    private static void FillFromOnboardingFile(FactoryImageExpectations expect, string path)
    {
        if (File.Exists(path) && FactoryFiles.ReadOnboardingCodes(path) is { } codes)
        {
            expect.QrCode ??= codes.QrCode;
            expect.ManualCode ??= codes.ManualCode;
            expect.Passcode ??= codes.Passcode;
        }
    }

    private void Emit(FactoryImageTestResult result)
    {
        if (Quiet)
        {
            WriteObject(result.Passed);
        }
        else
        {
            WriteObject(result);
        }
    }
}
