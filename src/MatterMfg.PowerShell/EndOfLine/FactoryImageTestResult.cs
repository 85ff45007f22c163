using System.Collections.Generic;
using MatterMfg.EndOfLine;

namespace MatterMfg.PowerShell.EndOfLine;

/// <summary>Test-MatterFactoryImage's result for one partition: the overall verdict and every rule.</summary>
public sealed class FactoryImageTestResult
{
    internal FactoryImageTestResult(string? deviceId, string source, string? port, FactoryImageReport report)
    {
        DeviceId = deviceId;
        Source = source;
        Port = port;
        Passed = report.Passed;
        Checks = report.Checks;
        SerialNumber = report.SerialNumber;
        VendorId = report.VendorId;
        ProductId = report.ProductId;
        Discriminator = report.Discriminator;
        DacSerial = report.DacSerial;
    }

    public string? DeviceId { get; }

    public string? SerialNumber { get; }

    /// <summary>The partition file, or the port and offset it was read from.</summary>
    public string Source { get; }

    /// <summary>The serial port the board was read on; null for a file.</summary>
    public string? Port { get; }

    public bool Passed { get; }

    public IReadOnlyList<FactoryImageCheck> Checks { get; }

    public int? VendorId { get; }

    public int? ProductId { get; }

    public int? Discriminator { get; }

    public string? DacSerial { get; }
}
