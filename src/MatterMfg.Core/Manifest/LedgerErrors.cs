using System;
using MatterMfg.Diagnostics;

namespace MatterMfg.Manifest;

/// <summary>
/// The one wording of each error a device ledger raises (<see cref="IDeviceLedger"/>: a manifest file or a PostgreSQL
/// ledger), shared by both implementations and by the factory's check before it makes anything. <c>ledger</c> is the
/// ledger's <see cref="IDeviceLedger.Location"/>; <c>row</c>, when given, is the input row that asked for the value.
/// </summary>
public static class LedgerErrors
{
    /// <summary>
    /// <see cref="ErrorIds.DeviceIdInUse"/>: <c>[Row n: d|D]evice id '&lt;id&gt;' is already in the manifest '&lt;ledger&gt;'[ (&lt;holder&gt;)].</c>
    /// </summary>
    public static MfgException DeviceIdInUse(string deviceId, string ledger, string? holder = null, int? row = null) =>
        new(ErrorIds.DeviceIdInUse, MfgErrorKind.InvalidOperation,
            Row(row, $"device id '{deviceId}' is already in the manifest '{ledger}'" + (holder == null ? "." : $" ({holder}).")), row == null ? deviceId : $"row {row}: DeviceId");

    /// <summary><see cref="ErrorIds.SerialNumberInUse"/>: <c>[Row n: s|S]erial number '&lt;sn&gt;' is already issued to &lt;holder&gt; in the manifest '&lt;ledger&gt;'.</c></summary>
    public static MfgException SerialNumberInUse(string serialNumber, string holder, string ledger, int? row = null) =>
        new(ErrorIds.SerialNumberInUse, MfgErrorKind.InvalidOperation,
            Row(row, $"serial number '{serialNumber}' is already issued to {holder} in the manifest '{ledger}'."), row == null ? serialNumber : $"row {row}: SerialNumber");

    /// <summary><see cref="ErrorIds.DacSerialInUse"/>: <c>DAC serial &lt;serial&gt; is already recorded for another device in the manifest '&lt;ledger&gt;'.</c></summary>
    public static MfgException DacSerialInUse(string dacSerial, string ledger) =>
        new(ErrorIds.DacSerialInUse, MfgErrorKind.InvalidOperation, $"DAC serial {dacSerial} is already recorded for another device in the manifest '{ledger}'.", dacSerial);

    /// <summary><see cref="ErrorIds.ManifestDeviceNotFound"/>: <c>Device &lt;id&gt; is not in the manifest '&lt;ledger&gt;'[; &lt;consequence&gt;].</c></summary>
    public static MfgException DeviceNotFound(string deviceId, string ledger, string? consequence = null) =>
        new(ErrorIds.ManifestDeviceNotFound, MfgErrorKind.ObjectNotFound,
            $"Device {deviceId} is not in the manifest '{ledger}'" + (consequence == null ? "." : $"; {consequence}."), deviceId);

    /// <summary><see cref="ErrorIds.LedgerImportConflict"/>: <c>The manifest '&lt;ledger&gt;' already has &lt;clash&gt;; nothing was copied.</c></summary>
    public static MfgException ImportConflict(string ledger, string clash, string deviceId, Exception? inner = null) =>
        new(ErrorIds.LedgerImportConflict, MfgErrorKind.InvalidOperation, $"The manifest '{ledger}' already has {clash}; nothing was copied.", deviceId, inner);

    private static string Row(int? row, string text) =>
        row == null ? char.ToUpperInvariant(text[0]) + text.Substring(1) : $"Row {row}: {text}";
}
