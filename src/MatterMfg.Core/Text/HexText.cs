namespace MatterMfg.Text;

/// <summary>Bytes as lowercase hex text, as the reference tools print digests and keys.</summary>
public static class HexText
{
    private const string Digits = "0123456789abcdef";

    public static string Lower(byte[] bytes)
    {
        var c = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            c[2 * i] = Digits[bytes[i] >> 4];
            c[2 * i + 1] = Digits[bytes[i] & 0xF];
        }
        return new string(c);
    }
}
