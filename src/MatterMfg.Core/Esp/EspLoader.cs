using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Threading;
using MatterMfg.Diagnostics;

namespace MatterMfg.Esp;

/// <summary>What one flash write did.</summary>
public sealed class EspWriteResult
{
    public uint Offset { get; set; }
    /// <summary>Bytes written (the image padded to a multiple of 4 with 0xFF, as esptool).</summary>
    public int Size { get; set; }
    /// <summary>Bytes sent for the data (the zlib stream when compressed).</summary>
    public int WireBytes { get; set; }
    public bool Compressed { get; set; }
    /// <summary>MD5 of the written bytes, lowercase hex.</summary>
    public string Md5 { get; set; } = "";
    /// <summary>True only when the chip's SPI_FLASH_MD5 of the region equals <see cref="Md5"/>.</summary>
    public bool Verified { get; set; }
    public TimeSpan Duration { get; set; }
    /// <summary>Time from the first FLASH_(DEFL_)BEGIN to the last block's acknowledgement.</summary>
    public TimeSpan WriteTime { get; set; }
    /// <summary>Recoveries after a lost or bad reply (each restarts the write at a sector boundary or the start).</summary>
    public int Retries { get; set; }
}

/// <summary>
/// The ESP ROM serial bootloader, spoken directly (no esptool, no stub): connect (reset, SYNC, chip detection, MAC),
/// baud change, SPI flash attach, plain and compressed flash writes verified by SPI_FLASH_MD5, flash reads, partition
/// table lookup and the final reset. Follows esp-serial-protocol.md; deviations are noted where they are made.
/// </summary>
public sealed class EspLoader : IDisposable
{
    public const int BlockSize = 0x400;
    public const int SectorSize = 0x1000;
    private const int ReadChunk = 64;

    private readonly EspProtocol _p;
    private readonly EspConnectOptions _options;
    private readonly bool _ownsTransport;

    private EspLoader(IEspTransport transport, EspConnectOptions options, bool ownsTransport)
    {
        _options = options;
        _ownsTransport = ownsTransport;
        _p = new EspProtocol(transport, options.Timing);
    }

    public IEspTransport Transport => _p.Transport;

    public EspChipDefinition Chip { get; private set; } = null!;

    /// <summary>The factory MAC (6 bytes).</summary>
    public byte[] Mac { get; private set; } = Array.Empty<byte>();

    public string MacText => string.Join(":", Array.ConvertAll(Mac, b => b.ToString("x2")));

    /// <summary>The chip revision where the ROM gives it (ESP32: v0.0..v3.1); null otherwise.</summary>
    public string? Revision { get; private set; }

    /// <summary>Flash size from the flash chip's JEDEC id after <see cref="AttachFlash"/>; null when it could not be read.</summary>
    public long? FlashSize { get; private set; }

    /// <summary>The JEDEC id (manufacturer | type &lt;&lt; 8 | capacity &lt;&lt; 16).</summary>
    public uint? FlashId { get; private set; }

    /// <summary>Whether the reset lines could be driven (false on a pty or an adapter without DTR/RTS).</summary>
    public bool LinesSupported { get; private set; } = true;

    private EspTiming Timing => _options.Timing;

    /// <summary>
    /// Resets the chip into download mode (per <see cref="EspConnectOptions.Before"/>), syncs and identifies it.
    /// Throws <c>EspNoSync</c> (naming the reset that was tried) or <c>EspWrongChip</c>.
    /// </summary>
    public static EspLoader Connect(IEspTransport transport, EspConnectOptions options, bool ownsTransport = false)
    {
        var loader = new EspLoader(transport, options, ownsTransport);
        try
        {
            loader.Sync();
            loader.Detect();
            return loader;
        }
        catch
        {
            if (ownsTransport)
            {
                transport.Dispose();
            }
            throw;
        }
    }

    private void Verbose(string s) => _options.Verbose?.Invoke(s);

