namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>The OTA header's vendor id is 0. Fix: give the vendor id the firmware is for (e.g. 0xFFF1).</summary>
    public const string OtaVendorIdZero = nameof(OtaVendorIdZero);

    /// <summary>The OTA header's product id is 0. Fix: give the product id the firmware is for (e.g. 0x8000).</summary>
    public const string OtaProductIdZero = nameof(OtaProductIdZero);

    /// <summary>The software version string is empty or longer than 64 UTF-8 bytes. Fix: give a version string of 1 to 64 bytes (e.g. "1.2.0").</summary>
    public const string OtaVersionStringLength = nameof(OtaVersionStringLength);

    /// <summary>The minimum applicable version is not below the software version. Fix: give a minimum below the image's own version, or none.</summary>
    public const string OtaMinVersionNotBelowVersion = nameof(OtaMinVersionNotBelowVersion);

    /// <summary>The maximum applicable version is not below the software version. Fix: give a maximum below the image's own version, or none.</summary>
    public const string OtaMaxVersionNotBelowVersion = nameof(OtaMaxVersionNotBelowVersion);

    /// <summary>The minimum applicable version is greater than the maximum applicable version. Fix: swap or correct them.</summary>
    public const string OtaMinVersionAboveMaxVersion = nameof(OtaMinVersionAboveMaxVersion);

    /// <summary>The release notes URL is empty or longer than 256 UTF-8 bytes. Fix: give a URL of 1 to 256 bytes, or none.</summary>
    public const string OtaReleaseNotesUrlLength = nameof(OtaReleaseNotesUrlLength);

    /// <summary>The digest algorithm is not one the Matter OTA header defines. Fix: use sha256 (the default), sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512 or sha256_128/120/96/64/32.</summary>
    public const string OtaDigestAlgorithmUnknown = nameof(OtaDigestAlgorithmUnknown);

    /// <summary>A payload file for the OTA image does not exist. Fix: check the path of the firmware (e.g. build/app.bin).</summary>
    public const string OtaPayloadNotFound = nameof(OtaPayloadNotFound);

    /// <summary>An OTA image was asked for with no payload file at all (an empty -Path). Fix: give the firmware file(s) to wrap, e.g. <c>-Path build/app.bin</c>.</summary>
    public const string OtaPayloadRequired = nameof(OtaPayloadRequired);

    /// <summary>The payload files hold no bytes. Fix: give the firmware file the build produced; a 0-byte file means the build failed.</summary>
    public const string OtaPayloadEmpty = nameof(OtaPayloadEmpty);

    /// <summary>A payload file changed while the OTA image was written (its size or digest differs between the two passes). Fix: run again after the build that writes it has finished.</summary>
    public const string OtaPayloadChanged = nameof(OtaPayloadChanged);

    /// <summary>The OTA image file does not exist. Fix: check the path.</summary>
    public const string OtaImageNotFound = nameof(OtaImageNotFound);

    /// <summary>The file does not start with the Matter OTA magic 0x1BEEF11E, so it is not an OTA image. Fix: give a .ota file made by ota_image_tool.py or New-MatterOtaImage (a plain firmware .bin has no OTA header).</summary>
    public const string OtaNotAnImage = nameof(OtaNotAnImage);

    /// <summary>The OTA image ends before the size its header gives (an interrupted download or copy). Fix: copy or download the image again.</summary>
    public const string OtaImageTruncated = nameof(OtaImageTruncated);

    /// <summary>Bytes follow the end of the OTA image that its header gives. Fix: use the original image; something appended data to it.</summary>
    public const string OtaImageTrailingData = nameof(OtaImageTrailingData);

    /// <summary>The OTA header TLV is malformed, misses a required field or has a field of the wrong type or range; the message names the offset. Fix: recreate the image.</summary>
    public const string OtaHeaderInvalid = nameof(OtaHeaderInvalid);

    /// <summary>The payload size in the OTA header differs from the bytes that follow the header. Fix: recreate the image.</summary>
    public const string OtaPayloadSizeMismatch = nameof(OtaPayloadSizeMismatch);

    /// <summary>The payload's digest does not match the digest in the OTA header: the firmware is corrupt or was altered. Fix: copy the image again or recreate it; never publish it as it is.</summary>
    public const string OtaDigestMismatch = nameof(OtaDigestMismatch);
}
