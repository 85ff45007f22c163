using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MatterMfg.Nvs;

/// <summary>
/// NVS encryption (mfg_tool-reference §7): AES-256-XTS with each 32-byte entry as one data unit and its byte offset
/// from the partition start (LE128) as the tweak. Entries that are in use are encrypted; page headers, bitmaps, empty
/// slots and empty pages stay plaintext. CRCs are those of the plaintext.
/// </summary>
public static class NvsEncryption
{
    /// <summary>
    /// Encrypts a plaintext image: every slot its page's bitmap marks written or erased. Gives the same bytes as the
    /// generator's <c>encrypt</c> for the same CSV and keys.
    /// </summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> image, NvsKeys keys)
    {
        byte[] copy = image.ToArray();
        Transform(copy, keys, encrypt: true);
        return copy;
    }

    /// <summary>
    /// Decrypts an image as the generator's <c>decrypt</c> does: on every page the header and bitmap slots are kept,
    /// slots that are all 0xFF (never written) are kept, every other slot is decrypted.
    /// </summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> image, NvsKeys keys)
    {
        byte[] copy = image.ToArray();
        Transform(copy, keys, encrypt: false);
        return copy;
    }

    private static void Transform(byte[] image, NvsKeys keys, bool encrypt)
    {
        using var aes = Aes.Create();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        // ECB ignores the IV; a zero one is passed because .NET Framework's providers may not accept null.
        var iv = new byte[16];
        using ICryptoTransform tweakCipher = aes.CreateEncryptor(keys.TweakKeyArray(), iv);
        using ICryptoTransform dataCipher = encrypt ? aes.CreateEncryptor(keys.DataKeyArray(), iv) : aes.CreateDecryptor(keys.DataKeyArray(), iv);
        const int maxUnits = NvsLayout.EntriesPerPage;
        var slots = new int[maxUnits];
        var tweaks = new byte[maxUnits * 16];
        var units = new byte[maxUnits * NvsLayout.EntrySize];
        var alphaTweaks = new byte[maxUnits * 16];
        int pages = image.Length / NvsLayout.PageSize;
        for (int p = 0; p < pages; p++)
        {
            ReadOnlySpan<byte> page = image.AsSpan(p * NvsLayout.PageSize, NvsLayout.PageSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(page) == NvsLayout.StateEmpty && encrypt)
            {
                continue;
            }
            int n = 0;
            for (int s = 0; s < NvsLayout.EntriesPerPage; s++)
            {
                int offset = NvsLayout.EntryOffset(p, s);
                bool inUse = encrypt
                    ? NvsLayout.SlotState(page, s) != NvsLayout.SlotEmpty
                    : !NvsLayout.AllFF(image.AsSpan(offset, NvsLayout.EntrySize));
                if (inUse)
                {
                    slots[n++] = s;
                }
            }
            if (n == 0)
            {
                continue;
            }
            // Gather the units, with the tweak of each: LE128(its offset from the partition start), encrypted with the tweak key.
            Array.Clear(tweaks, 0, n * 16);
            for (int i = 0; i < n; i++)
            {
                int offset = NvsLayout.EntryOffset(p, slots[i]);
                BinaryPrimitives.WriteInt32LittleEndian(tweaks.AsSpan(i * 16), offset);
                Buffer.BlockCopy(image, offset, units, i * NvsLayout.EntrySize, NvsLayout.EntrySize);
            }
            tweakCipher.TransformBlock(tweaks, 0, n * 16, tweaks, 0);
            // Each unit is two AES blocks, whitened with T and T·α.
            for (int i = 0; i < n; i++)
            {
                Span<byte> t = tweaks.AsSpan(i * 16, 16);
                Span<byte> ta = alphaTweaks.AsSpan(i * 16, 16);
                MultiplyByAlpha(t, ta);
                Span<byte> u = units.AsSpan(i * NvsLayout.EntrySize, NvsLayout.EntrySize);
                Xor(u.Slice(0, 16), t, u.Slice(0, 16));
                Xor(u.Slice(16, 16), ta, u.Slice(16, 16));
            }
            dataCipher.TransformBlock(units, 0, n * NvsLayout.EntrySize, units, 0);
            for (int i = 0; i < n; i++)
            {
                Span<byte> u = units.AsSpan(i * NvsLayout.EntrySize, NvsLayout.EntrySize);
                Span<byte> dst = image.AsSpan(NvsLayout.EntryOffset(p, slots[i]), NvsLayout.EntrySize);
                Xor(u.Slice(0, 16), tweaks.AsSpan(i * 16, 16), dst.Slice(0, 16));
                Xor(u.Slice(16, 16), alphaTweaks.AsSpan(i * 16, 16), dst.Slice(16, 16));
            }
        }
    }
    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> dst)
    {
        for (int i = 0; i < 16; i++)
        {
            dst[i] = (byte)(a[i] ^ b[i]);
        }
    }

    /// <summary>Multiplication by α in GF(2^128) with the XTS (little-endian) convention.</summary>
    private static void MultiplyByAlpha(ReadOnlySpan<byte> t, Span<byte> result)
    {
        int carry = 0;
        for (int i = 0; i < 16; i++)
        {
            int b = t[i];
            result[i] = (byte)((b << 1) | carry);
            carry = b >> 7;
        }
        if (carry != 0)
        {
            result[0] ^= 0x87;
        }
    }
}
