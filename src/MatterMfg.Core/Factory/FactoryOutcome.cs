using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>What happened to one input row of a batch.</summary>
public enum FactoryOutcomeKind
{
    /// <summary>The device was made by this run (<see cref="FactoryOutcome.Device"/>).</summary>
    Made,
    /// <summary>The manifest says an earlier run made it; not made again (<see cref="FactoryOutcome.Device"/> when its files are on disk).</summary>
    AlreadyDone,
    /// <summary>Another live run has reserved the row's slot in the manifest; skipped.</summary>
    HeldByAnotherRun,
    /// <summary>The row failed (<see cref="FactoryOutcome.Error"/>); nothing of it is on disk.</summary>
    Failed,
}

/// <summary>One input row's result, yielded by <see cref="FactoryBatch.Run"/> in input order.</summary>
public sealed class FactoryOutcome
{
    internal FactoryOutcome(FactoryOutcomeKind kind, int rowNumber, FactoryDevice? device, MfgException? error, string? deviceId = null, string? heldBy = null)
    {
        Kind = kind;
        RowNumber = rowNumber;
        Device = device;
        Error = error;
        DeviceId = device?.DeviceId ?? deviceId;
        HeldBy = heldBy;
    }

    public FactoryOutcomeKind Kind { get; }

    /// <summary>1-based input row.</summary>
    public int RowNumber { get; }

    public FactoryDevice? Device { get; }

    /// <summary>Why the row failed; null unless <see cref="Kind"/> is Failed.</summary>
    public MfgException? Error { get; }

    /// <summary>The device id, when the row got one (from the input or the manifest).</summary>
    public string? DeviceId { get; }

    /// <summary>For <see cref="FactoryOutcomeKind.HeldByAnotherRun"/>: the run that holds the slot.</summary>
    public string? HeldBy { get; }
}
