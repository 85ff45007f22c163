using System;

namespace MatterMfg.SecureCert;

/// <summary>TLV types of the esp_secure_cert format (esp_secure_cert_mgr), plus the Matter type the ESP Matter SDK adds.</summary>
public enum SecureCertTlvType : byte
{
    CaCert = 0,
    DevCert = 1,
    PrivKey = 2,
    DsData = 3,
    DsContext = 4,
    EcdsaKeySalt = 5,
    SecCfg = 6,
    TeeSecStorageKey = 7,
    End = 50,
    UserData1 = 51,
    UserData2 = 52,
    UserData3 = 53,
    UserData4 = 54,
    UserData5 = 55,
    MatterTlv1 = 201,
}

/// <summary>Subtypes of <see cref="SecureCertTlvType.MatterTlv1"/>, as CHIP's ESP32SecureCertDataProvider reads them.</summary>
public enum MatterTlvSubtype : byte
{
    Discriminator = 0,
    Verifier = 1,
    Salt = 2,
    IterationCount = 3,
    RotatingDeviceIdUniqueId = 4,
    Reserved128 = 128,
    Reserved129 = 129,
}

/// <summary>One entry of an esp_secure_cert partition.</summary>
public sealed class SecureCertTlv
{
    public SecureCertTlv(int offset, SecureCertTlvType type, byte subtype, byte flags, byte[] data)
    {
        Offset = offset;
        Type = type;
        Subtype = subtype;
        Flags = flags;
        Data = data;
    }

    /// <summary>Byte offset of the entry's magic in the partition.</summary>
    public int Offset { get; }

    public SecureCertTlvType Type { get; }

    public byte Subtype { get; }

    /// <summary>bit 7 HMAC-encrypted key, bit 6 HMAC-derived ECDSA key, bit 3 ECDSA peripheral.</summary>
    public byte Flags { get; }

    public byte[] Data { get; }

    public override string ToString() => $"{Type}/{Subtype} @0x{Offset:X4} flags 0x{Flags:X2}, {Data.Length} bytes";
}
