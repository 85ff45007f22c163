using System;
using System.IO;

namespace MatterMfg.Diagnostics;

/// <summary>What kind of failure an <see cref="MfgException"/> is; the cmdlet layer maps it onto PowerShell's ErrorCategory.</summary>
public enum MfgErrorKind
{
    /// <summary>The input is malformed or out of range (a bad CSV cell, a bad parameter value).</summary>
    InvalidArgument,
    /// <summary>Data read from a file or device is corrupt or inconsistent.</summary>
    InvalidData,
    /// <summary>A file, port, key or partition that was named does not exist.</summary>
    ObjectNotFound,
    /// <summary>The operation cannot be done in the current state (e.g. a partition is full, a lock is held).</summary>
    InvalidOperation,
    /// <summary>A security rule failed (signature, chain, key mismatch).</summary>
    SecurityError,
    /// <summary>A device or port did not answer or answered wrongly.</summary>
    ConnectionError,
    /// <summary>A resource (port, file lock) is busy.</summary>
    ResourceBusy,
    /// <summary>Waiting for a device took too long.</summary>
    OperationTimeout,
    /// <summary>Writing a file failed.</summary>
    WriteError,
    /// <summary>Reading a file failed (it exists but cannot be read).</summary>
    ReadError,
}

/// <summary>
/// The one exception type the core throws for problems a user can act on. <see cref="ErrorId"/> is stable (tests and
/// scripts match on it), <see cref="Exception.Message"/> names the input and the reason, and <see cref="Target"/> is the
/// thing that was wrong (a CSV line, a key name, a port, a file path).
/// </summary>
public class MfgException : Exception
{
    public MfgException(string errorId, MfgErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>Stable identifier such as <c>NvsKeyTooLong</c>.</summary>
    public string ErrorId { get; }

    public MfgErrorKind Kind { get; }

    /// <summary>What the error is about: a CSV line number, a key, a port name, a path.</summary>
    public object? Target { get; }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.InputFileNotFound"/>: <c>&lt;input&gt;: '&lt;path&gt;' does not exist.</c>
    /// <paramref name="input"/> names what the file was given as (an option, a parameter, a CSV row and key).
    /// </summary>
    public static MfgException InputFileNotFound(string? input, string path, object? target = null, Exception? inner = null) =>
        new(ErrorIds.InputFileNotFound, MfgErrorKind.ObjectNotFound, Lead(input, $"'{path}' does not exist."), target ?? path, inner);

    /// <summary>
    /// A file operation that failed with <paramref name="error"/>: a missing input is <see cref="ErrorIds.InputFileNotFound"/>;
    /// anything else (no permission, a folder where a file goes, a full disk) is <see cref="ErrorIds.FileAccessFailed"/>,
    /// worded <c>&lt;input&gt;: cannot read|write '&lt;path&gt;': &lt;reason&gt;</c>.
    /// </summary>
    public static MfgException FileError(string? input, string? path, Exception error, bool writing = false, object? target = null)
    {
        if (!writing && path != null && (error is FileNotFoundException || error is DirectoryNotFoundException))
        {
            return InputFileNotFound(input, path, target, error);
        }
        string verb = writing ? "write" : "read";
        string reason = error is UnauthorizedAccessException ? "permission denied" : error.Message;
        return new MfgException(ErrorIds.FileAccessFailed, writing ? MfgErrorKind.WriteError : MfgErrorKind.ReadError,
            Lead(input, path == null ? reason : $"cannot {verb} '{path}': {reason}"), target ?? path, error);
    }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.NumberOutOfRange"/>:
    /// <c>&lt;input&gt;: &lt;value as written&gt; is out of range (&lt;min&gt;..&lt;max&gt;)[: &lt;why&gt;].</c> The range is
    /// shown in hex when the value was written in hex. <paramref name="written"/> is the user's text, never a converted
    /// or clamped value (a value that arrived as a number: <see cref="Text.NumberText.Written(long)"/>).
    /// </summary>
    public static MfgException NumberOutOfRange(string? input, string written, long min, long max, string? why = null, object? target = null) =>
        new(ErrorIds.NumberOutOfRange, MfgErrorKind.InvalidArgument,
            Lead(input, $"{written} is out of range ({Text.NumberText.Range(min, max, written)})" + (why == null ? "." : $": {why}.")), target ?? input);

    /// <summary>The one wording of <see cref="ErrorIds.NumberInvalid"/>: <c>&lt;input&gt;: '&lt;text&gt;' is not an integer (&lt;expected&gt;).</c></summary>
    public static MfgException NumberInvalid(string? input, string written, string expected, object? target = null) =>
        new(ErrorIds.NumberInvalid, MfgErrorKind.InvalidArgument, Lead(input, $"'{written}' is not an integer ({expected})."), target ?? input);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.UnexpectedFailure"/>, for a failure no catalogue id covers (a defect):
    /// <c>Unexpected failure: &lt;message&gt; (please report it with this message).</c>
    /// </summary>
    public static MfgException Unexpected(Exception error) =>
        new(ErrorIds.UnexpectedFailure, MfgErrorKind.InvalidOperation, $"Unexpected failure: {error.Message} (please report it with this message).", null, error);

    private static string Lead(string? input, string text) =>
        input == null ? char.ToUpperInvariant(text[0]) + text.Substring(1) : input + ": " + text;
}