    private void Sync()
    {
        int baud = Transport.BaudRate;
        if (baud > 115200)
        {
            // The ROM auto-bauds on SYNC up to 115200; faster rates come later with CHANGE_BAUDRATE.
            Transport.BaudRate = 115200;
        }
        Verbose($"Connecting to '{Transport.Name}' ({_options.Before} reset)...");
        var noise = new StringBuilder();
        for (int attempt = 0; attempt < Timing.ConnectAttempts; attempt++)
        {
            Reset(attempt);
            for (int i = 0; i < Timing.SyncTriesPerAttempt; i++)
            {
                if (TrySync())
                {
                    return;
                }
                noise.Append(_p.TakeNoise());
                Thread.Sleep(Timing.SyncPause);
            }
        }
        string seen = noise.ToString();
        string reset = _options.Before switch
        {
            EspBefore.Default => "the classic DTR/RTS auto-reset (-Before Default)",
            EspBefore.Usb => "the USB-Serial/JTAG reset (-Before Usb)",
            _ => "no reset (-Before None)",
        };
        string hint = seen.IndexOf("boot:0x", StringComparison.Ordinal) >= 0 && seen.IndexOf("waiting for download", StringComparison.Ordinal) < 0
            ? " The chip printed its boot log but did not enter download mode: it is running its app (wrong boot mode)."
            : seen.Trim().Length > 0 ? " Text was received, but no loader reply (wrong baud rate, or the app is running)." : " Nothing was received.";
        string lines = LinesSupported ? "" : " The port has no DTR/RTS lines, so the chip could not be reset from here.";
        throw new MfgException(ErrorIds.EspNoSync, MfgErrorKind.ConnectionError,
            $"No answer from an ESP ROM loader on '{Transport.Name}' after {reset}, {Timing.ConnectAttempts} attempts.{hint}{lines} " +
            "Check that the chip is in download mode (hold BOOT/IO0 low while pressing EN/RESET), the TX/RX wiring, and the -Before mode for the board " +
            "(Usb for the built-in USB port of ESP32-C3/S3/C6/H2).", Transport.Name);
    }

    /// <summary>One SYNC: true when the loader answered (the other 7 answers are drained).</summary>
    internal bool TrySync()
    {
        _p.Flush();
        var data = new byte[36];
        data[0] = 0x07;
        data[1] = 0x07;
        data[2] = 0x12;
        data[3] = 0x20;
        for (int i = 4; i < 36; i++)
        {
            data[i] = 0x55;
        }
        _p.Send(EspOpcode.Sync, data);
        if (_p.Receive(EspOpcode.Sync, Timing.SyncTimeout) == null)
        {
            return false;
        }
        for (int i = 0; i < 7 && _p.Receive(EspOpcode.Sync, Timing.SyncTimeout) != null; i++)
        {
        }
        return true;
    }

    private void SetLines(bool? dtr, bool? rts)
    {
        bool ok = true;
        if (dtr is bool d)
        {
            ok &= Transport.SetDtr(d);
            _lastDtr = d;
        }
        if (rts is bool r)
        {
            ok &= Transport.SetRts(r);
            // usbser.sys on Windows applies RTS only with the next DTR write (esptool's _setRTS).
            ok &= Transport.SetDtr(_lastDtr);
        }
        if (!ok && LinesSupported)
        {
            LinesSupported = false;
            _options.Warning?.Invoke($"The chip was NOT reset: setting DTR/RTS is not supported on '{Transport.Name}'. It must already be in download mode.");
        }
    }

    private bool _lastDtr;

    private void Reset(int attempt)
    {
        switch (_options.Before)
        {
            case EspBefore.Default:
                // esptool's ClassicReset, alternating its short and long boot delays between attempts.
                SetLines(false, true);
                if (!LinesSupported)
                {
                    // No modem lines (a pty, a bare adapter): the delays would only slow every SYNC attempt down.
                    return;
                }
                Thread.Sleep(Timing.ResetHold);
                SetLines(true, false);
                Thread.Sleep(attempt % 2 == 0 ? Timing.ResetDelay : Timing.ResetDelayLong);
                SetLines(false, null);
                break;
            case EspBefore.Usb:
                SetLines(false, false);
                if (!LinesSupported)
                {
                    return;
                }
                Thread.Sleep(Timing.ResetHold);
                SetLines(true, false);
                Thread.Sleep(Timing.ResetHold);
                SetLines(null, true);
                SetLines(false, true);
                Thread.Sleep(Timing.ResetHold);
                SetLines(false, false);
                break;
        }
    }

