using System;
using System.Security.Cryptography;
using MatterMfg.Diagnostics;

namespace MatterMfg.Onboarding;

/// <summary>
/// The Rotating Device Identifier a device advertises in its additional data (connectedhomeip
/// <c>AdditionalDataPayloadGenerator::generateRotatingDeviceIdAsBinary</c>): the lifetime counter as 2 bytes
/// little-endian, followed by the last 16 bytes of SHA-256(unique id ‖ counter). It lets factory data be checked against
/// what a device shows without reading its flash.
/// </summary>
public static class RotatingDeviceId
{
    public const int MinUniqueIdLength = 16;
    public const int Length = 18;

    public static byte[] Compute(byte[] uniqueId, ushort lifetimeCounter)
    {
        CheckUniqueId(uniqueId);
        byte[] input = new byte[uniqueId.Length + 2];
        uniqueId.CopyTo(input, 0);
        input[uniqueId.Length] = (byte)lifetimeCounter;
        input[uniqueId.Length + 1] = (byte)(lifetimeCounter >> 8);
        byte[] hash;
        using (var sha = SHA256.Create())
        {
            hash = sha.ComputeHash(input);
        }
        byte[] id = new byte[Length];
        id[0] = input[uniqueId.Length];
        id[1] = input[uniqueId.Length + 1];
        Array.Copy(hash, hash.Length - 16, id, 2, 16);
        return id;
    }

    /// <summary>The Additional Data payload TLV: an anonymous structure with the id as context tag 0 octet string (<c>15 18</c> without one).</summary>
    public static byte[] AdditionalDataPayload(byte[]? rotatingDeviceId)
    {
        if (rotatingDeviceId == null)
        {
            return new byte[] { 0x15, 0x18 };
        }
        byte[] tlv = new byte[rotatingDeviceId.Length + 5];
        tlv[0] = 0x15;
        tlv[1] = 0x30;
        tlv[2] = 0x00;
        tlv[3] = (byte)rotatingDeviceId.Length;
        rotatingDeviceId.CopyTo(tlv, 4);
        tlv[tlv.Length - 1] = 0x18;
        return tlv;
    }

    public static void CheckUniqueId(byte[]? uniqueId)
    {
        if (uniqueId == null || uniqueId.Length < MinUniqueIdLength)
        {
            throw new MfgException(ErrorIds.RotatingDeviceIdUniqueIdTooShort, MfgErrorKind.InvalidArgument,
                $"RotatingDeviceIdUniqueId: {uniqueId?.Length ?? 0} bytes; the unique id is at least {MinUniqueIdLength} bytes.", "RotatingDeviceIdUniqueId");
        }
    }
}
