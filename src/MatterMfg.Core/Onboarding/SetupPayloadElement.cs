using System;
using System.Globalization;

namespace MatterMfg.Onboarding;

/// <summary>
/// One element of a QR code's optional TLV data: a context tag (0x00..0x7F Matter-defined, 0x80..0xFF vendor-defined)
/// with a UTF-8 string, a signed or an unsigned integer.
/// </summary>
public sealed class SetupPayloadElement
{
    public const byte SerialNumberTag = 0x00;
    public const byte PbkdfIterationsTag = 0x01;
    public const byte PbkdfSaltTag = 0x02;
    public const byte NumberOfDevicesTag = 0x03;
    public const byte CommissioningTimeoutTag = 0x04;

    public SetupPayloadElement(byte tag, string value)
    {
        Tag = tag;
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    public SetupPayloadElement(byte tag, long value)
    {
        Tag = tag;
        Value = value;
    }

    public SetupPayloadElement(byte tag, ulong value)
    {
        Tag = tag;
        Value = value;
    }

    public byte Tag { get; }

    /// <summary>A <see cref="string"/>, a <see cref="long"/> (TLV signed integer) or a <see cref="ulong"/> (TLV unsigned integer).</summary>
    public object Value { get; }

    public bool IsVendorTag => Tag >= 0x80;

    public override string ToString() => $"0x{Tag:X2}={Convert.ToString(Value, CultureInfo.InvariantCulture)}";
}