    /// <summary>
    /// Ends a session as <paramref name="after"/> asks. A hard reset starts the app; when the chip stays in the ROM loader
    /// (<see cref="EspAfter.None"/>, or a port whose DTR/RTS cannot reset it) the loader is switched back to 115200 baud
    /// first, so that the next connection, which always syncs at 115200, is answered: identify, write and verify then
    /// work as separate commands on a jig that holds the chip in download mode.
    /// </summary>
    public void Finish(EspAfter after)
    {
        if (after == EspAfter.HardReset && LinesSupported)
        {
            HardReset();
            if (LinesSupported)
            {
                return;
            }
        }
        if (Transport.BaudRate != RomBaud)
        {
            Verbose($"Leaving the ROM loader at {RomBaud} baud for the next connection...");
            ChangeBaud(RomBaud);
        }
    }

    /// <summary>The rate the ROM loader syncs at after a reset, and the one every connection starts with.</summary>
    public const int RomBaud = 115200;

    /// <summary>Leaves download mode: EN pulsed through RTS, the app starts (esptool's --after hard-reset).</summary>
    public void HardReset()
    {
        bool usb = _options.Before == EspBefore.Usb;
        Verbose("Hard resetting via RTS pin...");
        SetLines(null, true);
        Thread.Sleep(usb ? Timing.ResetHold + Timing.ResetHold : Timing.ResetHold);
        SetLines(null, false);
        if (usb)
        {
            Thread.Sleep(Timing.ResetHold + Timing.ResetHold);
        }
    }

    private void Detect()
    {
        EspChipDefinition? chip = null;
        try
        {
            var r = _p.CommandWithRetry(EspOpcode.GetSecurityInfo, Array.Empty<byte>(), Timing.DefaultTimeout, 20);
            int payload = r.Data.Length - _p.StatusLength;
            if (payload >= 20)
            {
                uint id = BinaryPrimitives.ReadUInt32LittleEndian(r.Data.AsSpan(12));
                chip = EspChipDefinition.FromChipId(id)
                    ?? throw UnknownChip($"chip id {id}");
            }
        }
        catch (EspCommandException e) when (e.IsUnsupported)
        {
            // ESP32 ROM: no security info; it repeats the "invalid command" answer, so let the copies pass.
            _p.Drain(Timing.UnsupportedDrain);
        }
        if (chip == null)
        {
            uint magic = ReadReg(EspChipDefinition.MagicRegister);
            chip = EspChipDefinition.FromMagic(magic)
                ?? throw UnknownChip($"chip magic 0x{magic:X8}");
        }
        Chip = chip;
        if (_options.ExpectedChip != EspChip.Unknown && _options.ExpectedChip != chip.Chip)
        {
            throw new MfgException(ErrorIds.EspWrongChip, MfgErrorKind.InvalidOperation,
                $"The chip on '{Transport.Name}' is an {chip.Name}, not an {EspChipDefinition.Get(_options.ExpectedChip).Name} (-Chip). Check the board on this port.", Transport.Name);
        }
        ReadMacAndRevision();
        Verbose($"Connected to {chip.Name} on '{Transport.Name}', MAC {MacText}.");
    }

