using System.IO;
using System.Management.Automation;
using System.Text;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.IO;
using MatterMfg.Onboarding;
using MatterMfg.PowerShell.Completion;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>Makes a device's QR code and manual pairing code from its fields, or decodes a QR or manual code back into them.</summary>
/// <remarks>
/// <para>With -VendorId, -ProductId, -Passcode and -Discriminator (bound by property name from Import-Csv rows or from
/// New-MatterFactoryImage objects) it builds the onboarding payload exactly as esp-matter-mfg-tool does: the QR text
/// (MT: + Base38 of the packed fields) and the 11-digit manual code, or 21 digits with VID and PID for the user-intent and
/// custom flows. -DiscoveryCapabilities defaults to 2 (BLE), the reference's default. Every field is checked as
/// connectedhomeip does, and a bad row is reported as a non-terminating error naming the field; the pipeline goes on.</para>
/// <para>With -QrCode or -ManualCode it decodes the code and checks it: a wrong prefix, a character outside Base38, a bad
/// length, a wrong check digit or a forbidden passcode inside are errors that say which. A concatenated QR code
/// (MT:...*...) gives one object per payload.</para>
/// <para>-QrImagePath writes the QR image: PNG (error correction M, 4-module quiet zone, -PixelsPerModule px per module,
/// 6 by default as the reference), SVG, or text; the format follows -Format or the file extension. -ShowQrCode draws the
/// code on the console for a test engineer to scan.</para>
/// <para>Also available as Get-OnboardingPayload, the design card's name.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840</code>
/// <para>Gives QrCode MT:Y.K9042C00KA0648G00 and ManualCode 34970112332 (3497-011-2332).</para>
/// </example>
/// <example>
/// <code>PS> Import-Csv devices.csv | Get-MatterOnboardingPayload -QrImagePath { "labels/$($_.SerialNumber).png" }</code>
/// <para>One payload and one PNG per row; the rows' VendorId, ProductId, Passcode and Discriminator columns bind by name.</para>
/// </example>
/// <example>
/// <code>PS> Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -ShowQrCode</code>
/// <para>Decodes a QR code into its fields and draws it on the console.</para>
/// </example>
/// <example>
/// <code>PS> Get-MatterOnboardingPayload -ManualCode 3497-011-2332</code>
/// <para>Decodes a manual code: passcode and the short (4-bit) discriminator.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "MatterOnboardingPayload", SupportsShouldProcess = true, DefaultParameterSetName = FieldsSet)]
[OutputType(typeof(OnboardingPayloadInfo))]
[Alias("Get-OnboardingPayload")]
public sealed class GetMatterOnboardingPayloadCommand : MatterMfgCmdlet
{
    public const string FieldsSet = "Fields";
    public const string QrCodeSet = "QrCode";
    public const string ManualCodeSet = "ManualCode";

    /// <summary>The pipeline object the fields came from; it is the target of the errors about it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Vendor id (0, or 0x0001..0xFFF4).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FieldsSet, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Vid")]
    public int VendorId { get; set; }

    /// <summary>Product id (non-zero unless the vendor id is 0).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FieldsSet, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Pid")]
    public int ProductId { get; set; }

    /// <summary>Setup passcode, 1..99999998 and not one of the forbidden values (00000000, 11111111, ..., 12345678, 87654321).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FieldsSet, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, SetupPasscode.FieldMax)]
    [Alias("Pincode")]
    public long Passcode { get; set; }

    /// <summary>The 12-bit discriminator, 0..4095.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FieldsSet, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, SetupDiscriminator.Max)]
    public int Discriminator { get; set; }

    /// <summary>Commissioning flow: 0 standard (default), 1 user intent, 2 custom. Non-standard flows give a 21-digit manual code.</summary>
    [Parameter(ParameterSetName = FieldsSet, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 2)]
    [ArgumentCompleter(typeof(CommissioningFlowCompleter))]
    public int CommissioningFlow { get; set; }

    /// <summary>Discovery capabilities bitmask: 1 SoftAP, 2 BLE (default), 4 on-network, 8 Wi-Fi PAF, 16 NFC, 32 Thread.</summary>
    [Parameter(ParameterSetName = FieldsSet, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFF)]
    [Alias("DiscoveryMode")]
    [ArgumentCompleter(typeof(DiscoveryModeCompleter))]
    public int DiscoveryCapabilities { get; set; } = (int)MatterMfg.Onboarding.DiscoveryCapabilities.Ble;

    /// <summary>A QR code text (MT:...) to decode.</summary>
    [Parameter(Mandatory = true, ParameterSetName = QrCodeSet, ValueFromPipelineByPropertyName = true)]
    public string QrCode { get; set; } = "";

