using System.IO;
using System.Text;

namespace MatterMfg.Tlv;

/// <summary>
/// Writes Matter TLV (Matter core spec appendix A) as connectedhomeip's writers do: anonymous or context tags, unsigned
/// and signed integers in their smallest width, UTF-8 and byte strings with the smallest length field, structures and
/// arrays. The certification declaration, the OTA image header and the QR code's optional data use it.
/// </summary>
internal sealed class TlvWriter
{
    private const byte ContextTag = 0x20;
    private const byte SignedInt = 0x00;
    private const byte UnsignedInt = 0x04;
    private const byte Utf8String = 0x0C;
    private const byte ByteStringType = 0x10;
    private const byte Structure = 0x15;
    private const byte Array = 0x16;
    private const byte EndOfContainer = 0x18;

    private readonly MemoryStream _out = new();

    public void StartStructure(byte? tag = null) => Control(tag, Structure);

    public void StartArray(byte? tag) => Control(tag, Array);

    public void End() => _out.WriteByte(EndOfContainer);

    public void UInt(byte? tag, ulong value)
    {
        int code = WidthCode(value);
        Control(tag, (byte)(UnsignedInt + code));
        Little(value, 1 << code);
    }

    public void Int(byte? tag, long value)
    {
        int code = value >= sbyte.MinValue && value <= sbyte.MaxValue ? 0 : value >= short.MinValue && value <= short.MaxValue ? 1
            : value >= int.MinValue && value <= int.MaxValue ? 2 : 3;
        Control(tag, (byte)(SignedInt + code));
        Little((ulong)value, 1 << code);
    }

    public void Utf8(byte? tag, string value) => Bytes(tag, Utf8String, Encoding.UTF8.GetBytes(value));

    public void ByteString(byte? tag, byte[] value) => Bytes(tag, ByteStringType, value);

    public byte[] ToArray() => _out.ToArray();

    private void Bytes(byte? tag, byte type, byte[] value)
    {
        int code = WidthCode((ulong)value.Length);
        Control(tag, (byte)(type + code));
        Little((ulong)value.Length, 1 << code);
        _out.Write(value, 0, value.Length);
    }

    /// <summary>0, 1, 2, 3 for a value that fits 1, 2, 4, 8 bytes: the low bits of the element type.</summary>
    private static int WidthCode(ulong value) => value <= 0xFF ? 0 : value <= 0xFFFF ? 1 : value <= 0xFFFFFFFF ? 2 : 3;

    private void Little(ulong value, int width)
    {
        for (int i = 0; i < width; i++)
        {
            _out.WriteByte((byte)(value >> (8 * i)));
        }
    }

    private void Control(byte? tag, byte type)
    {
        _out.WriteByte((byte)((tag != null ? ContextTag : 0) | type));
        if (tag != null)
        {
            _out.WriteByte(tag.Value);
        }
    }
}
