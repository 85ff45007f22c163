using System.Management.Automation;
using MatterMfg.Esp;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Esp;

/// <summary>Lists the serial ports of this computer, with the USB vendor:product id and description where the OS gives them.</summary>
/// <remarks>
/// <para>On Linux the ports are /dev/ttyUSB*, /dev/ttyACM* and serial ports with hardware behind them; VID:PID, manufacturer,
/// product and serial number come from sysfs. On Windows the COM names are listed (use Get-PnpDevice -Class Ports for the
/// USB ids). SuggestedBefore says which -Before mode fits: Usb for the chip's own USB-Serial/JTAG (303A:1001), Default
/// for a USB-UART bridge (CP210x 10C4:EA60, CH340 1A86:7523, FTDI 0403:6001).</para>
/// <para>The -Port parameter of the Esp cmdlets completes from this list.</para>
/// </remarks>
/// <example>
/// <code>PS> Get-EspSerialPort</code>
/// <para>Name          VidPid    Description                   SuggestedBefore</para>
/// <para>/dev/ttyUSB0  10C4:EA60 CP2102N USB to UART Bridge    Default</para>
/// </example>
/// <example>
/// <code>PS> Get-EspSerialPort | Where-Object VidPid -eq '10C4:EA60' | ForEach-Object Name</code>
/// <para>The ports of every CP210x bridge, for -Port of a gang station.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "EspSerialPort")]
[OutputType(typeof(EspPortInfo))]
public sealed class GetEspSerialPortCommand : MatterMfgCmdlet
{
    protected override void EndProcessingCore()
    {
        foreach (var p in EspPorts.List())
        {
            WriteObject(p);
        }
    }
}
