using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using MatterMfg.Esp;

namespace MatterMfg.Tests.Esp.Emulator;

/// <summary>How an emulated board turns DTR/RTS into EN and IO0.</summary>
public enum EmulatedBoard
{
    /// <summary>The two-transistor auto-reset circuit of dev boards: EN low = RTS and not DTR; IO0 low = DTR and not RTS; EN has an RC delay.</summary>
    AutoReset,
    /// <summary>The built-in USB-Serial/JTAG: entering (DTR off, RTS on) resets; into download mode if DTR was on just before.</summary>
    UsbJtag,
    /// <summary>No reset circuit (a pty, a fixture that straps IO0): always in download mode.</summary>
    AlwaysDownload,
}

/// <summary>What the emulated ROM does with a data block whose sequence number it has already seen (undocumented on real ROMs).</summary>
public enum SeqModel
{
    /// <summary>Writes the block at base + seq × block size.</summary>
    Lenient,
    /// <summary>Rejects a sequence number other than the next one (status 01 05).</summary>
    Strict,
    /// <summary>Ignores seq and writes at a running cursor: a resent block lands one block too far.</summary>
    Cursor,
}

/// <summary>Faults to inject. Occurrences count from 0 per opcode, from the emulator's start.</summary>
public sealed class EspFaults
{
    private readonly object _gate = new();
    private readonly HashSet<(EspOpcode, int)> _drop = new();
    private readonly HashSet<(EspOpcode, int)> _corrupt = new();
    private readonly HashSet<(EspOpcode, int)> _ignore = new();

    /// <summary>The chip never enters download mode (IO0 not wired, BOOT broken): resets boot the app.</summary>
    public bool NoDownloadMode { get; set; }

    /// <summary>A flash byte whose bit 0 decays to 0 right after it is written (the ROM's read-back passes, the MD5 does not).</summary>
    public uint? WeakBitAddress { get; set; }

    /// <summary>Every reply is sent this late (a slow ROM, a USB hub).</summary>
    public TimeSpan ReplyDelay { get; set; }

    /// <summary>The command runs, its reply is lost.</summary>
    public void DropReply(EspOpcode op, int occurrence) { lock (_gate) { _drop.Add((op, occurrence)); } }

    /// <summary>The command runs, its reply arrives with a broken SLIP escape.</summary>
    public void CorruptReply(EspOpcode op, int occurrence) { lock (_gate) { _corrupt.Add((op, occurrence)); } }

    /// <summary>The request is lost before the ROM sees it.</summary>
    public void DropRequest(EspOpcode op, int occurrence) { lock (_gate) { _ignore.Add((op, occurrence)); } }

    internal bool Drop(EspOpcode op, int n) { lock (_gate) { return _drop.Contains((op, n)); } }
    internal bool Corrupt(EspOpcode op, int n) { lock (_gate) { return _corrupt.Contains((op, n)); } }
    internal bool Ignore(EspOpcode op, int n) { lock (_gate) { return _ignore.Contains((op, n)); } }
}

/// <summary>
/// An ESP ROM serial loader in software (esp-serial-protocol.md): SYNC (8 replies, auto-baud), READ_REG/WRITE_REG over a
/// register file (chip magic, MAC eFuses, crystal registers, the SPI user-command registers answering RDID),
/// GET_SECURITY_INFO (unsupported on ESP32, 12 bytes on S2, 20 bytes with the chip id later), SPI_ATTACH/SET_PARAMS,
/// FLASH_BEGIN/DATA and FLASH_DEFL_BEGIN/DATA with the ROM's parameter counts, checksums, erase and AND-programming
/// with read-back, SPI_FLASH_MD5 in hex text, READ_FLASH_SLOW, CHANGE_BAUDRATE with the ESP32 crystal distortion, the
/// "invalid command" answer. It keeps a flash image and can inject <see cref="EspFaults"/>. It runs on a thread, reading
/// one <see cref="IEspTransport"/>: the device end of an <see cref="InMemorySerialLink"/> or one end of a pty.
/// </summary>
public sealed class EspRomEmulator : IDisposable
{
    private readonly IEspTransport _io;
    private readonly InMemorySerialLink? _link;
    private readonly Dictionary<uint, uint> _regs = new();
    private readonly Dictionary<EspOpcode, int> _seen = new();
    private readonly object _gate = new();
    private readonly List<(long Time, bool Dtr, bool Rts)> _lines = new();
    private readonly Thread _thread;
    private volatile bool _stop;
    private uint _lastValue;
    private byte _lastOp;
    private bool _download;
    private long _flashChipSize;
    // Write state of FLASH_BEGIN / FLASH_DEFL_BEGIN.
    private uint _base;
    private uint _blockSize;
    private uint _eraseEnd;
    private int _nextSeq;
    private uint _cursor;
    private MemoryStream? _deflate;
    private uint _deflateBase;
    private readonly EspChipDefinition _chip;

