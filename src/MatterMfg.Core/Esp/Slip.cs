using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MatterMfg.Esp;

/// <summary>
/// SLIP framing as the ESP ROM loader uses it in both directions (esp-serial-protocol.md §2): <c>C0</c> + payload with
/// <c>DB → DB DD</c> and <c>C0 → DB DC</c> + <c>C0</c>.
/// </summary>
public static class Slip
{
    public const byte End = 0xC0;
    public const byte Esc = 0xDB;
    public const byte EscEnd = 0xDC;
    public const byte EscEsc = 0xDD;

    /// <summary>Frames <paramref name="payload"/> (escaping applied after the caller computed lengths and checksums).</summary>
    public static byte[] Encode(byte[] payload) => Encode(payload, 0, payload.Length);

    public static byte[] Encode(byte[] payload, int offset, int count)
    {
        var ms = new MemoryStream(count + count / 64 + 4);
        ms.WriteByte(End);
        for (int i = offset; i < offset + count; i++)
        {
            byte b = payload[i];
            if (b == End)
            {
                ms.WriteByte(Esc);
                ms.WriteByte(EscEnd);
            }
            else if (b == Esc)
            {
                ms.WriteByte(Esc);
                ms.WriteByte(EscEsc);
            }
            else
            {
                ms.WriteByte(b);
            }
        }
        ms.WriteByte(End);
        return ms.ToArray();
    }
}

/// <summary>
/// Reassembles SLIP frames from a byte stream that may also carry text (the ROM's boot messages before the first
/// frame, a crash dump). Bytes outside frames are kept (<see cref="TakeNoise"/>) for error messages; a frame with a bad
/// escape is dropped whole (it is a corrupt reply, never half-decoded).
/// </summary>
public sealed class SlipDecoder
{
    private readonly List<byte> _frame = new(64);
    private readonly StringBuilder _noise = new();
    private bool _inFrame;
    private bool _escape;
    private bool _corrupt;

    /// <summary>Number of frames dropped because of an invalid escape.</summary>
    public int CorruptFrames { get; private set; }

    /// <summary>Printable text seen outside frames since the last <see cref="TakeNoise"/> (boot log, "waiting for download").</summary>
    public string TakeNoise()
    {
        string s = _noise.ToString();
        _noise.Clear();
        return s;
    }

    public void Reset()
    {
        _frame.Clear();
        _inFrame = false;
        _escape = false;
        _corrupt = false;
    }

    /// <summary>Feeds bytes; every complete frame is added to <paramref name="frames"/>.</summary>
    public void Feed(byte[] buffer, int offset, int count, List<byte[]> frames)
    {
        for (int i = offset; i < offset + count; i++)
        {
            byte b = buffer[i];
            if (!_inFrame)
            {
                if (b == Slip.End)
                {
                    _inFrame = true;
                }
                else if (_noise.Length < 4096)
                {
                    _noise.Append(b >= 0x20 && b < 0x7F || b == '\n' || b == '\r' ? (char)b : '.');
                }
                continue;
            }
            if (b == Slip.End)
            {
                if (_frame.Count == 0 && !_corrupt)
                {
                    // C0 C0: a start right after a start (or after a frame lost its end): stay in the frame.
                    continue;
                }
                if (_corrupt)
                {
                    CorruptFrames++;
                }
                else
                {
                    frames.Add(_frame.ToArray());
                }
                _frame.Clear();
                _corrupt = false;
                _escape = false;
                _inFrame = false;
                continue;
            }
            if (_escape)
            {
                _escape = false;
                if (b == Slip.EscEnd)
                {
                    _frame.Add(Slip.End);
                }
                else if (b == Slip.EscEsc)
                {
                    _frame.Add(Slip.Esc);
                }
                else
                {
                    _corrupt = true;
                }
                continue;
            }
            if (b == Slip.Esc)
            {
                _escape = true;
            }
            else
            {
                _frame.Add(b);
            }
        }
    }
}
