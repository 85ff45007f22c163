using System;

namespace MatterMfg.Esp;

/// <summary>
/// The byte stream to an ESP chip's UART: a serial port (<see cref="SerialPortTransport"/>) or one end of an
/// <see cref="InMemorySerialLink"/>. The loader only needs to write bytes, read with a timeout, change the baud rate and
/// drive the two modem-control lines the reset circuits use.
/// </summary>
public interface IEspTransport : IDisposable
{
    /// <summary>The port name, for messages and results (COM5, /dev/ttyUSB0).</summary>
    string Name { get; }

    /// <summary>The UART rate in bits per second. Setting it switches the host side only.</summary>
    int BaudRate { get; set; }

    void Write(byte[] buffer, int offset, int count);

    /// <summary>Reads what has arrived, waiting up to <paramref name="timeout"/> for the first byte; 0 when nothing came.</summary>
    int Read(byte[] buffer, int offset, int count, TimeSpan timeout);

    /// <summary>Drops bytes received and not yet read.</summary>
    void DiscardInput();

    /// <summary>Sets DTR (true = asserted = line low). False when the port has no modem lines (a pty, some adapters).</summary>
    bool SetDtr(bool asserted);

    /// <summary>Sets RTS (true = asserted = line low). False when the port has no modem lines.</summary>
    bool SetRts(bool asserted);
}