    public EspRomEmulator(IEspTransport device, EspChip chip = EspChip.Esp32, int flashSize = 4 << 20, InMemorySerialLink? link = null,
        EmulatedBoard board = EmulatedBoard.AlwaysDownload)
    {
        _io = device;
        _link = link;
        _chip = EspChipDefinition.Get(chip);
        Flash = new byte[flashSize];
        Flash.AsSpan().Fill(0xFF);
        _flashChipSize = flashSize;
        Board = board;
        Mac = new byte[] { 0x24, 0x0A, 0xC4, 0x00, 0x01, 0x10 };
        RomHz = 42_000_000;
        _download = board == EmulatedBoard.AlwaysDownload;
        if (link != null)
        {
            link.DeviceAutoBaud = true;
            link.LinesChanged += OnLines;
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "esp-rom-emulator" };
    }

    public EspChip Chip => _chip.Chip;

    public EmulatedBoard Board { get; }

    public byte[] Flash { get; }

    /// <summary>The factory MAC the eFuses report.</summary>
    public byte[] Mac { get; set; }

    /// <summary>The ESP32 ROM's own estimate of its crystal (it derives the UART divider from it).</summary>
    public double RomHz { get; set; }

    public SeqModel SeqModel { get; set; } = SeqModel.Lenient;

    public EspFaults Faults { get; } = new();

    /// <summary>Resets into download mode and into the app so far.</summary>
    public int DownloadBoots { get; private set; }

    public int AppBoots { get; private set; }

    public bool InDownloadMode { get { lock (_gate) { EvaluateBoot(); return _download; } } }

    /// <summary>Every command the ROM received (opcode and data), in order.</summary>
    public List<(EspOpcode Op, byte[] Data)> Commands { get; } = new();

    /// <summary>The UART rate the ROM uses now.</summary>
    public int Baud => _io.BaudRate;

    public EspRomEmulator Start()
    {
        _thread.Start();
        return this;
    }

    public int Count(EspOpcode op)
    {
        lock (Commands)
        {
            return Commands.Count(c => c.Op == op);
        }
    }

    public void Dispose()
    {
        _stop = true;
        if (_thread.IsAlive)
        {
            _thread.Join(2000);
        }
        if (_link != null)
        {
            _link.LinesChanged -= OnLines;
        }
    }

    // ---- reset circuit -------------------------------------------------------------------------------------------

    private void OnLines(bool dtr, bool rts)
    {
        lock (_gate)
        {
            var prev = _lines.Count > 0 ? _lines[_lines.Count - 1] : (0L, false, false);
            _lines.Add((Stopwatch.GetTimestamp(), dtr, rts));
            if (Board == EmulatedBoard.UsbJtag && !dtr && rts && !(prev.Item2 == false && prev.Item3 == true))
            {
                Boot(prev.Item2);
            }
            EvaluateBoot();
        }
    }

