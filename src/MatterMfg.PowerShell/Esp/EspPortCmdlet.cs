using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Esp;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Esp;

/// <summary>The connection parameters every cmdlet that talks to a chip shares.</summary>
public abstract class EspPortCmdlet : MatterMfgCmdlet
{
    /// <summary>Baud rate for the transfer (the connection starts at 115200; the ROM is switched after SYNC).</summary>
    [Parameter]
    [IntegerTransformation(9600, 3000000)]
    public int Baud { get; set; } = 460800;

    /// <summary>How to put the chip in download mode: Default (DTR/RTS auto-reset of USB-UART boards), Usb (built-in USB-Serial/JTAG of C3/S3/C6/H2), None (already in download mode).</summary>
    [Parameter]
    public EspBefore Before { get; set; } = EspBefore.Default;

    /// <summary>What to do afterwards: HardReset (run the app) or None (stay in the loader).</summary>
    [Parameter]
    public EspAfter After { get; set; } = EspAfter.HardReset;

    /// <summary>The chip that must be on the port (esp32, esp32c3, esp32s3, esp32c2, esp32c6, esp32h2, esp32s2); another chip is an EspWrongChip error.</summary>
    [Parameter]
    [ValidateSet("esp32", "esp32s2", "esp32s3", "esp32c2", "esp32c3", "esp32c6", "esp32h2")]
    public string? Chip { get; set; }

    internal EspChip ExpectedChip => EspChipDefinition.TryParse(Chip, out var c) ? c : EspChip.Unknown;

    internal EspConnectOptions ConnectOptions(List<string> verbose, List<string> warnings) => new()
    {
        Before = Before, ExpectedChip = ExpectedChip, Verbose = verbose.Add, Warning = warnings.Add,
    };

    /// <summary>Opens a port, connects, runs <paramref name="work"/>, resets as asked; errors become non-terminating records targeting the port.</summary>
    internal void WithLoader(string port, Action<EspLoader> work, object? target = null)
    {
        var verbose = new List<string>();
        var warnings = new List<string>();
        try
        {
            using var transport = SerialPortTransport.Open(port, Math.Min(115200, Baud));
            using var loader = EspLoader.Connect(transport, ConnectOptions(verbose, warnings));
            Flush(verbose, warnings);
            if (Baud != transport.BaudRate)
            {
                loader.ChangeBaud(Baud);
            }
            loader.AttachFlash();
            work(loader);
            loader.Finish(After);
        }
        catch (MfgException e)
        {
            WriteItemError(e, target ?? port);
        }
        Flush(verbose, warnings);
    }

    private void Flush(List<string> verbose, List<string> warnings)
    {
        verbose.ForEach(WriteVerbose);
        warnings.ForEach(WriteWarning);
        verbose.Clear();
        warnings.Clear();
    }

    internal static string Hex(uint value) => "0x" + value.ToString("X");
}
