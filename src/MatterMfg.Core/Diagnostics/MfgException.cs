using System;

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
    /// <summary>Writing or reading a file failed.</summary>
    WriteError,
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
}
