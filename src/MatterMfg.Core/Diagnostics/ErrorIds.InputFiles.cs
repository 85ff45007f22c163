namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>
    /// A text input (an NVS CSV, <c>--csv</c>/<c>--mcsv</c>, a value file) is not in an encoding MatterMfg reads: invalid
    /// UTF-8 (the message names the line, the CSV column and the byte), UTF-32, UTF-16 without a byte order mark, or a
    /// broken UTF-16 file. UTF-8 with or without a BOM and UTF-16 with a BOM are read. Fix: save the file as UTF-8
    /// (Excel: "CSV UTF-8 (comma delimited)").
    /// </summary>
    public const string TextFileInvalidEncoding = nameof(TextFileInvalidEncoding);

    /// <summary>
    /// A key appears twice in one namespace (an NVS CSV, pipeline entries, or a <c>--csv</c>/<c>-KeySchema</c> key schema):
    /// on a device only one of the two values would be seen. The message names both rows. Fix: remove or rename one of them.
    /// </summary>
    public const string NvsDuplicateKey = nameof(NvsDuplicateKey);
}