    /// <summary>
    /// Auto-reset board: the chip leaves reset when EN has been released for the RC time (5 ms) and samples IO0 then,
    /// so the microsecond glitches between two line writes do not count.
    /// </summary>
    private void EvaluateBoot()
    {
        if (Board != EmulatedBoard.AutoReset || _lines.Count == 0)
        {
            return;
        }
        long rc = Stopwatch.Frequency / 200;
        long now = Stopwatch.GetTimestamp();
        int lastLow = _lines.FindLastIndex(l => l.Rts && !l.Dtr);
        if (lastLow < 0 || lastLow == _lines.Count - 1 && _lines[lastLow].Rts && !_lines[lastLow].Dtr)
        {
            return;
        }
        long released = _lines[lastLow + 1].Time;
        if (now - released < rc)
        {
            return;
        }
        var at = _lines.Last(l => l.Time <= released + rc);
        _lines.RemoveRange(0, lastLow + 1);
        Boot(at.Dtr && !at.Rts);
    }

    private void Boot(bool io0Low)
    {
        bool download = io0Low && !Faults.NoDownloadMode;
        _download = download;
        if (download)
        {
            DownloadBoots++;
        }
        else
        {
            AppBoots++;
        }
        Inflate();
        _io.BaudRate = 115200;
        if (_link != null)
        {
            _link.DeviceAutoBaud = true;
        }
        string text = "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET)," + (download
            ? "boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n"
            : "boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nI (31) boot: ESP-IDF v5.1 2nd stage bootloader\r\n");
        byte[] b = Encoding.ASCII.GetBytes(text);
        _io.Write(b, 0, b.Length);
    }

    // ---- command loop ---------------------------------------------------------------------------------------------

