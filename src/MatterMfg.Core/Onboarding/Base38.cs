using System;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.Onboarding;

/// <summary>
/// The Base38 text encoding of Matter QR payloads (connectedhomeip <c>Base38Encode.cpp</c>/<c>Base38Decode.cpp</c>):
/// 3-byte little-endian chunks become 5 characters, a final 2-byte chunk 4 and a final byte 2, least significant digit
/// first. Every character of the alphabet is in the QR alphanumeric set, so the code stays in the dense QR mode.
/// </summary>
public static class Base38
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.";

    private static readonly int[] CharsPerChunk = { 0, 2, 4, 5 };

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length / 3 * 5 + bytes.Length % 3 * 2);
        for (int i = 0; i < bytes.Length; i += 3)
        {
            int n = Math.Min(3, bytes.Length - i);
            uint v = 0;
            for (int k = n - 1; k >= 0; k--)
            {
                v = v << 8 | bytes[i + k];
            }
            for (int c = 0; c < CharsPerChunk[n]; c++)
            {
                sb.Append(Alphabet[(int)(v % 38)]);
                v /= 38;
            }
        }
        return sb.ToString();
    }

    /// <summary>Decodes <paramref name="text"/>; errors name <paramref name="field"/> and the offending position.</summary>
    public static byte[] Decode(string text, string field = "Base38")
    {
        int tail = text.Length % 5;
        if (tail == 1 || tail == 3)
        {
            throw new MfgException(ErrorIds.Base38LengthInvalid, MfgErrorKind.InvalidArgument,
                $"{field}: {text.Length} Base38 characters leave {tail} after the last 5-character chunk; a code ends with a chunk of 5, 4 or 2.", text);
        }
        var bytes = new byte[text.Length / 5 * 3 + (tail == 4 ? 2 : tail == 2 ? 1 : 0)];
        int o = 0;
        for (int i = 0; i < text.Length; i += 5)
        {
            int chars = Math.Min(5, text.Length - i);
            int n = chars == 5 ? 3 : chars == 4 ? 2 : 1;
            ulong v = 0;
            for (int c = chars - 1; c >= 0; c--)
            {
                int d = Alphabet.IndexOf(text[i + c]);
                if (d < 0)
                {
                    throw new MfgException(ErrorIds.Base38CharacterInvalid, MfgErrorKind.InvalidArgument,
                        $"{field}: '{text[i + c]}' at position {i + c} is not a Base38 character (0-9, A-Z, '-', '.').", text);
                }
                v = v * 38 + (uint)d;
            }
            if (v >> (8 * n) != 0)
            {
                throw new MfgException(ErrorIds.Base38ChunkOverflow, MfgErrorKind.InvalidArgument,
                    $"{field}: the chunk '{text.Substring(i, chars)}' at position {i} decodes to {v}, more than {n} byte(s) can hold.", text);
            }
            for (int k = 0; k < n; k++)
            {
                bytes[o++] = (byte)(v >> (8 * k));
            }
        }
        return bytes;
    }
}
