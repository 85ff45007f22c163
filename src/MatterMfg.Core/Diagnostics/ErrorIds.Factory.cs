namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>Two input rows name the same device id. Fix: give every row its own DeviceId (or leave the cell empty for a fresh UUID).</summary>
    public const string DuplicateDeviceId = nameof(DuplicateDeviceId);

    /// <summary>Two input rows give the same serial number. Fix: give every row its own SerialNumber (or leave the cells empty).</summary>
    public const string DuplicateSerialNumber = nameof(DuplicateSerialNumber);

    /// <summary>The input has no device rows (a header-only CSV, an empty pipeline). Fix: add rows, or run without input and use -Count/-n.</summary>
    public const string NoInputRows = nameof(NoInputRows);

    /// <summary>The device count is below 1. Fix: give -Count/-n a positive number.</summary>
    public const string CountInvalid = nameof(CountInvalid);

    /// <summary>The device count contradicts the input: -n differs from the per-device CSV's rows, or -Count is given with pipeline input. Fix: drop the count; the rows decide.</summary>
    public const string CountMismatch = nameof(CountMismatch);

    /// <summary>An option would have no effect in this combination (e.g. -c/-k without --pai/--paa). Fix: add the option it needs, or drop it.</summary>
    public const string OptionWithoutEffect = nameof(OptionWithoutEffect);

    /// <summary>The target chip is not one MatterMfg knows. Fix: use one of esp32, esp32s2, esp32s3, esp32c2, esp32c3, esp32c5, esp32c6, esp32c61, esp32h2, esp32p4.</summary>
    public const string TargetUnknown = nameof(TargetUnknown);

    /// <summary>The manufacturing date's first 8 characters are digits but not a calendar date (e.g. 20250231). Fix: give a real date as YYYYMMDD.</summary>
    public const string ManufacturingDateInvalid = nameof(ManufacturingDateInvalid);

    /// <summary>The run was stopped (Ctrl+C, SIGTERM, Stop) before every device was made; the summaries list the devices made. Fix: run the same command again to resume (with a manifest, made devices are skipped).</summary>
    public const string RunInterrupted = nameof(RunInterrupted);
}
