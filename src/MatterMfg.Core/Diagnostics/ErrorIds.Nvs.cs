namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A base64 value in an NVS CSV or entry is malformed. Fix: correct the value on the line the message names.</summary>
    public const string NvsBadBase64 = nameof(NvsBadBase64);

    /// <summary>An NVS entry is malformed (the message names the page, slot and problem). Fix: the image is damaged; write it again.</summary>
    public const string NvsBadEntry = nameof(NvsBadEntry);

    /// <summary>A hex2bin value has an odd number of digits or a non-hex character. Fix: correct the value on the line the message names.</summary>
    public const string NvsBadHex = nameof(NvsBadHex);

    /// <summary>An integer value in an NVS CSV or entry is not an integer. Fix: give decimal digits or 0x-prefixed hex.</summary>
    public const string NvsBadInteger = nameof(NvsBadInteger);

    /// <summary>The bytes after an NVS entry's data are not 0xFF padding. Fix: the image is damaged; write it again.</summary>
    public const string NvsBadPadding = nameof(NvsBadPadding);

    /// <summary>An NVS page has a state that is none of empty, active, full or freeing. Fix: the image is damaged; write it again.</summary>
    public const string NvsBadPageState = nameof(NvsBadPageState);

    /// <summary>An NVS page's entry-state bitmap contradicts its slots. Fix: the image is damaged; write it again.</summary>
    public const string NvsBadSlotState = nameof(NvsBadSlotState);

    /// <summary>An NVS page has an unknown format version. Fix: the image is damaged, or it is not an NVS partition.</summary>
    public const string NvsBadVersion = nameof(NvsBadVersion);

    /// <summary>A v2 blob's index does not match its chunks. Fix: the image is damaged; write it again.</summary>
    public const string NvsBlobIncomplete = nameof(NvsBlobIncomplete);

    /// <summary>An NVS CSV does not start with the header 'key,type,encoding,value'. Fix: add that header as the first line.</summary>
    public const string NvsCsvHeader = nameof(NvsCsvHeader);

    /// <summary>An NVS CSV is not UTF-8 text. Fix: save it as UTF-8.</summary>
    public const string NvsCsvNotUtf8 = nameof(NvsCsvNotUtf8);

    /// <summary>An NVS entry's data does not match its CRC. Fix: the image is damaged; write it again.</summary>
    public const string NvsDataCrcMismatch = nameof(NvsDataCrcMismatch);

    /// <summary>Two NVS pages have the same sequence number. Fix: the image is damaged; write it again.</summary>
    public const string NvsDuplicateSequence = nameof(NvsDuplicateSequence);

    /// <summary>An NVS entry does not match its CRC. Fix: the image is damaged (or was encrypted: give its keys partition).</summary>
    public const string NvsEntryCrcMismatch = nameof(NvsEntryCrcMismatch);

    /// <summary>The file named for a string encoding is not UTF-8 text. Fix: use the 'binary' or 'hex2bin' encoding for binary files.</summary>
    public const string NvsFileNotText = nameof(NvsFileNotText);

    /// <summary>An NVS page header does not match its CRC. Fix: the image is damaged (or was encrypted: give its keys partition).</summary>
    public const string NvsHeaderCrcMismatch = nameof(NvsHeaderCrcMismatch);

    /// <summary>An HMAC key for NVS key derivation is not 32 bytes. Fix: give the 32-byte eFuse HMAC key.</summary>
    public const string NvsHmacKeyLength = nameof(NvsHmacKeyLength);

    /// <summary>An NVS image's size is not a multiple of 4096. Fix: give the whole partition image.</summary>
    public const string NvsImageSize = nameof(NvsImageSize);

    /// <summary>An integer does not fit the NVS type (u8..i64). Fix: give a value in the type's range, or a wider type.</summary>
    public const string NvsIntegerOutOfRange = nameof(NvsIntegerOutOfRange);

    /// <summary>An NVS key or namespace name is empty. Fix: give a name of 1..15 characters.</summary>
    public const string NvsKeyEmpty = nameof(NvsKeyEmpty);

    /// <summary>An NVS key or namespace name holds characters other than printable ASCII. Fix: use printable ASCII only.</summary>
    public const string NvsKeyInvalid = nameof(NvsKeyInvalid);

    /// <summary>An NVS encryption key is not 64 bytes. Fix: give the 32-byte data key and 32-byte tweak key (64 bytes).</summary>
    public const string NvsKeyLength = nameof(NvsKeyLength);

    /// <summary>An NVS keys partition does not match its CRC. Fix: use the keys partition written with the image.</summary>
    public const string NvsKeyPartitionCrcMismatch = nameof(NvsKeyPartitionCrcMismatch);

    /// <summary>An NVS keys partition is erased (all 0xFF). Fix: use the keys partition written with the image.</summary>
    public const string NvsKeyPartitionEmpty = nameof(NvsKeyPartitionEmpty);

    /// <summary>The NVS keys partition file already exists; replacing it makes the images encrypted with it unreadable. Fix: choose another path, or -Force.</summary>
    public const string NvsKeyPartitionExists = nameof(NvsKeyPartitionExists);

    /// <summary>An NVS keys partition is malformed. Fix: use the keys partition written with the image.</summary>
    public const string NvsKeyPartitionInvalid = nameof(NvsKeyPartitionInvalid);

    /// <summary>An NVS key or namespace name is longer than 15 characters. Fix: shorten it to 15 characters.</summary>
    public const string NvsKeyTooLong = nameof(NvsKeyTooLong);

    /// <summary>Both an encryption key and a keys partition were given. Fix: give one of -EncryptionKey and -KeyPartitionPath.</summary>
    public const string NvsKeysAmbiguous = nameof(NvsKeysAmbiguous);

    /// <summary>An NVS entry comes before any namespace row. Fix: start the CSV with a 'name,namespace,,' row.</summary>
    public const string NvsNoNamespace = nameof(NvsNoNamespace);

    /// <summary>A part of an NVS image marked empty is not erased (0xFF). Fix: the image is damaged; write it again.</summary>
    public const string NvsNotErased = nameof(NvsNotErased);

    /// <summary>The device marked an NVS page corrupt. Fix: erase the partition and write it again.</summary>
    public const string NvsPageMarkedCorrupt = nameof(NvsPageMarkedCorrupt);

    /// <summary>The entries do not fit the NVS partition size. Fix: give a larger --size (-Size), or fewer entries.</summary>
    public const string NvsPartitionFull = nameof(NvsPartitionFull);

    /// <summary>Some entries had errors, so the NVS image was not written. Fix: correct the entries the earlier errors name.</summary>
    public const string NvsPartitionNotWritten = nameof(NvsPartitionNotWritten);

    /// <summary>An NVS partition size is not a multiple of 4096. Fix: give a multiple of 0x1000.</summary>
    public const string NvsSizeNotPageMultiple = nameof(NvsSizeNotPageMultiple);

    /// <summary>An NVS partition size is larger than NVS supports. Fix: give a smaller size.</summary>
    public const string NvsSizeTooLarge = nameof(NvsSizeTooLarge);

    /// <summary>An NVS partition size is smaller than 4096. Fix: give at least 0x1000.</summary>
    public const string NvsSizeTooSmall = nameof(NvsSizeTooSmall);

    /// <summary>More than 254 NVS namespaces were declared. Fix: use at most 254 namespaces.</summary>
    public const string NvsTooManyNamespaces = nameof(NvsTooManyNamespaces);

    /// <summary>An NVS row's type and encoding do not go together (e.g. a namespace with an encoding). Fix: correct the row.</summary>
    public const string NvsTypeEncodingConflict = nameof(NvsTypeEncodingConflict);

    /// <summary>An NVS encoding is not one the generator knows. Fix: use u8..i64, string, hex2bin, base64, binary or blob_fill.</summary>
    public const string NvsUnknownEncoding = nameof(NvsUnknownEncoding);

    /// <summary>An NVS entry uses a namespace index that no namespace entry defines. Fix: the image is damaged; write it again.</summary>
    public const string NvsUnknownNamespace = nameof(NvsUnknownNamespace);

    /// <summary>An NVS row's type is not namespace, data or file. Fix: use namespace, data or file.</summary>
    public const string NvsUnknownType = nameof(NvsUnknownType);

    /// <summary>An NVS data row has no value. Fix: fill in the value.</summary>
    public const string NvsValueMissing = nameof(NvsValueMissing);

    /// <summary>An NVS value is longer than its type allows (strings 4000 bytes, blobs per format). Fix: shorten the value.</summary>
    public const string NvsValueTooLong = nameof(NvsValueTooLong);

    /// <summary>A blob_fill(N;0xPP) or blob_sz_fill(N;0xPP) value is longer than its fill length N. Fix: raise N in the encoding, or shorten the value.</summary>
    public const string NvsValueLongerThanFill = nameof(NvsValueLongerThanFill);

    /// <summary>The fill length N of a blob_fill(N;0xPP) or blob_sz_fill(N;0xPP) encoding is larger than 1048576 bytes. Fix: give a fill length that fits the partition.</summary>
    public const string NvsFillLengthTooLarge = nameof(NvsFillLengthTooLarge);

    /// <summary>A v1 blob or string does not fit one NVS page. Fix: use format v2 (blobs span pages) or a shorter value.</summary>
    public const string NvsValueTooLongForPage = nameof(NvsValueTooLongForPage);

    /// <summary>A pipeline entry's value has a .NET type that does not fit its NVS type. Fix: give a number for integer types, text for strings, bytes for blobs.</summary>
    public const string NvsValueType = nameof(NvsValueType);

    /// <summary>The NVS format version is not 1 or 2. Fix: give v1 or v2.</summary>
    public const string NvsVersionInvalid = nameof(NvsVersionInvalid);
}
