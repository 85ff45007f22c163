using System;
using System.Collections.Generic;

namespace MatterMfg.Manifest;

/// <summary>A device as the manifest knows it: its latest state and what its records said, folded in order.</summary>
public sealed class ManifestDevice
{
    private readonly List<ManifestRecord> _history = new();

    internal ManifestDevice(string deviceId) => DeviceId = deviceId;

    public string DeviceId { get; }
    public DeviceState State { get; private set; }
    public string? RunId { get; private set; }
    public string? Batch { get; private set; }
    public int? Slot { get; private set; }
    public string? SerialNumber { get; private set; }
    public long? Counter { get; private set; }
    public string? SerialTemplate { get; private set; }
    public int? VendorId { get; private set; }
    public int? ProductId { get; private set; }
    public int? Discriminator { get; private set; }
    public string? DacSerial { get; private set; }
    public string? DacSha256 { get; private set; }
    public string? OutputFolder { get; private set; }
    public string? PartitionPath { get; private set; }
    public string? Port { get; private set; }
    public string? Station { get; private set; }
    public string? Detail { get; private set; }
    public DateTimeOffset? ReservedAt { get; private set; }
    public DateTimeOffset? GeneratedAt { get; private set; }
    public DateTimeOffset? FlashedAt { get; private set; }
    public DateTimeOffset? VerifiedAt { get; private set; }

    public IReadOnlyList<ManifestRecord> History => _history;

    internal void Apply(ManifestRecord r)
    {
        _history.Add(r);
        State = r.State;
        RunId = r.RunId;
        Batch = r.Batch ?? Batch;
        Slot = r.Slot ?? Slot;
        SerialNumber = r.SerialNumber ?? SerialNumber;
        Counter = r.Counter ?? Counter;
        SerialTemplate = r.SerialTemplate ?? SerialTemplate;
        VendorId = r.VendorId ?? VendorId;
        ProductId = r.ProductId ?? ProductId;
        Discriminator = r.Discriminator ?? Discriminator;
        DacSerial = r.DacSerial ?? DacSerial;
        DacSha256 = r.DacSha256 ?? DacSha256;
        OutputFolder = r.OutputFolder ?? OutputFolder;
        PartitionPath = r.PartitionPath ?? PartitionPath;
        Port = r.Port ?? Port;
        Station = r.Station ?? Station;
        Detail = r.Detail;
        switch (r.State)
        {
            case DeviceState.Reserved: ReservedAt = r.Time; break;
            case DeviceState.Generated: GeneratedAt = r.Time; break;
            case DeviceState.Flashed: FlashedAt = r.Time; break;
            case DeviceState.Verified: VerifiedAt = r.Time; break;
        }
    }
}
