using System;
using System.Buffers.Binary;

namespace MatterMfg.Esp;

/// <summary>ROM loader command opcodes (esp-serial-protocol.md §8).</summary>
public enum EspOpcode : byte
{
    FlashBegin = 0x02,
    FlashData = 0x03,
    FlashEnd = 0x04,
    MemBegin = 0x05,
    MemEnd = 0x06,
    MemData = 0x07,
    Sync = 0x08,
    WriteReg = 0x09,
    ReadReg = 0x0A,
    SpiSetParams = 0x0B,
    SpiAttach = 0x0D,
    ReadFlashSlow = 0x0E,
    ChangeBaudrate = 0x0F,
    FlashDeflBegin = 0x10,
    FlashDeflData = 0x11,
    FlashDeflEnd = 0x12,
    SpiFlashMd5 = 0x13,
    GetSecurityInfo = 0x14,
}

/// <summary>
/// Request and response packets (esp-serial-protocol.md §3–5). All fields little-endian. A request is
/// <c>00 op size(2) checksum(4) data</c>; a response is <c>01 op size(2) value(4) data</c> where data ends with the
/// status bytes (4 on the ESP32-and-later ROM: status, error, 0, 0).
/// </summary>
public static class EspPacket
{
    /// <summary>Seed of the data checksum: 0xEF XOR every byte of the data to write.</summary>
    public const byte ChecksumSeed = 0xEF;

    public static byte[] Request(EspOpcode op, byte[] data, uint checksum = 0)
    {
        var p = new byte[8 + data.Length];
        p[0] = 0x00;
        p[1] = (byte)op;
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), checked((ushort)data.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), checksum);
        Buffer.BlockCopy(data, 0, p, 8, data.Length);
        return p;
    }

    /// <summary>The checksum of FLASH_DATA / FLASH_DEFL_DATA / MEM_DATA over the data to write only (not the 16-byte header).</summary>
    public static byte Checksum(byte[] data, int offset, int count)
    {
        byte c = ChecksumSeed;
        for (int i = offset; i < offset + count; i++)
        {
            c ^= data[i];
        }
        return c;
    }

    /// <summary>Little-endian 32-bit words, the shape of every ROM command's parameters.</summary>
    public static byte[] Words(params uint[] words)
    {
        var b = new byte[words.Length * 4];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 4), words[i]);
        }
        return b;
    }
}

/// <summary>A decoded response frame.</summary>
public sealed class EspResponse
{
    private EspResponse(byte op, uint value, byte[] data)
    {
        Opcode = op;
        Value = value;
        Data = data;
    }

    public byte Opcode { get; }

    /// <summary>The header's value field: meaningful only for READ_REG (and SYNC); junk otherwise.</summary>
    public uint Value { get; }

    /// <summary>The data field: payload followed by the status bytes.</summary>
    public byte[] Data { get; }

    /// <summary>Parses a frame; null when it is not a response (too short, wrong direction, size field disagrees).</summary>
    public static EspResponse? TryParse(byte[] frame)
    {
        if (frame.Length < 8 || frame[0] != 0x01)
        {
            return null;
        }
        int size = BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(2));
        if (size != frame.Length - 8)
        {
            return null;
        }
        var data = new byte[size];
        Buffer.BlockCopy(frame, 8, data, 0, size);
        return new EspResponse(frame[1], BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4)), data);
    }

    /// <summary>
    /// The status and error bytes after <paramref name="payloadLength"/> payload bytes; as esptool, when fewer bytes
    /// arrived the first two are taken as the status.
    /// </summary>
    public (byte Status, byte Error) StatusAfter(int payloadLength) =>
        Data.Length >= payloadLength + 2 ? (Data[payloadLength], Data[payloadLength + 1])
        : Data.Length >= 2 ? (Data[0], Data[1]) : ((byte)1, (byte)0);
}
