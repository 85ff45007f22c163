namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A file or folder could not be read, created or written: no permission, a read-only file system, a path that is a folder where a file is expected (or the reverse), or a full disk. Fix: the message names the path and the system's reason; choose a path you can write, or fix its permissions.</summary>
    public const string FileAccessFailed = nameof(FileAccessFailed);

    /// <summary>An input file (a CSV, certificate, key, CD, NVS image, keys partition, manifest, or a file a CSV row names) does not exist. Fix: check the path in the message; relative paths resolve against the current folder (for files named in a CSV, against the CSV's folder).</summary>
    public const string InputFileNotFound = nameof(InputFileNotFound);

    /// <summary>The lock file beside a manifest, log or output folder cannot be created. Fix: give the account write access to that folder.</summary>
    public const string LockAccessDenied = nameof(LockAccessDenied);

    /// <summary>Another MatterMfg process holds the lock on a file (a manifest, a log, an output folder) longer than the wait allows. Fix: wait for the other run to finish; if none is running, remove the stale '.lock' file the message names.</summary>
    public const string LockBusy = nameof(LockBusy);

    /// <summary>Something failed that MatterMfg did not foresee; the message says what. Fix: report it with the message and the command; run mattermfg with --log-level debug for the detail.</summary>
    public const string UnexpectedFailure = nameof(UnexpectedFailure);
}
