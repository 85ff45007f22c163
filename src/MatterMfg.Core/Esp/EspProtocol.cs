using System;
using System.Collections.Generic;
using System.Diagnostics;
using MatterMfg.Diagnostics;

namespace MatterMfg.Esp;

/// <summary>A ROM loader command that did not complete: no reply in time, an error status, or "unsupported".</summary>
public sealed class EspCommandException : MfgException
{
    internal EspCommandException(string errorId, MfgErrorKind kind, string message, object? target, EspOpcode op, byte status, byte error)
        : base(errorId, kind, message, target)
    {
        Opcode = op;
        Status = status;
        Error = error;
    }

    public EspOpcode Opcode { get; }
    public byte Status { get; }

    /// <summary>The ROM error code (0x07 checksum, 0x08 flash write, ...); 0 for a timeout.</summary>
    public byte Error { get; }

    /// <summary>True when no (valid) reply arrived: the command may or may not have run.</summary>
    public bool IsTimeout => ErrorId == ErrorIds.EspNoResponse;

    public bool IsUnsupported => ErrorId == ErrorIds.EspUnsupportedCommand;
}

/// <summary>
/// One request, one matching response, over SLIP (esp-serial-protocol.md §3–4): replies are matched by opcode, stale
/// replies (the 7 extra SYNC answers, a late answer to a resent command) are skipped, corrupt frames are dropped and an
/// "unsupported command" answer (foreign opcode, status 01 05) is recognised.
/// </summary>
public sealed class EspProtocol
{
    private readonly SlipDecoder _decoder = new();
    private readonly Queue<byte[]> _frames = new();
    private readonly List<byte[]> _scratch = new();
    private readonly byte[] _buffer = new byte[4096];

    public EspProtocol(IEspTransport transport, EspTiming timing)
    {
        Transport = transport;
        Timing = timing;
    }

    public IEspTransport Transport { get; }

    public EspTiming Timing { get; }

    /// <summary>Status bytes after the payload: 4 on the ESP32-and-later ROM.</summary>
    public int StatusLength { get; } = 4;

    /// <summary>Frames dropped as corrupt (bad SLIP escape, wrong size field) since the start.</summary>
    public int CorruptReplies { get; private set; }

    /// <summary>Text seen outside frames (boot messages), for diagnostics.</summary>
    public string TakeNoise() => _decoder.TakeNoise();

    /// <summary>Seconds <paramref name="bytes"/> need on the wire at the current baud rate (8N1).</summary>
    public double WireSeconds(long bytes) => bytes * 10.0 / Math.Max(1, Transport.BaudRate);

    public void Send(EspOpcode op, byte[] data, uint checksum = 0)
    {
        byte[] frame = Slip.Encode(EspPacket.Request(op, data, checksum));
        Transport.Write(frame, 0, frame.Length);
    }

    /// <summary>Sends a command and waits for its reply; throws <see cref="EspCommandException"/> on timeout or error status.</summary>
    public EspResponse Command(EspOpcode op, byte[] data, TimeSpan timeout, uint checksum = 0, int payloadLength = 0)
    {
        Send(op, data, checksum);
        var wire = TimeSpan.FromSeconds(WireSeconds(data.Length + data.Length / 50 + 30 + payloadLength * 2 + 16));
        var r = Receive(op, timeout + wire) ?? throw NoResponse(op, timeout + wire);
        var (status, error) = r.StatusAfter(payloadLength);
        if (status != 0)
        {
            throw new EspCommandException(ErrorIds.EspCommandFailed, MfgErrorKind.ConnectionError,
                $"The chip on '{Transport.Name}' failed {op} (result {status:X2}{error:X2}: {Describe(error)}).", Transport.Name, op, status, error);
        }
        return r;
    }

