using System;
using System.Collections;
using System.Management.Automation;
using MatterMfg.Text;

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

    /// <summary>
    /// 0x-prefixed hex, else base64. Base64 text may itself start with "0x" (a verifier or salt does, now and then): such a
    /// string is hex only when everything after the prefix is hex digits; otherwise, if it is valid base64, it is base64.
    /// </summary>
    internal static byte[] Parse(string s)
    {
        string t = s.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string hex = t.Substring(2);
            if (HexText.TryParse(hex, out byte[] bytes, out int bad))
            {
                return bytes;
            }
            if (bad < 0 || TryBase64(t) is not byte[] base64)
            {
                throw new ArgumentTransformationMetadataException(bad < 0
                    ? $"'{s}' is not valid hex: odd number of digits."
                    : $"'{s}' is neither base64 nor valid hex: '{hex[bad]}' at position {bad} of the hex is not a hex digit.");
            }
            return base64;
        }
        return TryBase64(t) ?? throw new ArgumentTransformationMetadataException($"'{s}' is neither base64 nor 0x-prefixed hex.");
    }

    private static byte[]? TryBase64(string t)
    {
        try
        {
            return Convert.FromBase64String(t);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
