using System.IO;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.IO;
using MatterMfg.Nvs;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Nvs;

/// <summary>Writes an NVS keys partition: the AES-XTS keys that encrypt an NVS partition, with their CRC.</summary>
/// <remarks>
/// <para>The 4096-byte file holds the 32-byte data key, the 32-byte tweak key, their CRC-32 and 0xFF padding, as
/// esp-idf-nvs-partition-gen generate-key writes it. Flash it to the nvs_keys partition with flash encryption on.</para>
/// <para>The keys come from the operating system's CSPRNG, from -Key (64 bytes), or are derived from -HmacKey (32 bytes)
/// as ESP-IDF's HMAC-based key protection derives them on the chip from the same eFuse key.</para>
/// <para>An existing file is only replaced with -Force: losing a keys partition makes its images unreadable. The keys are
/// never written to the console.</para>
/// </remarks>
/// <example>
/// <code>PS> New-EspNvsKeyPartition -Path .\nvs_keys.bin</code>
/// <para>Fresh random keys.</para>
/// </example>
/// <example>
/// <code>PS> New-EspNvsKeyPartition -Path .\nvs_keys.bin -HmacKey ([IO.File]::ReadAllBytes((Convert-Path .\hmac_key.bin)))</code>
/// <para>The keys an HMAC-protected device derives from its eFuse key (to encrypt images it can read). Convert-Path
/// gives .NET the full path: it does not know PowerShell's current location.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "EspNvsKeyPartition", SupportsShouldProcess = true, DefaultParameterSetName = ParameterSetRandom)]
[OutputType(typeof(FileInfo))]
public sealed class NewEspNvsKeyPartitionCommand : MatterMfgCmdlet
{
    public const string ParameterSetRandom = "Random";
    public const string ParameterSetKey = "Key";
    public const string ParameterSetHmac = "Hmac";

    /// <summary>The keys partition file to write.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("OutFile", "KeyPartitionPath")]
    public string Path { get; set; } = "";

    /// <summary>The 64 key bytes (data key, then tweak key): byte[], base64 or 0x hex.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetKey)]
    [BytesTransformation]
    public byte[] Key { get; set; } = System.Array.Empty<byte>();

    /// <summary>A 32-byte HMAC key (the eFuse key of HMAC-based NVS key protection) to derive the keys from.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSetHmac)]
    [BytesTransformation]
    public byte[] HmacKey { get; set; } = System.Array.Empty<byte>();

    /// <summary>Replace an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        string path = ResolvePath(Path);
        if (File.Exists(path) && !Force)
        {
            WriteItemError(new MfgException(ErrorIds.NvsKeyPartitionExists, MfgErrorKind.InvalidOperation,
                $"'{path}' exists; replacing a keys partition makes the images encrypted with it unreadable. Use -Force to replace it.", path));
            return;
        }
        if (!ShouldProcess(path, "Write an NVS keys partition"))
        {
            return;
        }
        try
        {
            NvsKeys keys = ParameterSetName switch
            {
                ParameterSetKey => NvsKeys.FromBytes(Key),
                ParameterSetHmac => NvsKeys.FromHmacKey(HmacKey),
                _ => NvsKeys.Generate(),
            };
            AtomicFile.WriteAllBytes(path, keys.ToPartition(), secret: true);
        }
        catch (MfgException e)
        {
            WriteItemError(e, path);
            return;
        }
        WriteFileItem(path);
    }
}