    private void Run()
    {
        var decoder = new SlipDecoder();
        var frames = new List<byte[]>();
        var buffer = new byte[8192];
        while (!_stop)
        {
            int n;
            try
            {
                n = _io.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(20));
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is InvalidOperationException || e is MatterMfg.Diagnostics.MfgException)
            {
                return;
            }
            bool download;
            lock (_gate)
            {
                EvaluateBoot();
                download = _download;
            }
            if (n == 0)
            {
                continue;
            }
            if (!download)
            {
                continue;
            }
            frames.Clear();
            decoder.Feed(buffer, 0, n, frames);
            lock (_gate)
            {
                foreach (var f in frames)
                {
                    Handle(f);
                }
            }
        }
    }

    private void Handle(byte[] frame)
    {
        if (frame.Length < 8 || frame[0] != 0x00)
        {
            return;
        }
        var op = (EspOpcode)frame[1];
        int size = BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(2));
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4));
        if (size != frame.Length - 8)
        {
            Reply(op, 0x01, 0x05);
            return;
        }
        var data = frame.AsSpan(8).ToArray();
        int occurrence;
        lock (_seen)
        {
            _seen.TryGetValue(op, out occurrence);
            _seen[op] = occurrence + 1;
        }
        if (Faults.Ignore(op, occurrence))
        {
            return;
        }
        lock (Commands)
        {
            Commands.Add((op, data));
        }
        if (op != EspOpcode.FlashDeflData && op != EspOpcode.Sync)
        {
            Inflate();
        }
        _replyOccurrence = occurrence;
        switch (op)
        {
            case EspOpcode.Sync:
                if (data.Length == 36 && data[0] == 7 && data[1] == 7 && data[2] == 0x12 && data[3] == 0x20)
                {
                    if (_link != null)
                    {
                        _link.DeviceAutoBaud = false;
                    }
                    for (int i = 0; i < 8; i++)
                    {
                        Send(op, 0x20120707, Array.Empty<byte>(), 0, 0, i == 0);
                    }
                }
                return;
            case EspOpcode.ReadReg when data.Length == 4:
                Send(op, ReadRegister(BinaryPrimitives.ReadUInt32LittleEndian(data)), Array.Empty<byte>(), 0, 0);
                return;
            case EspOpcode.WriteReg when data.Length % 16 == 0:
                for (int i = 0; i < data.Length; i += 16)
                {
                    WriteRegister(Word(data, i), Word(data, i + 4), Word(data, i + 8));
                }
                Reply(op, 0, 0);
                return;
            case EspOpcode.GetSecurityInfo:
                SecurityInfo();
                return;
            case EspOpcode.SpiAttach:
                Reply(op, data.Length == 8 ? (byte)0 : (byte)1, data.Length == 8 ? (byte)0 : (byte)0x05);
                return;
            case EspOpcode.SpiSetParams when data.Length == 24:
                _flashChipSize = Word(data, 4);
                Reply(op, 0, 0);
                return;
            case EspOpcode.FlashBegin:
            case EspOpcode.FlashDeflBegin:
                Begin(op, data);
                return;
            case EspOpcode.FlashData:
                FlashData(data, checksum);
                return;
            case EspOpcode.FlashDeflData:
                DeflData(data, checksum);
                return;
            case EspOpcode.FlashEnd:
            case EspOpcode.FlashDeflEnd:
                Reply(op, 0, 0);
                lock (_gate)
                {
                    _download = false;
                    AppBoots++;
                }
                return;
            case EspOpcode.SpiFlashMd5 when data.Length == 16:
                Md5(Word(data, 0), Word(data, 4));
                return;
            case EspOpcode.ReadFlashSlow when data.Length == 8:
                ReadSlow(Word(data, 0), Word(data, 4));
                return;
            case EspOpcode.ChangeBaudrate when data.Length == 8:
                ChangeBaud(Word(data, 0));
                return;
            default:
                Unsupported();
                return;
        }
    }

    private int _replyOccurrence;

    private static uint Word(byte[] d, int at) => BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(at));

    private void Reply(EspOpcode op, byte status, byte error, byte[]? payload = null) =>
        Send(op, _lastValue, payload ?? Array.Empty<byte>(), status, error);

    /// <summary>Sends one response (payload + the ROM's 4 status bytes), applying the reply faults.</summary>
    private void Send(EspOpcode op, uint value, byte[] payload, byte status, byte error, bool faultable = true)
    {
        var p = new byte[8 + payload.Length + 4];
        p[0] = 0x01;
        p[1] = (byte)op;
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), (ushort)(payload.Length + 4));
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), value);
        payload.CopyTo(p, 8);
        p[8 + payload.Length] = status;
        p[9 + payload.Length] = error;
        _lastValue = value;
        _lastOp = (byte)op;
        byte[] frame = Slip.Encode(p);
        if (faultable && Faults.Drop(op, _replyOccurrence))
        {
            return;
        }
        if (faultable && Faults.Corrupt(op, _replyOccurrence))
        {
            // A broken escape in the middle: the host must drop the whole frame.
            frame = frame.Take(frame.Length / 2).Concat(new byte[] { Slip.Esc, 0x00 }).Concat(frame.Skip(frame.Length / 2)).ToArray();
        }
        if (Faults.ReplyDelay > TimeSpan.Zero)
        {
            Thread.Sleep(Faults.ReplyDelay);
        }
        _io.Write(frame, 0, frame.Length);
    }

    /// <summary>
    /// The ROM's answer to an opcode it does not know: a bare status packet 01 05 carrying the previous reply's opcode
    /// and value, 8 times (esp-serial-protocol.md §4, inferred).
    /// </summary>
    private void Unsupported()
    {
        var p = new byte[12];
        p[0] = 0x01;
        p[1] = _lastOp;
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), _lastValue);
        p[8] = 0x01;
        p[9] = 0x05;
        byte[] frame = Slip.Encode(p);
        for (int i = 0; i < 8; i++)
        {
            _io.Write(frame, 0, frame.Length);
        }
    }

    private void SecurityInfo()
    {
        if (_chip.Chip == EspChip.Esp32)
        {
            Unsupported();
            return;
        }
        var payload = new byte[_chip.Chip == EspChip.Esp32S2 ? 12 : 20];
        if (payload.Length == 20)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(12), _chip.ChipId!.Value);
        }
        Reply(EspOpcode.GetSecurityInfo, 0, 0, payload);
    }

    // ---- registers ------------------------------------------------------------------------------------------------

    private uint ReadRegister(uint address)
    {
        if (address == EspChipDefinition.MagicRegister)
        {
            return _chip.MagicValues[0];
        }
        if (_chip.Chip == EspChip.Esp32)
        {
            switch (address)
            {
                case 0x3FF5A004: return (uint)(Mac[2] << 24 | Mac[3] << 16 | Mac[4] << 8 | Mac[5]);
                case 0x3FF5A008: return (uint)(0x00 << 24 | 0x5A << 16 | Mac[0] << 8 | Mac[1]); // byte 1 = CRC (not checked)
                case 0x3FF5A00C: return 1u << 15;                  // rev bit 0
                case 0x3FF5A014: return 1u << 20 | 1u << 24;       // rev bit 1, minor 1
                case 0x3FF6607C: return 1u << 31;                  // rev bit 2 -> v3.1
                case 0x3FF5F06C: return (uint)(RomHz * 40 / 15625 / 40) << 7; // with 0x3FF5A010 = 40
                case 0x3FF5A010: return 40;
            }
        }
        else if (address == _chip.MacRegister)
        {
            return (uint)(Mac[2] << 24 | Mac[3] << 16 | Mac[4] << 8 | Mac[5]);
        }
        else if (address == _chip.MacRegister + 4)
        {
            return (uint)(Mac[0] << 8 | Mac[1]);
        }
        return _regs.TryGetValue(address, out uint v) ? v : 0;
    }

    private void WriteRegister(uint address, uint value, uint mask)
    {
        uint old = _regs.TryGetValue(address, out uint v) ? v : 0;
        uint now = (value & mask) | (old & ~mask);
        const uint CmdUsr = 1u << 18;
        if (address == _chip.SpiCmd && (now & CmdUsr) != 0)
        {
            uint usr2 = _regs.TryGetValue(_chip.SpiUsr2, out uint u) ? u : 0;
            if ((usr2 & 0xFF) == 0x9F)
            {
                // Winbond-style JEDEC id: manufacturer EF, type 40, capacity byte log2(size).
                int capacity = 0;
                while ((1 << capacity) < Flash.Length)
                {
                    capacity++;
                }
                _regs[_chip.SpiW0] = 0xEFu | 0x40u << 8 | (uint)capacity << 16;
            }
            now &= ~CmdUsr;
        }
        _regs[address] = now;
    }

    // ---- flash ------------------------------------------------------------------------------------------------------

    private void Begin(EspOpcode op, byte[] data)
    {
        int words = _chip.FlashBeginHasEncryptedWord ? 5 : 4;
        if (data.Length != words * 4)
        {
            Reply(op, 1, 0x05);
            return;
        }
        uint size = Word(data, 0), blockSize = Word(data, 8), offset = Word(data, 12);
        if (offset % 0x1000 != 0 || offset + (long)size > _flashChipSize || offset + (long)size > Flash.Length)
        {
            Reply(op, 1, 0x06);
            return;
        }
        uint end = (uint)((offset + (long)size + 0xFFF) & ~0xFFFL);
        Flash.AsSpan((int)offset, (int)(end - offset)).Fill(0xFF);
        _base = offset;
        _blockSize = blockSize;
        _eraseEnd = end;
        _nextSeq = 0;
        _cursor = offset;
        if (op == EspOpcode.FlashDeflBegin)
        {
            _deflate = new MemoryStream();
            _deflateBase = offset;
        }
        else
        {
            _deflate = null;
        }
        Reply(op, 0, 0);
    }

    private bool CheckBlock(EspOpcode op, byte[] data, uint checksum, out int seq, out byte[] block)
    {
        seq = 0;
        block = Array.Empty<byte>();
        if (data.Length < 16 || Word(data, 0) != data.Length - 16)
        {
            Reply(op, 1, 0x05);
            return false;
        }
        block = data.AsSpan(16).ToArray();
        seq = (int)Word(data, 4);
        if (EspPacket.Checksum(data, 16, block.Length) != (checksum & 0xFF))
        {
            Reply(op, 1, 0x07);
            return false;
        }
        if (SeqModel == SeqModel.Strict && seq != _nextSeq)
        {
            Reply(op, 1, 0x05);
            return false;
        }
        return true;
    }

    private void FlashData(byte[] data, uint checksum)
    {
        if (!CheckBlock(EspOpcode.FlashData, data, checksum, out int seq, out byte[] block))
        {
            return;
        }
        if (block.Length != _blockSize)
        {
            Reply(EspOpcode.FlashData, 1, 0x05);
            return;
        }
        uint address = SeqModel == SeqModel.Cursor ? _cursor : _base + (uint)seq * _blockSize;
        _cursor = address + (uint)block.Length;
        _nextSeq = seq + 1;
        bool ok = Program(address, block);
        Reply(EspOpcode.FlashData, ok ? (byte)0 : (byte)1, ok ? (byte)0 : (byte)0x08);
    }

    private void DeflData(byte[] data, uint checksum)
    {
        if (!CheckBlock(EspOpcode.FlashDeflData, data, checksum, out int seq, out byte[] block))
        {
            return;
        }
        if (_deflate == null)
        {
            Reply(EspOpcode.FlashDeflData, 1, 0x0D);
            return;
        }
        if (SeqModel == SeqModel.Lenient)
        {
            _deflate.Position = (long)seq * _blockSize;
        }
        _deflate.Write(block, 0, block.Length);
        _nextSeq = seq + 1;
        Reply(EspOpcode.FlashDeflData, 0, 0);
    }

    /// <summary>
    /// Inflates what FLASH_DEFL_DATA delivered and programs it. Done lazily, before the next other command: the real ROM
    /// inflates block by block, but nothing can read flash before a non-DEFL command anyway.
    /// </summary>
    private void Inflate()
    {
        if (_deflate == null || _deflate.Length < 2)
        {
            return;
        }
        byte[] z = _deflate.ToArray();
        _deflate = null;
        var output = new MemoryStream();
        try
        {
            using var d = new DeflateStream(new MemoryStream(z, 2, z.Length - 2), CompressionMode.Decompress);
            d.CopyTo(output);
        }
        catch (InvalidDataException)
        {
            // A broken stream: what inflated before the damage is written, as the ROM would have.
        }
        byte[] bytes = output.ToArray();
        int n = (int)Math.Min(bytes.Length, _eraseEnd - _deflateBase);
        Program(_deflateBase, bytes.AsSpan(0, n).ToArray());
    }

    /// <summary>NOR programming: bits only go from 1 to 0; the ROM reads the block back and fails with 0x08 on a difference.</summary>
    private bool Program(uint address, byte[] block)
    {
        if (address + (long)block.Length > Flash.Length)
        {
            return false;
        }
        bool ok = true;
        for (int i = 0; i < block.Length; i++)
        {
            Flash[address + i] &= block[i];
            ok &= Flash[address + i] == block[i];
        }
        if (Faults.WeakBitAddress is uint weak && weak >= address && weak < address + block.Length)
        {
            Flash[weak] &= 0xFE;
        }
        return ok;
    }

    private void Md5(uint address, uint size)
    {
        if (address + (long)size > Flash.Length)
        {
            Reply(EspOpcode.SpiFlashMd5, 1, 0x06);
            return;
        }
        using var md5 = MD5.Create();
        string hex = string.Concat(md5.ComputeHash(Flash, (int)address, (int)size).Select(b => b.ToString("x2")));
        Reply(EspOpcode.SpiFlashMd5, 0, 0, Encoding.ASCII.GetBytes(hex));
    }

    private void ReadSlow(uint address, uint length)
    {
        if (length > 64 || address + (long)length > Flash.Length)
        {
            Reply(EspOpcode.ReadFlashSlow, 1, 0x0A);
            return;
        }
        var payload = new byte[64];
        Buffer.BlockCopy(Flash, (int)address, payload, 0, (int)length);
        Reply(EspOpcode.ReadFlashSlow, 0, 0, payload);
    }

    private void ChangeBaud(uint requested)
    {
        Reply(EspOpcode.ChangeBaudrate, 0, 0);
        double actual = requested;
        if (_chip.NeedsBaudCrystalCorrection)
        {
            double valid = RomHz > 33e6 ? 40e6 : 26e6;
            actual = requested * valid / RomHz;
        }
        // The ACK went out at the old rate; switch once it has left (the link keeps write order).
        _io.BaudRate = (int)Math.Round(actual);
    }
}
