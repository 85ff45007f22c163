namespace MatterMfg.Text;

/// <summary>Bytes as lowercase hex text, as the reference tools print digests and keys.</summary>
public static class HexText
{
    private const string Digits = "0123456789abcdef";

    /// <summary>
    /// Parses hex digits (no prefix, no separators). On failure <paramref name="badIndex"/> is the position of the first
    /// character that is not a hex digit, or -1 when every character is a digit but their number is odd.
    /// </summary>
    public static bool TryParse(string hex, out byte[] bytes, out int badIndex)
    {
        bytes = new byte[hex.Length / 2];
        for (int i = 0; i < hex.Length; i++)
        {
            int d = Digit(hex[i]);
            if (d < 0)
            {
                badIndex = i;
                return false;
            }
            if (i / 2 < bytes.Length)
            {
                bytes[i / 2] |= (byte)(i % 2 == 0 ? d << 4 : d);
            }
        }
        badIndex = -1;
        return hex.Length % 2 == 0;
    }

    /// <summary>The value of a hex digit, or -1.</summary>
    public static int Digit(char c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

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
