using System;
using System.Collections.Generic;
using System.Linq;

namespace MatterMfg.Manifest;

/// <summary>Everything the manifest says, indexed for the questions a run asks while it holds the lock.</summary>
public sealed class ManifestSnapshot
{
    private readonly Dictionary<string, ManifestDevice> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _serials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dacSerials = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = new();

    public long LastSequence { get; private set; }

    /// <summary>A snapshot folded from a ledger's history, in sequence order (what a database ledger reads back).</summary>
    public static ManifestSnapshot FromHistory(IEnumerable<ManifestRecord> history)
    {
        var s = new ManifestSnapshot();
        foreach (var r in history)
        {
            s.Apply(r);
        }
        return s;
    }

    /// <summary>Every record of every device, in the order they were recorded (what a copy to another ledger takes).</summary>
    public IReadOnlyList<ManifestRecord> History =>
        _devices.Values.SelectMany(d => d.History).OrderBy(r => r.Sequence).ToList();

    /// <summary>Devices in the order they were first recorded.</summary>
    public IEnumerable<ManifestDevice> Devices => _devices.Values;

    public int Count => _devices.Count;

    /// <summary>Things noticed while reading that did not stop it, such as a discarded interrupted record.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// The devices, other than <paramref name="exceptDeviceId"/>, that a Flashed event records on the board with MAC
    /// <paramref name="mac"/> (Write-EspPartition writes the chip and MAC into each Flashed event's detail).
    /// </summary>
    public IEnumerable<ManifestDevice> FlashedOnBoard(string mac, string? exceptDeviceId) =>
        _devices.Values.Where(d => d.DeviceId != exceptDeviceId
            && d.History.Any(r => r.State == DeviceState.Flashed && r.Detail != null && r.Detail.IndexOf(mac, StringComparison.OrdinalIgnoreCase) >= 0));

    public ManifestDevice? Find(string deviceId) => _devices.TryGetValue(deviceId, out var d) ? d : null;

    public ManifestDevice? FindSlot(string batch, int slot) =>
        _slots.TryGetValue(SlotKey(batch, slot), out string? id) ? _devices[id] : null;

    public ManifestDevice? FindSerial(string serialNumber) =>
        _serials.TryGetValue(serialNumber, out string? id) ? _devices[id] : null;

    public bool IsDacSerialUsed(string dacSerialHex) => _dacSerials.ContainsKey(dacSerialHex);

    /// <summary>The next unused counter for a serial-number template: one past the highest ever recorded for it.</summary>
    public long NextCounter(string template, long start) =>
        _counters.TryGetValue(template, out long last) ? Math.Max(last + 1, start) : start;

    public IEnumerable<ManifestDevice> InBatch(string batch) =>
        _devices.Values.Where(d => d.Batch == batch).OrderBy(d => d.Slot);

    internal void AddWarning(string text) => _warnings.Add(text);

    internal void Apply(ManifestRecord r)
    {
        LastSequence = Math.Max(LastSequence, r.Sequence);
        if (!_devices.TryGetValue(r.DeviceId, out var d))
        {
            d = new ManifestDevice(r.DeviceId);
            _devices.Add(r.DeviceId, d);
        }
        d.Apply(r);
        if (r.Batch != null && r.Slot is int slot)
        {
            _slots[SlotKey(r.Batch, slot)] = r.DeviceId;
        }
        if (r.SerialNumber != null)
        {
            _serials[r.SerialNumber] = r.DeviceId;
        }
        if (r.DacSerial != null)
        {
            _dacSerials[r.DacSerial] = r.DeviceId;
        }
        if (r.SerialTemplate != null && r.Counter is long c)
        {
            _counters[r.SerialTemplate] = _counters.TryGetValue(r.SerialTemplate, out long prev) ? Math.Max(prev, c) : c;
        }
    }

    private static string SlotKey(string batch, int slot) => batch + "\u0000" + slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