    private void ReadMacAndRevision()
    {
        if (Chip.Chip == EspChip.Esp32)
        {
            uint w1 = ReadReg(EspChipDefinition.Esp32EfuseBase + 4), w2 = ReadReg(EspChipDefinition.Esp32EfuseBase + 8);
            // MAC = bytes 2..7 of big-endian (word2, word1); byte 1 of word 2 is its CRC.
            Mac = new[] { (byte)(w2 >> 8), (byte)w2, (byte)(w1 >> 24), (byte)(w1 >> 16), (byte)(w1 >> 8), (byte)w1 };
            uint w3 = ReadReg(EspChipDefinition.Esp32EfuseBase + 12), w5 = ReadReg(EspChipDefinition.Esp32EfuseBase + 20);
            uint apb = ReadReg(EspChipDefinition.Esp32ApbCtlDate);
            int bits = (int)((w3 >> 15) & 1 | ((w5 >> 20) & 1) << 1 | ((apb >> 31) & 1) << 2);
            int major = bits switch { 0 => 0, 1 => 1, 3 => 2, 7 => 3, _ => 0 };
            Revision = $"v{major}.{(w5 >> 24) & 3}";
        }
        else
        {
            uint mac0 = ReadReg(Chip.MacRegister), mac1 = ReadReg(Chip.MacRegister + 4);
            Mac = new[] { (byte)(mac1 >> 8), (byte)mac1, (byte)(mac0 >> 24), (byte)(mac0 >> 16), (byte)(mac0 >> 8), (byte)mac0 };
        }
    }

    public uint ReadReg(uint address) =>
        _p.CommandWithRetry(EspOpcode.ReadReg, EspPacket.Words(address), Timing.DefaultTimeout).Value;

    public void WriteReg(uint address, uint value, uint mask = 0xFFFFFFFF, uint delayUs = 0) =>
        _p.CommandWithRetry(EspOpcode.WriteReg, EspPacket.Words(address, value, mask, delayUs), Timing.DefaultTimeout);

