using System;
using System.IO;
using System.IO.Ports;
using System.Linq;
using System.Runtime.InteropServices;
using MatterMfg.Diagnostics;

namespace MatterMfg.Esp;

/// <summary>
/// A real serial port through System.IO.Ports, 8N1, no flow control. On PowerShell 7 the runtime's own
/// System.IO.Ports (with its native part) is used; on Windows PowerShell 5.1 the module maps the assembly onto the
/// SerialPort in System.dll (see ModuleInitializer). Ports without modem lines (a pty, some adapters) throw on DTR/RTS:
/// that is reported as "not supported" and the loader goes on without resetting the chip, as esptool does.
/// </summary>
public sealed class SerialPortTransport : IEspTransport
{
    private readonly SerialPort _port;
    private readonly FileStream? _lock;
    private bool _linesSupported = true;

    private SerialPortTransport(SerialPort port, FileStream? portLock)
    {
        _port = port;
        _lock = portLock;
    }

    public string Name => _port.PortName;

    public int BaudRate
    {
        get => _port.BaudRate;
        set => _port.BaudRate = value;
    }

    /// <summary>Opens <paramref name="portName"/>; a missing port and a port held by another program are distinct errors.</summary>
    public static SerialPortTransport Open(string portName, int baud)
    {
        CheckExists(portName);
        var port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = 100,
            WriteTimeout = 10000,
            ReadBufferSize = 1 << 16,
            WriteBufferSize = 1 << 16,
        };
        try
        {
            port.Open();
        }
        catch (UnauthorizedAccessException e)
        {
            port.Dispose();
            throw PortBusy(portName, e);
        }
        catch (IOException e) when (IsBusy(e))
        {
            port.Dispose();
            throw PortBusy(portName, e);
        }
        catch (IOException e)
        {
            port.Dispose();
            throw NoSuchPort(portName, e);
        }
        catch (ArgumentException e)
        {
            port.Dispose();
            throw NoSuchPort(portName, e);
        }
        FileStream? portLock = null;
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // Windows opens a COM port exclusively; Unix does not, and two flashers on one port corrupt each other's
            // packets. A second descriptor with FileShare.None takes flock(LOCK_EX) as pyserial's exclusive mode does.
            // Opened after SerialPort has set CLOCAL, so the open cannot block waiting for a carrier.
            try
            {
                portLock = new FileStream(portName, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e)
            {
                port.Dispose();
                throw PortBusy(portName, e);
            }
            catch (UnauthorizedAccessException e)
            {
                port.Dispose();
                throw PortBusy(portName, e);
            }
        }
        return new SerialPortTransport(port, portLock);
    }

    /// <summary>Throws <c>EspPortNotFound</c> when the port is not there (before anything is opened).</summary>
    public static void CheckExists(string portName)
    {
        if (!PortExists(portName))
        {
            throw NoSuchPort(portName, null);
        }
    }

    private static bool PortExists(string portName)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return SerialPort.GetPortNames().Any(n => string.Equals(n, portName, StringComparison.OrdinalIgnoreCase))
                || portName.StartsWith(@"\\.\", StringComparison.Ordinal);
        }
        return File.Exists(portName);
    }

    private static bool IsBusy(IOException e) =>
        e.Message.IndexOf("busy", StringComparison.OrdinalIgnoreCase) >= 0 ||
        e.Message.IndexOf("in use", StringComparison.OrdinalIgnoreCase) >= 0 ||
        e.Message.IndexOf("denied", StringComparison.OrdinalIgnoreCase) >= 0;

    private static MfgException NoSuchPort(string portName, Exception? inner) =>
        new(ErrorIds.EspPortNotFound, MfgErrorKind.ObjectNotFound,
            $"Serial port '{portName}' does not exist{(inner != null ? $" ({inner.Message})" : "")}. " +
            "Get-EspSerialPort lists the ports this computer has; check the USB cable and the driver.", portName, inner);

    private static MfgException PortBusy(string portName, Exception inner) =>
        new(ErrorIds.EspPortBusy, MfgErrorKind.ResourceBusy,
            $"Serial port '{portName}' is in use by another program ({inner.Message}). Close serial monitors, IDEs and other flashers on that port.",
            portName, inner);

    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _port.Write(buffer, offset, count);
        }
        catch (Exception e) when (e is IOException || e is TimeoutException || e is InvalidOperationException)
        {
            throw Lost(e);
        }
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
    {
        try
        {
            int available = _port.BytesToRead;
            if (available > 0)
            {
                return _port.Read(buffer, offset, Math.Min(count, available));
            }
            _port.ReadTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalMilliseconds));
            return _port.Read(buffer, offset, count);
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (Exception e) when (e is IOException || e is InvalidOperationException)
        {
            throw Lost(e);
        }
    }

    private MfgException Lost(Exception e) =>
        new(ErrorIds.EspPortLost, MfgErrorKind.ConnectionError, $"Serial port '{Name}' failed: {e.Message} (was the board unplugged?).", Name, e);

    public void DiscardInput()
    {
        try
        {
            _port.DiscardInBuffer();
        }
        catch (IOException)
        {
            // A pty without a pending buffer can refuse the flush; there is nothing to discard then.
        }
    }

    public bool SetDtr(bool asserted) => SetLine(() => _port.DtrEnable = asserted);

    public bool SetRts(bool asserted) => SetLine(() => _port.RtsEnable = asserted);

    private bool SetLine(Action set)
    {
        if (!_linesSupported)
        {
            return false;
        }
        try
        {
            set();
            return true;
        }
        catch (IOException)
        {
            // "Inappropriate ioctl for device": a pty or an adapter without modem lines.
            _linesSupported = false;
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            _port.Dispose();
        }
        catch (IOException)
        {
        }
        _lock?.Dispose();
    }
}
