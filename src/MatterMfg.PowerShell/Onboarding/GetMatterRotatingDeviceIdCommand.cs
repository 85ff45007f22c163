using System;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Onboarding;
using MatterMfg.PowerShell.Infrastructure;
using MatterMfg.Text;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>Computes the Rotating Device Identifier a device advertises, from its unique id and lifetime counter.</summary>
/// <remarks>
/// <para>As connectedhomeip computes it: the counter as 2 bytes little-endian, then the last 16 bytes of
/// SHA-256(unique id ‖ counter). With it, factory data (rd-id-uid) can be checked against what a device shows in its
/// BLE advertisement or additional-data payload. The unique id is hex, as esp-matter-mfg-tool takes and stores it
/// (at least 16 bytes; a 0x prefix is allowed). Quote it: an id of digits only would otherwise be read as a number.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-MatterRotatingDeviceId -UniqueId '00112233445566778899aabbccddeeff' -LifetimeCounter 10</code>
/// <para>RotatingDeviceId 0A00D00561E77A68A9FD975057375B9283A8 (the connectedhomeip test vector).</para>
/// </example>
/// <example>
/// <code>PS> 0..3 | ForEach-Object { Get-MatterRotatingDeviceId -UniqueId $uid -LifetimeCounter $_ }</code>
/// <para>The ids of the first four lifetime counter values.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "MatterRotatingDeviceId")]
[OutputType(typeof(RotatingDeviceIdInfo))]
public sealed class GetMatterRotatingDeviceIdCommand : MatterMfgCmdlet
{
    /// <summary>The pipeline object the values came from; it is the target of the errors about it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The rotating-device-id unique id as hex (32 hex digits for the usual 16 bytes).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("RotatingDeviceIdUniqueId", "rd-id-uid")]
    public string UniqueId { get; set; } = "";

    /// <summary>The lifetime counter, 0..65535 (default 0).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    public int LifetimeCounter { get; set; }

    protected override void ProcessRecordCore()
    {
        try
        {
            byte[] uid = ParseHex(UniqueId);
            byte[] id = RotatingDeviceId.Compute(uid, (ushort)LifetimeCounter);
            WriteObject(new RotatingDeviceIdInfo
            {
                UniqueId = ToHex(uid).ToLowerInvariant(),
                LifetimeCounter = LifetimeCounter,
                RotatingDeviceId = ToHex(id),
                AdditionalDataPayload = ToHex(RotatingDeviceId.AdditionalDataPayload(id)),
            });
        }
        catch (MfgException e)
        {
            WriteItemError(e, InputObject ?? (object)UniqueId);
        }
    }

    // Not BytesTransformation: its unprefixed form is base64, and 32 hex digits are also valid base64.
    private static byte[] ParseHex(string text)
    {
        string hex = text.Trim();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex.Substring(2);
        }
        if (HexText.TryParse(hex, out byte[] bytes, out int bad))
        {
            return bytes;
        }
        throw NotHex(text, bad < 0 ? "an odd number of hex digits" : $"'{hex[bad]}' at position {bad} is not hex");
    }

    private static string ToHex(byte[] b) => BitConverter.ToString(b).Replace("-", "");

    /// <summary>The one wording of <see cref="ErrorIds.RotatingDeviceIdUniqueIdNotHex"/>.</summary>
    private static MfgException NotHex(string text, string reason) =>
        new(ErrorIds.RotatingDeviceIdUniqueIdNotHex, MfgErrorKind.InvalidArgument, $"RotatingDeviceIdUniqueId: '{text}' is not hex: {reason}.", "RotatingDeviceIdUniqueId");
}
