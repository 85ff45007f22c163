namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A QR code payload holds a character outside Matter's base-38 alphabet. Fix: the code is mistyped; copy it again.</summary>
    public const string Base38CharacterInvalid = nameof(Base38CharacterInvalid);

    /// <summary>A base-38 chunk of a QR code payload decodes to more than its bits hold. Fix: the code is mistyped; copy it again.</summary>
    public const string Base38ChunkOverflow = nameof(Base38ChunkOverflow);

    /// <summary>A QR code payload has a length base-38 cannot produce. Fix: the code is truncated; copy it again.</summary>
    public const string Base38LengthInvalid = nameof(Base38LengthInvalid);

    /// <summary>The discovery capabilities have unknown bits. Fix: combine SoftAP 1, BLE 2, OnNetwork 4, WiFiPaf 8, NFC 16, Thread 32.</summary>
    public const string DiscoveryCapabilitiesInvalid = nameof(DiscoveryCapabilitiesInvalid);

    /// <summary>A QR code needs the discovery capabilities. Fix: give how the device is discovered (BLE 2, on-network 4, ...).</summary>
    public const string DiscoveryCapabilitiesMissing = nameof(DiscoveryCapabilitiesMissing);

    /// <summary>A manual pairing code holds a character that is not a digit. Fix: give the 11 or 21 digits (dashes and spaces are ignored).</summary>
    public const string ManualCodeCharacterInvalid = nameof(ManualCodeCharacterInvalid);

    /// <summary>A manual pairing code's check digit does not match. Fix: the code is mistyped; copy it again.</summary>
    public const string ManualCodeCheckDigitInvalid = nameof(ManualCodeCheckDigitInvalid);

    /// <summary>A field of a manual pairing code is out of its range. Fix: the code is mistyped; copy it again.</summary>
    public const string ManualCodeFieldInvalid = nameof(ManualCodeFieldInvalid);

    /// <summary>A manual pairing code is not 11 or 21 digits (as its first digit says). Fix: give the whole code.</summary>
    public const string ManualCodeLengthInvalid = nameof(ManualCodeLengthInvalid);

    /// <summary>A manual pairing code's first digit is above 7. Fix: the code is mistyped; copy it again.</summary>
    public const string ManualCodeVersionInvalid = nameof(ManualCodeVersionInvalid);

    /// <summary>The QR code's optional data (TLV) is malformed. Fix: give the optional data as tag/value pairs Matter allows.</summary>
    public const string OptionalDataInvalid = nameof(OptionalDataInvalid);

    /// <summary>The onboarding payload version is not 0. Fix: use version 0.</summary>
    public const string PayloadVersionInvalid = nameof(PayloadVersionInvalid);

    /// <summary>A QR code holds several payloads ('*'-joined) where one is expected. Fix: give one payload.</summary>
    public const string QrCodeConcatenated = nameof(QrCodeConcatenated);

    /// <summary>The QR code text is empty. Fix: give the 'MT:' text.</summary>
    public const string QrCodeEmpty = nameof(QrCodeEmpty);

    /// <summary>A QR code payload is too short to hold the fields. Fix: the code is truncated; copy it again.</summary>
    public const string QrCodeLengthInvalid = nameof(QrCodeLengthInvalid);

    /// <summary>A QR code's optional data (TLV) is malformed. Fix: the code is damaged; copy it again.</summary>
    public const string QrCodeOptionalDataInvalid = nameof(QrCodeOptionalDataInvalid);

    /// <summary>A QR code does not start with 'MT:'. Fix: give the whole code, with its 'MT:' prefix.</summary>
    public const string QrCodePrefixInvalid = nameof(QrCodePrefixInvalid);

    /// <summary>A QR code was asked for from a payload that knows only the 4-bit short discriminator (one read from a manual pairing code). Fix: give the full 12-bit discriminator.</summary>
    public const string QrCodeShortDiscriminator = nameof(QrCodeShortDiscriminator);

    /// <summary>The rotating device id unique id given to compute a rotating device id is not hexadecimal (a character that is not a hex digit, or an odd number of digits). Fix: give the unique id as hex digits, optionally after 0x.</summary>
    public const string RotatingDeviceIdUniqueIdNotHex = nameof(RotatingDeviceIdUniqueIdNotHex);

    /// <summary>The rotating device id unique id is shorter than 16 bytes. Fix: give at least 32 hex digits.</summary>
    public const string RotatingDeviceIdUniqueIdTooShort = nameof(RotatingDeviceIdUniqueIdTooShort);
}
