using System.Management.Automation;
using MatterMfg.Esp;
using MatterMfg.PowerShell.Completion;

namespace MatterMfg.PowerShell.Esp;

/// <summary>Connects to the ROM loader on a port and reports the chip: type, revision, MAC and flash size.</summary>
/// <remarks>
/// <para>Resets the chip into download mode (-Before), syncs, identifies the chip from GET_SECURITY_INFO or its ROM magic word,
/// reads the MAC from eFuse and the flash JEDEC id, then resets it back into its app (-After). Nothing is written.</para>
/// <para>A port that does not exist (EspPortNotFound), is held by another program (EspPortBusy) or has no loader answering
/// (EspNoSync, naming the reset that was tried) is a non-terminating error; the other ports are still read.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-EspChip -Port COM5</code>
/// <para>Port Chip  Revision Mac               Flash FlashId</para>
/// <para>COM5 ESP32 v3.1     24:0a:c4:00:01:10  4 MB 0x1640EF</para>
/// </example>
/// <example>
/// <code>PS> Get-EspChip -Port /dev/ttyACM0 -Before Usb</code>
/// <para>An ESP32-C3 on its built-in USB-Serial/JTAG port.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "EspChip")]
[OutputType(typeof(EspChipInfo))]
public sealed class GetEspChipCommand : EspPortCmdlet
{
    /// <summary>Serial port(s): COM5, /dev/ttyUSB0. Tab completes from Get-EspSerialPort.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(EspPortCompleter))]
    public string[] Port { get; set; } = System.Array.Empty<string>();

    protected override void ProcessRecordCore()
    {
        foreach (string port in Port)
        {
            WithLoader(port, loader => WriteObject(EspChipInfo.From(port, loader)));
        }
    }
}