    /// <summary>
    /// CHANGE_BAUDRATE, then the host follows. The ESP32 ROM sets its divider from its own crystal estimate, so the
    /// value sent is pre-distorted as esptool does (esp-serial-protocol.md §10). A lost acknowledgement is resolved
    /// by syncing at the new rate, then at the old.
    /// </summary>
    public void ChangeBaud(int baud)
    {
        int old = Transport.BaudRate;
        if (baud == old)
        {
            return;
        }
        uint sent = (uint)baud;
        if (Chip.NeedsBaudCrystalCorrection)
        {
            double romHz = ((ReadReg(EspChipDefinition.Esp32RtcCaliReg) >> 7) & 0x1FFFFFF) * 15625.0 * (ReadReg(EspChipDefinition.Esp32UartClkDivReg) & 0xFF) / 40;
            double valid = romHz > 33e6 ? 40e6 : 26e6;
            if (romHz > 0)
            {
                sent = (uint)Math.Floor(baud * romHz / valid);
            }
        }
        Verbose($"Changing baud rate to {baud}...");
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _p.Command(EspOpcode.ChangeBaudrate, EspPacket.Words(sent, 0), Timing.DefaultTimeout);
                Transport.BaudRate = baud;
                Thread.Sleep(Timing.BaudSettle);
                _p.Recover();
                return;
            }
            catch (EspCommandException e) when (!e.IsUnsupported)
            {
                Transport.BaudRate = baud;
                Thread.Sleep(Timing.BaudSettle);
                if (TrySync())
                {
                    return;
                }
                Transport.BaudRate = old;
                Thread.Sleep(Timing.BaudSettle);
                if (!TrySync() || attempt >= Timing.WriteAttempts)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// SPI_ATTACH (8 bytes on the ROM: default flash pins), reads the flash's JEDEC id to learn its size and sends
    /// SPI_SET_PARAMS with it (or with <paramref name="flashSize"/> when given, as esptool --flash-size).
    /// </summary>
    public void AttachFlash(long? flashSize = null)
    {
        _p.CommandWithRetry(EspOpcode.SpiAttach, EspPacket.Words(0, 0), Timing.DefaultTimeout);
        uint id = ReadFlashId();
        FlashId = id;
        long? detected = FlashSizeFromId(id);
        FlashSize = flashSize ?? detected;
        if (FlashSize is long size)
        {
            _p.CommandWithRetry(EspOpcode.SpiSetParams, EspPacket.Words(0, (uint)size, 0x10000, SectorSize, 0x100, 0xFFFF), Timing.DefaultTimeout);
        }
        else
        {
            _options.Warning?.Invoke($"Could not read the flash size on '{Transport.Name}' (JEDEC id 0x{id:X6}); bounds are checked by the chip only.");
        }
    }

    internal static long? FlashSizeFromId(uint id)
    {
        int cap = (int)(id >> 16) & 0xFF;
        if (id == 0xFFFFFF || id == 0 || id == 0xFFFF3F)
        {
            return null;
        }
        if (cap >= 0x12 && cap <= 0x1C)
        {
            return 1L << cap;
        }
        if (cap >= 0x32 && cap <= 0x3A)
        {
            return 1L << (cap - 0x20);
        }
        return null;
    }

    /// <summary>RDID (0x9F) through the SPI controller's user-command registers, as esptool's run_spiflash_command.</summary>
    private uint ReadFlashId()
    {
        const uint UsrCommand = 1u << 31, UsrMiso = 1u << 28, CmdUsr = 1u << 18;
        WriteReg(Chip.SpiMosiDlen, 0);
        WriteReg(Chip.SpiMisoDlen, 24 - 1);
        uint oldUsr = ReadReg(Chip.SpiUsr), oldUsr2 = ReadReg(Chip.SpiUsr2);
        WriteReg(Chip.SpiUsr, UsrCommand | UsrMiso);
        WriteReg(Chip.SpiUsr2, (7u << 28) | 0x9F);
        WriteReg(Chip.SpiW0, 0);
        WriteReg(Chip.SpiCmd, CmdUsr);
        for (int i = 0; i < 10 && (ReadReg(Chip.SpiCmd) & CmdUsr) != 0; i++)
        {
        }
        uint id = ReadReg(Chip.SpiW0) & 0xFFFFFF;
        WriteReg(Chip.SpiUsr, oldUsr);
        WriteReg(Chip.SpiUsr2, oldUsr2);
        return id;
    }

    /// <summary>
    /// Writes <paramref name="image"/> at <paramref name="offset"/> (a multiple of 4 KiB: flash erases whole sectors, and
    /// esptool's padding of an unaligned start with 0xFF would erase the bytes before it). With <paramref name="compress"/>
    /// the zlib stream goes over FLASH_DEFL_* when it is smaller. After a lost or corrupt acknowledgement the write
    /// restarts at the last sector boundary (plain) or from the start (compressed) with a fresh BEGIN, so a block is
    /// never written twice into an unerased sector. With <paramref name="verify"/> the chip's MD5 of the region must
    /// match, else the image is written once more and then <c>EspMd5Mismatch</c> is thrown: a write that does not
    /// verify is never reported as verified.
    /// </summary>
    public EspWriteResult WriteFlash(uint offset, byte[] image, bool compress = true, bool verify = true,
        Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        if (offset % SectorSize != 0)
        {
            throw new MfgException(ErrorIds.EspOffsetNotAligned, MfgErrorKind.InvalidArgument,
                $"Flash offset 0x{offset:X} is not a multiple of 0x1000 (flash is erased in 4 KiB sectors).", offset);
        }
        byte[] data = image;
        if (data.Length % 4 != 0)
        {
            data = new byte[(image.Length + 3) & ~3];
            Buffer.BlockCopy(image, 0, data, 0, image.Length);
            for (int i = image.Length; i < data.Length; i++)
            {
                data[i] = 0xFF;
            }
        }
        if (FlashSize is long size && offset + (long)data.Length > size)
        {
            throw PastFlashEnd("The image", offset, data.Length, size);
        }
        string md5 = Md5Hex(data, 0, data.Length);
        byte[]? zlib = compress ? Zlib.Compress(data) : null;
        if (zlib != null && zlib.Length >= data.Length)
        {
            Verbose("The image does not compress; writing it uncompressed.");
            zlib = null;
        }
        var clock = Stopwatch.StartNew();
        int retries = 0;
        TimeSpan writeTime = TimeSpan.Zero;
        for (int pass = 1; ; pass++)
        {
            var write = Stopwatch.StartNew();
            retries += zlib != null ? WriteCompressed(offset, data, zlib, progress, cancel) : WritePlain(offset, data, 0, progress, cancel);
            writeTime += write.Elapsed;
            if (!verify)
            {
                return Result(false);
            }
            string chipMd5 = FlashMd5(offset, data.Length);
            if (string.Equals(chipMd5, md5, StringComparison.OrdinalIgnoreCase))
            {
                Verbose("Hash of data verified.");
                return Result(true);
            }
            if (pass >= 2)
            {
                string empty = Md5Hex(Fill(data.Length), 0, data.Length);
                string why = string.Equals(chipMd5, empty, StringComparison.OrdinalIgnoreCase) ? " The written region is empty (all 0xFF)." : "";
                throw new MfgException(ErrorIds.EspMd5Mismatch, MfgErrorKind.InvalidData,
                    $"Flash at 0x{offset:X} on '{Transport.Name}' does not hold the image after writing it twice: image MD5 {md5}, flash MD5 {chipMd5}.{why} " +
                    "The flash may be worn or write-protected; the board must not ship.", Transport.Name);
            }
            _options.Warning?.Invoke($"MD5 of the flash at 0x{offset:X} on '{Transport.Name}' does not match ({chipMd5} != {md5}); writing the image again.");
            retries++;
        }

        EspWriteResult Result(bool verified) => new()
        {
            Offset = offset, Size = data.Length, WireBytes = zlib?.Length ?? data.Length, Compressed = zlib != null, Md5 = md5,
            Verified = verified, Duration = clock.Elapsed, WriteTime = writeTime, Retries = retries,
        };
    }

    private static byte[] Fill(int length)
    {
        var b = new byte[length];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = 0xFF;
        }
        return b;
    }