    /// <summary>
    /// <see cref="Command"/> for commands that can safely run twice (register reads, MD5, reads, SPI setup): retried after
    /// a lost or corrupt reply or an error status, <see cref="EspTiming.WriteAttempts"/> times in all.
    /// </summary>
    public EspResponse CommandWithRetry(EspOpcode op, byte[] data, TimeSpan timeout, int payloadLength = 0)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Command(op, data, timeout, 0, payloadLength);
            }
            catch (EspCommandException e) when (!e.IsUnsupported && attempt < Timing.WriteAttempts)
            {
                Recover();
            }
        }
    }

    /// <summary>After a lost or bad reply: let a late reply arrive, then drop it with everything else pending.</summary>
    public void Recover()
    {
        Drain(TimeSpan.FromMilliseconds(20));
        Transport.DiscardInput();
        _frames.Clear();
        _decoder.Reset();
    }

    /// <summary>Drops pending input, keeping any text in it for <see cref="TakeNoise"/> (the boot log says which mode the chip is in).</summary>
    public void Flush()
    {
        int n;
        while ((n = Transport.Read(_buffer, 0, _buffer.Length, TimeSpan.Zero)) > 0)
        {
            _scratch.Clear();
            _decoder.Feed(_buffer, 0, n, _scratch);
        }
        _frames.Clear();
        _decoder.Reset();
    }

    /// <summary>
    /// Reads and throws away input until none has arrived for <paramref name="quiet"/> (after "unsupported", which the
    /// ROM repeats 8 times: a copy left behind would answer the next command).
    /// </summary>
    public void Drain(TimeSpan quiet)
    {
        long ticks = (long)(quiet.TotalSeconds * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        long end = start + ticks;
        // A chip that never stops talking (a boot loop) must not hold the drain forever.
        long cap = start + ticks * 20;
        while (Stopwatch.GetTimestamp() < end)
        {
            if (Transport.Read(_buffer, 0, _buffer.Length, TimeSpan.FromMilliseconds(5)) > 0)
            {
                end = Math.Min(cap, Stopwatch.GetTimestamp() + ticks);
            }
        }
        _frames.Clear();
        _decoder.Reset();
    }

    /// <summary>The next reply to <paramref name="op"/> within <paramref name="timeout"/>, or null.</summary>
    public EspResponse? Receive(EspOpcode op, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            while (_frames.Count > 0)
            {
                var r = EspResponse.TryParse(_frames.Dequeue());
                if (r == null)
                {
                    CorruptReplies++;
                    continue;
                }
                if (r.Opcode == (byte)op)
                {
                    return r;
                }
                // The ROM answers an unknown opcode with a bare status packet whose opcode is the previous reply's.
                if (r.Data.Length == StatusLength && r.Data[0] != 0 && r.Data[1] == 0x05 && op != EspOpcode.Sync)
                {
                    throw new EspCommandException(ErrorIds.EspUnsupportedCommand, MfgErrorKind.InvalidOperation,
                        $"The chip on '{Transport.Name}' does not support {op} (its ROM answered 'invalid command').", Transport.Name, op, r.Data[0], r.Data[1]);
                }
            }
            long now = Stopwatch.GetTimestamp();
            if (now >= deadline)
            {
                return null;
            }
            int n = Transport.Read(_buffer, 0, _buffer.Length, TimeSpan.FromSeconds((double)(deadline - now) / Stopwatch.Frequency));
            if (n > 0)
            {
                _scratch.Clear();
                int before = _decoder.CorruptFrames;
                _decoder.Feed(_buffer, 0, n, _scratch);
                CorruptReplies += _decoder.CorruptFrames - before;
                foreach (var f in _scratch)
                {
                    _frames.Enqueue(f);
                }
            }
        }
    }

    private EspCommandException NoResponse(EspOpcode op, TimeSpan waited) => NoResponse(Transport.Name, op, $"within {waited.TotalSeconds:F1} s");

    /// <summary>
    /// The one wording of <see cref="ErrorIds.EspNoResponse"/>: <c>The chip on '&lt;port&gt;' did not answer &lt;op&gt; &lt;how&gt;.
    /// Check the cable and the power supply; a lower -Baud may help.</c>
    /// </summary>
    internal static EspCommandException NoResponse(string port, EspOpcode op, string how) =>
        new(ErrorIds.EspNoResponse, MfgErrorKind.OperationTimeout,
            $"The chip on '{port}' did not answer {op} {how}. Check the cable and the power supply; a lower -Baud may help.", port, op, 0, 0);

    /// <summary>The ROM's error codes (esp-serial-protocol.md §4).</summary>
    public static string Describe(byte error) => error switch
    {
        0x01 => "bad parameter",
        0x05 => "invalid message or unsupported command",
        0x06 => "the command failed",
        0x07 => "checksum error",
        0x08 => "flash write error (the block read back differs)",
        0x09 => "flash read error",
        0x0A => "flash read length error",
        0x0B => "deflate failed",
        0x0C => "deflate Adler-32 error",
        0x0D => "deflate parameter error",
        0x0E => "bad RAM size",
        0x0F => "bad RAM address",
        _ => "error 0x" + error.ToString("X2"),
    };
}
