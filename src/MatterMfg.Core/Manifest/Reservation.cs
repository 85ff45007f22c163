using System;

namespace MatterMfg.Manifest;

/// <summary>What a run asks for when it reserves a slot.</summary>
public sealed class ReservationRequest
{
    /// <summary>A serial number given for this device (from its input row); checked to be unused.</summary>
    public string? SerialNumber { get; set; }

    /// <summary>A .NET format string with one counter argument, e.g. <c>ACME-{0:D6}</c>; the counter continues across runs.</summary>
    public string? SerialNumberTemplate { get; set; }

    public long CounterStart { get; set; } = 1;

    public int? VendorId { get; set; }

    public int? ProductId { get; set; }

    public Func<string> NewDeviceId { get; set; } = () => Guid.NewGuid().ToString();
}

public enum ReservationOutcome
{
    /// <summary>A new device was reserved for this run.</summary>
    New,
    /// <summary>A device reserved by a run that died was taken over (same device id and serial number).</summary>
    Resumed,
    /// <summary>The slot's device is already generated: skip it.</summary>
    AlreadyDone,
    /// <summary>Another live run is working on the slot: skip it.</summary>
    HeldByAnotherRun,
}

public sealed class Reservation
{
    public Reservation(ManifestDevice device, ReservationOutcome outcome)
    {
        Device = device;
        Outcome = outcome;
    }

    /// <summary>The device in the slot, as recorded (its id and serial number are what this run must use).</summary>
    public ManifestDevice Device { get; }

    public ReservationOutcome Outcome { get; }

    /// <summary>True when this run should generate the device now.</summary>
    public bool ShouldGenerate => Outcome is ReservationOutcome.New or ReservationOutcome.Resumed;
}