    /// <summary>A manual pairing code to decode (dashes and spaces are ignored).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ManualCodeSet, ValueFromPipelineByPropertyName = true)]
    public string ManualCode { get; set; } = "";

    /// <summary>Writes the QR image to this file (a script block gives a path per pipeline object).</summary>
    [Parameter(ParameterSetName = FieldsSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = QrCodeSet, ValueFromPipelineByPropertyName = true)]
    public string? QrImagePath { get; set; }

    /// <summary>Image format: Png, Svg or Text (Unicode blocks). Default: from the file extension (.svg, .txt), else Png.</summary>
    [Parameter(ParameterSetName = FieldsSet)]
    [Parameter(ParameterSetName = QrCodeSet)]
    [ValidateSet("Png", "Svg", "Text")]
    public string? Format { get; set; }

    /// <summary>Pixels per QR module of the PNG and SVG (default 6: 198×198 px for a 22-character code, as the reference).</summary>
    [Parameter(ParameterSetName = FieldsSet)]
    [Parameter(ParameterSetName = QrCodeSet)]
    [IntegerTransformation(1, 100)]
    public int PixelsPerModule { get; set; } = QrImage.DefaultPixelsPerModule;

    /// <summary>Draws the QR code on the console (information stream, tagged PSHOST so it shows like Write-Host).</summary>
    [Parameter(ParameterSetName = FieldsSet)]
    [Parameter(ParameterSetName = QrCodeSet)]
    public SwitchParameter ShowQrCode { get; set; }

    protected override void ProcessRecordCore()
    {
        object? target = InputObject ?? (object?)(ParameterSetName == FieldsSet ? null : ParameterSetName == QrCodeSet ? QrCode : ManualCode);
        try
        {
            switch (ParameterSetName)
            {
                case FieldsSet:
                    var payload = new SetupPayload
                    {
                        VendorId = VendorId,
                        ProductId = ProductId,
                        CommissioningFlow = (CommissioningFlow)CommissioningFlow,
                        DiscoveryCapabilities = (DiscoveryCapabilities)DiscoveryCapabilities,
                        Discriminator = Discriminator,
                        Passcode = Passcode,
                    };
                    Emit(OnboardingPayloadInfo.From(payload, payload.ToQrCode(), payload.ToManualCode()), target);
                    break;
                case QrCodeSet:
                    // Decoding has checked each payload as connectedhomeip does when reading a device's code; re-encoding
                    // under the same rules gives each payload of a concatenated code its own text.
                    foreach (var p in QrCodePayload.Decode(QrCode.Trim()))
                    {
                        Emit(OnboardingPayloadInfo.From(p, QrCodePayload.Encode(p, PayloadCheck.ParsedQrCode), ManualPairingCode.Encode(p, validate: false)), target);
                    }
                    break;
                default:
                    // Its own view (MatterMfg.ManualCode.format.ps1xml): a manual code has no QR code, no discovery
                    // capabilities, a 4-bit discriminator and, at 11 digits, no VID/PID, so the payload table's columns do not fit it.
                    var m = SetupPayload.ParseManualCode(ManualCode);
                    var row = new PSObject(OnboardingPayloadInfo.From(m, null, ManualPairingCode.Encode(m, validate: false)));
                    row.TypeNames.Insert(0, OnboardingPayloadInfo.ManualCodeTypeName);
                    WriteObject(row);
                    break;
            }
        }
        catch (MfgException e)
        {
            WriteItemError(e, target);
        }
    }

    private void Emit(OnboardingPayloadInfo info, object? target)
    {
        if (ShowQrCode)
        {
            // What Write-Host does: the console shows it, the output pipeline stays clean.
            WriteInformation(new HostInformationMessage { Message = QrImage.Text(info.QrCode!) }, new[] { "PSHOST" });
        }
        if (QrImagePath != null)
        {
            string path = ResolvePath(QrImagePath);
            string format = Format ?? Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".svg" => "Svg",
                ".txt" => "Text",
                _ => "Png",
            };
            if (!ShouldProcess(path, $"Write the {format} QR image of {info.QrCode}"))
            {
                WriteObject(info);
                return;
            }
            // AtomicFile reports a failed write as an MfgException, which ProcessRecord turns into this row's error.
            byte[] bytes = format switch
            {
                "Svg" => new UTF8Encoding(false).GetBytes(QrImage.Svg(info.QrCode!, PixelsPerModule)),
                "Text" => new UTF8Encoding(false).GetBytes(QrImage.Text(info.QrCode!)),
                _ => QrImage.Png(info.QrCode!, PixelsPerModule),
            };
            AtomicFile.WriteAllBytes(path, bytes);
            info.QrImagePath = path;
        }
        WriteObject(info);
    }
}
