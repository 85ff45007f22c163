using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace MatterMfg.Esp;

/// <summary>
/// Two connected in-memory serial ports: <see cref="Host"/> (what the loader opens) and <see cref="Device"/> (what an
/// emulated chip reads and writes). With <see cref="ModelLinkTime"/> each write occupies its direction of the wire for
/// 10 bit times per byte (8N1) at the sender's baud rate, so flashing over the link takes as long as over a real UART.
/// Bytes sent at one rate and received at a rate more than 3 % away arrive garbled, as on a real UART; a device end with
/// <see cref="DeviceAutoBaud"/> adopts the sender's rate instead (the ROM's auto-baud on SYNC). DTR/RTS changes on the
/// host end are reported to <see cref="LinesChanged"/>, so an emulated board can model its reset circuit.
/// </summary>
public sealed class InMemorySerialLink
{
    private readonly Wire _toDevice;
    private readonly Wire _toHost;

    public InMemorySerialLink(string name = "emulated", int baud = 115200)
    {
        var host = new End(this, name, baud, isHost: true);
        var device = new End(this, name + " (device)", baud, isHost: false);
        _toDevice = new Wire(this, host, device);
        _toHost = new Wire(this, device, host);
        host.Outgoing = _toDevice;
        host.Incoming = _toHost;
        device.Outgoing = _toHost;
        device.Incoming = _toDevice;
        Host = host;
        Device = device;
    }

    public IEspTransport Host { get; }

    public IEspTransport Device { get; }

    /// <summary>When true, bytes take their wire time to arrive (10 bits per byte at the sender's rate).</summary>
    public bool ModelLinkTime { get; set; }

    /// <summary>The device end follows the host's rate (set by an emulated ROM until it is synced).</summary>
    public bool DeviceAutoBaud { get; set; }

    /// <summary>Current host DTR and RTS (true = asserted).</summary>
    public bool Dtr { get; private set; }

    public bool Rts { get; private set; }

    /// <summary>Raised on the host's thread after each DTR or RTS change, with the new (DTR, RTS).</summary>
    public event Action<bool, bool>? LinesChanged;

    /// <summary>Bytes written by the host and by the device so far (for wire-time accounting).</summary>
    public long BytesToDevice => _toDevice.Total;

    public long BytesToHost => _toHost.Total;

    private void SetLine(bool dtr, bool rts)
    {
        Dtr = dtr;
        Rts = rts;
        LinesChanged?.Invoke(dtr, rts);
    }

    private sealed class Wire
    {
        private readonly InMemorySerialLink _link;
        private readonly End _from;
        private readonly End _to;
        private readonly object _gate = new();
        private readonly Queue<(byte[] Data, long Due)> _queue = new();
        private byte[]? _current;
        private int _currentPos;
        private long _busyUntil;

        public Wire(InMemorySerialLink link, End from, End to)
        {
            _link = link;
            _from = from;
            _to = to;
        }

        public long Total { get; private set; }

        public void Write(byte[] buffer, int offset, int count)
        {
            var data = new byte[count];
            Buffer.BlockCopy(buffer, offset, data, 0, count);
            if (!_to.IsHost && _link.DeviceAutoBaud)
            {
                _to.Baud = _from.Baud;
            }
            if (Math.Abs(_from.Baud - _to.Baud) > _to.Baud * 0.03)
            {
                // A receiver sampling at the wrong rate sees framing errors: garbage, never the sent bytes.
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = (byte)(data[i] ^ 0xA5 ^ i);
                }
            }
            lock (_gate)
            {
                long now = Stopwatch.GetTimestamp();
                long due = now;
                if (_link.ModelLinkTime)
                {
                    long start = Math.Max(now, _busyUntil);
                    due = start + (long)(count * 10.0 / _from.Baud * Stopwatch.Frequency);
                    _busyUntil = due;
                }
                _queue.Enqueue((data, due));
                Total += count;
                Monitor.PulseAll(_gate);
            }
        }

        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
        {
            long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            lock (_gate)
            {
                while (true)
                {
                    if (_current == null && _queue.Count > 0 && _queue.Peek().Due <= Stopwatch.GetTimestamp())
                    {
                        _current = _queue.Dequeue().Data;
                        _currentPos = 0;
                    }
                    if (_current != null)
                    {
                        int n = Math.Min(count, _current.Length - _currentPos);
                        Buffer.BlockCopy(_current, _currentPos, buffer, offset, n);
                        _currentPos += n;
                        if (_currentPos == _current.Length)
                        {
                            _current = null;
                        }
                        return n;
                    }
                    long now = Stopwatch.GetTimestamp();
                    long wake = _queue.Count > 0 ? Math.Min(deadline, _queue.Peek().Due) : deadline;
                    if (now >= deadline && (_queue.Count == 0 || _queue.Peek().Due > now))
                    {
                        return 0;
                    }
                    WaitUntil(wake);
                }
            }
        }

        /// <summary>Waits with the lock released; spins for the last 2 ms because timer sleeps overshoot by about 1 ms.</summary>
        private void WaitUntil(long wake)
        {
            long remaining = wake - Stopwatch.GetTimestamp();
            long twoMs = Stopwatch.Frequency / 500;
            if (remaining > twoMs)
            {
                Monitor.Wait(_gate, TimeSpan.FromSeconds((double)(remaining - twoMs) / Stopwatch.Frequency));
            }
            else if (remaining > 0)
            {
                Monitor.Exit(_gate);
                try
                {
                    Thread.Yield();
                }
                finally
                {
                    Monitor.Enter(_gate);
                }
            }
        }

        public void Discard()
        {
            lock (_gate)
            {
                long now = Stopwatch.GetTimestamp();
                _current = null;
                while (_queue.Count > 0 && _queue.Peek().Due <= now)
                {
                    _queue.Dequeue();
                }
            }
        }
    }

    private sealed class End : IEspTransport
    {
        private readonly InMemorySerialLink _link;
        private bool _dtr;
        private bool _rts;

        public End(InMemorySerialLink link, string name, int baud, bool isHost)
        {
            _link = link;
            Name = name;
            Baud = baud;
            IsHost = isHost;
        }

        public Wire Outgoing { get; set; } = null!;

        public Wire Incoming { get; set; } = null!;

        public bool IsHost { get; }

        public int Baud { get; set; }

        public string Name { get; }

        public int BaudRate
        {
            get => Baud;
            set => Baud = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public void Write(byte[] buffer, int offset, int count) => Outgoing.Write(buffer, offset, count);

        public int Read(byte[] buffer, int offset, int count, TimeSpan timeout) => Incoming.Read(buffer, offset, count, timeout);

        public void DiscardInput() => Incoming.Discard();

        public bool SetDtr(bool asserted)
        {
            if (!IsHost)
            {
                return false;
            }
            _dtr = asserted;
            _link.SetLine(_dtr, _rts);
            return true;
        }

        public bool SetRts(bool asserted)
        {
            if (!IsHost)
            {
                return false;
            }
            _rts = asserted;
            _link.SetLine(_dtr, _rts);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