    private byte[] BeginWords(uint size, uint blocks, uint offset) =>
        Chip.FlashBeginHasEncryptedWord ? EspPacket.Words(size, blocks, BlockSize, offset, 0) : EspPacket.Words(size, blocks, BlockSize, offset);

    /// <summary>Plain write of data[start..] at offset+start; returns the number of recoveries.</summary>
    private int WritePlain(uint offset, byte[] data, int start, Action<long, long>? progress, CancellationToken cancel)
    {
        int recoveries = 0;
        while (true)
        {
            int length = data.Length - start;
            int blocks = (length + BlockSize - 1) / BlockSize;
            _p.CommandWithRetry(EspOpcode.FlashBegin, BeginWords((uint)length, (uint)blocks, offset + (uint)start),
                Timing.Scaled(Timing.EraseSecondsPerMb, length));
            int resume = -1;
            var packet = new byte[16 + BlockSize];
            for (int seq = 0; seq < blocks; seq++)
            {
                cancel.ThrowIfCancellationRequested();
                int from = start + seq * BlockSize;
                int n = Math.Min(BlockSize, data.Length - from);
                BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(0), BlockSize);
                BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(4), (uint)seq);
                BinaryPrimitives.WriteUInt64LittleEndian(packet.AsSpan(8), 0);
                Buffer.BlockCopy(data, from, packet, 16, n);
                for (int i = 16 + n; i < packet.Length; i++)
                {
                    packet[i] = 0xFF;
                }
                if (!SendBlock(EspOpcode.FlashData, packet, BlockSize, Timing.DefaultTimeout))
                {
                    resume = from - (from % SectorSize);
                    break;
                }
                progress?.Invoke(from + n, data.Length);
            }
            if (resume < 0)
            {
                return recoveries;
            }
            if (++recoveries > Timing.WriteAttempts)
            {
                throw Unrecoverable(EspOpcode.FlashData);
            }
            Verbose($"Lost the acknowledgement of a block; writing again from 0x{offset + resume:X}.");
            _p.Recover();
            start = resume;
        }
    }

    private int WriteCompressed(uint offset, byte[] data, byte[] zlib, Action<long, long>? progress, CancellationToken cancel)
    {
        long[] inflated = Zlib.InflatedThroughBlock(zlib, BlockSize);
        int blocks = (zlib.Length + BlockSize - 1) / BlockSize;
        uint rounded = (uint)((data.Length + BlockSize - 1) / BlockSize * BlockSize);
        int recoveries = 0;
        Verbose($"Compressed {data.Length} bytes to {zlib.Length}...");
        while (true)
        {
            _p.CommandWithRetry(EspOpcode.FlashDeflBegin, BeginWords(rounded, (uint)blocks, offset), Timing.Scaled(Timing.EraseSecondsPerMb, rounded));
            bool lost = false;
            for (int seq = 0; seq < blocks && !lost; seq++)
            {
                cancel.ThrowIfCancellationRequested();
                int from = seq * BlockSize;
                int n = Math.Min(BlockSize, zlib.Length - from);
                var packet = new byte[16 + n];
                BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(0), (uint)n);
                BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(4), (uint)seq);
                Buffer.BlockCopy(zlib, from, packet, 16, n);
                long produced = inflated[seq] - (seq > 0 ? inflated[seq - 1] : 0);
                if (!SendBlock(EspOpcode.FlashDeflData, packet, n, Timing.Scaled(Timing.WriteSecondsPerMb, produced)))
                {
                    lost = true;
                    break;
                }
                progress?.Invoke(Math.Min(inflated[seq], data.Length), data.Length);
            }
            if (!lost)
            {
                return recoveries;
            }
            if (++recoveries > Timing.WriteAttempts)
            {
                throw Unrecoverable(EspOpcode.FlashDeflData);
            }
            // The inflater's state on the chip is unknown: start the stream again with a fresh DEFL_BEGIN.
            Verbose("Lost the acknowledgement of a compressed block; writing the image again from its start.");
            _p.Recover();
        }
    }

    /// <summary>
    /// Sends one data block. An error reply (checksum, ...) means the chip rejected it: it is resent with the same
    /// sequence number, as esptool. Returns false when no valid reply came: the chip may or may not have written it.
    /// </summary>
    private bool SendBlock(EspOpcode op, byte[] packet, int dataLength, TimeSpan timeout)
    {
        uint checksum = EspPacket.Checksum(packet, 16, dataLength);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _p.Command(op, packet, timeout, checksum);
                return true;
            }
            catch (EspCommandException e) when (e.IsTimeout)
            {
                return false;
            }
            catch (EspCommandException e) when (e.ErrorId == ErrorIds.EspCommandFailed && e.Error != 0x08 && attempt < Timing.WriteAttempts)
            {
                Verbose($"{op} failed ({EspProtocol.Describe(e.Error)}); sending the block again.");
            }
        }
    }

    /// <summary>
    /// The write gave up: <see cref="ErrorIds.EspNoResponse"/> in its one wording, as a plain <see cref="MfgException"/> so
    /// that no caller takes it for one command's timeout (<see cref="EspCommandException.IsTimeout"/>) and retries.
    /// </summary>
    private MfgException Unrecoverable(EspOpcode op)
    {
        var e = EspProtocol.NoResponse(Transport.Name, op, $"blocks after {Timing.WriteAttempts} restarts");
        return new MfgException(e.ErrorId, e.Kind, e.Message, e.Target);
    }

    /// <summary>The one wording of <see cref="ErrorIds.EspBadReply"/>: <c>The chip on '&lt;port&gt;' sent &lt;what&gt;.</c></summary>
    private MfgException BadReply(string what) =>
        new(ErrorIds.EspBadReply, MfgErrorKind.InvalidData, $"The chip on '{Transport.Name}' sent {what}.", Transport.Name);

    /// <summary>The one wording of <see cref="ErrorIds.EspUnknownChip"/>: <c>The chip on '&lt;port&gt;' reports &lt;what&gt;, which MatterMfg does not know.</c></summary>
    private MfgException UnknownChip(string what) =>
        new(ErrorIds.EspUnknownChip, MfgErrorKind.InvalidData, $"The chip on '{Transport.Name}' reports {what}, which MatterMfg does not know.", Transport.Name);

    /// <summary>The one wording of <see cref="ErrorIds.EspFlashTooSmall"/>: <c>&lt;what&gt; (&lt;n&gt; bytes at 0x&lt;offset&gt;) ends at 0x&lt;end&gt;, past the end of the &lt;size&gt; MB flash of the chip on '&lt;port&gt;'.</c></summary>
    private MfgException PastFlashEnd(string what, uint offset, long length, long size) =>
        new(ErrorIds.EspFlashTooSmall, MfgErrorKind.InvalidArgument,
            $"{what} ({length} bytes at 0x{offset:X}) ends at 0x{offset + length:X}, past the end of the {size / 1024 / 1024.0:0.##} MB flash of the chip on '{Transport.Name}'.", Transport.Name);

    /// <summary>SPI_FLASH_MD5 of a region; the ROM answers 32 lowercase hex characters.</summary>
    public string FlashMd5(uint offset, int length)
    {
        var r = _p.CommandWithRetry(EspOpcode.SpiFlashMd5, EspPacket.Words(offset, (uint)length, 0, 0), Timing.Scaled(Timing.Md5SecondsPerMb, length), 32);
        int payload = r.Data.Length - _p.StatusLength;
        if (payload == 16)
        {
            return Hex(r.Data, 0, 16);
        }
        if (payload < 32)
        {
            throw BadReply($"a {payload}-byte MD5 reply (32 expected)");
        }
        return Encoding.ASCII.GetString(r.Data, 0, 32).ToLowerInvariant();
    }

    /// <summary>Reads flash with READ_FLASH_SLOW (the ROM's only read: 64 bytes per command).</summary>
    public byte[] ReadFlash(uint offset, int length, Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        if (FlashSize is long size && offset + (long)length > size)
        {
            throw PastFlashEnd("The read", offset, length, size);
        }
        var result = new byte[length];
        for (int done = 0; done < length;)
        {
            cancel.ThrowIfCancellationRequested();
            int n = Math.Min(ReadChunk, length - done);
            var r = _p.CommandWithRetry(EspOpcode.ReadFlashSlow, EspPacket.Words(offset + (uint)done, (uint)n), Timing.DefaultTimeout, ReadChunk);
            if (r.Data.Length < ReadChunk + 2)
            {
                throw BadReply($"a {r.Data.Length}-byte flash read reply ({ReadChunk + 2} expected)");
            }
            Buffer.BlockCopy(r.Data, 0, result, done, n);
            done += n;
            progress?.Invoke(done, length);
        }
        return result;
    }

    /// <summary>Reads the partition table (at 0x8000 unless moved), stopping at its end marker.</summary>
    public EspPartitionTable ReadPartitionTable(uint tableOffset = EspPartitionTable.DefaultOffset)
    {
        var bytes = new System.IO.MemoryStream();
        for (int at = 0; at < EspPartitionTable.MaxLength; at += ReadChunk)
        {
            byte[] chunk = ReadFlash(tableOffset + (uint)at, ReadChunk);
            bytes.Write(chunk, 0, chunk.Length);
            if (EspPartitionTable.HasEnd(bytes.ToArray()))
            {
                break;
            }
        }
        return EspPartitionTable.FromBinary(bytes.ToArray(), $"the partition table at 0x{tableOffset:X} on '{Transport.Name}'");
    }

    /// <summary>
    /// Reads a whole partition back by label (for end-of-line checks): looks the label up in the table on the chip
    /// (or <paramref name="table"/>) and returns the partition's bytes.
    /// </summary>
    public byte[] ReadPartition(string label, EspPartitionTable? table = null, Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        var t = table ?? ReadPartitionTable();
        var p = t.Find(label);
        return ReadFlash(p.Offset, (int)p.Size, progress, cancel);
    }

    /// <summary>MD5 as lowercase hex, the form SPI_FLASH_MD5 answers in.</summary>
    public static string Md5Hex(byte[] data, int offset, int count)
    {
        return Hex(Checksums.Md5.Hash(data, offset, count), 0, 16);
    }

    private static string Hex(byte[] b, int offset, int count)
    {
        var sb = new StringBuilder(count * 2);
        for (int i = offset; i < offset + count; i++)
        {
            sb.Append(b[i].ToString("x2"));
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        if (_ownsTransport)
        {
            Transport.Dispose();
        }
    }
}
