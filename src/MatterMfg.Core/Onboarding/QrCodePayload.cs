using System;
using System.Collections.Generic;
using MatterMfg.Diagnostics;

namespace MatterMfg.Onboarding;

/// <summary>
/// The QR code text: <c>MT:</c> + Base38 of 88 packed bits (LSB first: version 3, VID 16, PID 16, flow 2, discovery 8,
/// discriminator 12, passcode 27, padding 4), followed by the optional TLV data (connectedhomeip
/// <c>QRCodeSetupPayloadGenerator</c>/<c>QRCodeSetupPayloadParser</c>).
/// </summary>
public static class QrCodePayload
{
    public const string Prefix = "MT:";

    /// <summary>Separates the payloads of a concatenated QR code (several devices in one code).</summary>
    public const char Delimiter = '*';

    internal const int PackedLength = 11;

    public static string Encode(SetupPayload payload) => Encode(payload, PayloadCheck.ProduceQrCode);

    /// <summary>
    /// Encodes after the checks of <paramref name="check"/>: <see cref="PayloadCheck.ParsedQrCode"/> re-encodes a decoded
    /// payload that connectedhomeip would accept from a device (e.g. with a discovery bit it does not know yet).
    /// </summary>
    public static string Encode(SetupPayload payload, PayloadCheck check)
    {
        if (check != PayloadCheck.ProduceQrCode && check != PayloadCheck.ParsedQrCode)
        {
            throw new ArgumentOutOfRangeException(nameof(check), check, "A QR code is checked as a QR code.");
        }
        payload.Validate(check);
        byte[] tlv = SetupTlv.Encode(payload.OptionalData);
        byte[] bytes = new byte[PackedLength + tlv.Length];
        // Validate has range-checked every field, so the casts cannot lose bits.
        ulong low = (uint)payload.Version
            | (ulong)(uint)payload.VendorId << 3
            | (ulong)(uint)payload.ProductId << 19
            | (ulong)(uint)payload.CommissioningFlow << 35
            | (ulong)(uint)payload.DiscoveryCapabilities!.Value << 37
            | (ulong)(uint)payload.Discriminator << 45
            | (ulong)payload.Passcode << 57;
        // Bits 64..87: the passcode's top 20 bits and the 4 padding bits.
        uint high = (uint)(payload.Passcode >> 7);
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(low >> (8 * i));
        }
        bytes[8] = (byte)high;
        bytes[9] = (byte)(high >> 8);
        bytes[10] = (byte)(high >> 16);
        tlv.CopyTo(bytes, PackedLength);
        return Prefix + Base38.Encode(bytes);
    }

    /// <summary>Every payload of a (possibly concatenated) QR string.</summary>
    public static IReadOnlyList<SetupPayload> Decode(string text, bool validate = true)
    {
        if (text == null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            string shown = text == null ? "nothing" : text.Length > 3 ? $"'{text.Substring(0, 3)}'" : $"'{text}'";
            throw new MfgException(ErrorIds.QrCodePrefixInvalid, MfgErrorKind.InvalidArgument,
                $"QrCode: a Matter QR code starts with '{Prefix}', this starts with {shown}.", text);
        }
        var result = new List<SetupPayload>();
        string[] parts = text.Substring(Prefix.Length).Split(Delimiter);
        for (int i = 0; i < parts.Length; i++)
        {
            try
            {
                result.Add(DecodeOne(parts[i], validate));
            }
            catch (MfgException e) when (parts.Length > 1)
            {
                throw new MfgException(e.ErrorId, e.Kind, $"QrCode: payload {i + 1} of {parts.Length}: {StripField(e.Message)}", text, e);
            }
        }
        return result;
    }

    internal static SetupPayload DecodeSingle(string text, bool validate)
    {
        var all = Decode(text, validate);
        if (all.Count != 1)
        {
            throw new MfgException(ErrorIds.QrCodeConcatenated, MfgErrorKind.InvalidArgument,
                $"QrCode: this code holds {all.Count} payloads ('{Delimiter}'-separated); decode it as a concatenated code.", text);
        }
        return all[0];
    }

    private static SetupPayload DecodeOne(string body, bool validate)
    {
        byte[] bytes = Base38.Decode(body, "QrCode");
        if (bytes.Length < PackedLength)
        {
            throw new MfgException(ErrorIds.QrCodeLengthInvalid, MfgErrorKind.InvalidArgument,
                $"QrCode: '{body}' holds {bytes.Length} bytes, a payload has at least {PackedLength} ({Base38.Encode(new byte[PackedLength]).Length} Base38 characters).", body);
        }
        ulong low = 0;
        for (int i = 7; i >= 0; i--)
        {
            low = low << 8 | bytes[i];
        }
        uint high = (uint)(bytes[8] | bytes[9] << 8 | bytes[10] << 16);
        var p = new SetupPayload
        {
            Version = (int)(low & 0x7),
            VendorId = (int)(low >> 3 & 0xFFFF),
            ProductId = (int)(low >> 19 & 0xFFFF),
            CommissioningFlow = (CommissioningFlow)(low >> 35 & 0x3),
            DiscoveryCapabilities = (DiscoveryCapabilities)(low >> 37 & 0xFF),
            Discriminator = (int)(low >> 45 & 0xFFF),
            Passcode = (long)(low >> 57) | (long)(high & 0xFFFFF) << 7,
        };
        if (p.Version != 0)
        {
            throw SetupPayload.VersionInvalid(p.Version, "QrCode", body);
        }
        if (bytes.Length > PackedLength)
        {
            p.OptionalData.AddRange(SetupTlv.Decode(bytes, PackedLength, body));
        }
        if (validate)
        {
            p.Validate(PayloadCheck.ParsedQrCode);
        }
        return p;
    }

    private static string StripField(string message) =>
        message.StartsWith("QrCode: ", StringComparison.Ordinal) ? message.Substring(8) : message;
}
