using System;
using System.Collections;
using System.Management.Automation;

namespace MatterMfg.PowerShell.Infrastructure;

/// <summary>
/// Binds binary values given as a byte[] (or any list of numbers 0..255), a base64 string, or a hex string with a 0x
/// prefix. A malformed string is an error naming the value, never silently empty.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BytesTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case byte[] b:
                return b;
            case string s:
                return Parse(s);
            case IEnumerable list:
                var bytes = new System.Collections.Generic.List<byte>();
                foreach (object? item in list)
                {
                    object? x = item is PSObject p ? p.BaseObject : item;
                    try
                    {
                        bytes.Add(Convert.ToByte(x, System.Globalization.CultureInfo.InvariantCulture));
                    }
                    catch (Exception e) when (e is FormatException || e is OverflowException || e is InvalidCastException)
                    {
                        throw new ArgumentTransformationMetadataException($"'{x}' is not a byte value (0..255).");
                    }
                }
                return bytes.ToArray();
            default:
                throw new ArgumentTransformationMetadataException($"A {value.GetType().Name} cannot be used as bytes; give a byte[], base64 text or 0x-prefixed hex.");
        }
    }

    internal static byte[] Parse(string s)
    {
        string t = s.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string hex = t.Substring(2);
            if (hex.Length % 2 != 0)
            {
                throw new ArgumentTransformationMetadataException($"'{s}' is not valid hex: odd number of digits.");
            }
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
                if (hi < 0 || lo < 0)
                {
                    throw new ArgumentTransformationMetadataException($"'{s}' is not valid hex: '{hex.Substring(2 * i, 2)}' at position {2 * i}.");
                }
                bytes[i] = (byte)(hi << 4 | lo);
            }
            return bytes;
        }
        try
        {
            return Convert.FromBase64String(t);
        }
        catch (FormatException)
        {
            throw new ArgumentTransformationMetadataException($"'{s}' is neither base64 nor 0x-prefixed hex.");
        }
    }

    private static int HexValue(char c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}
