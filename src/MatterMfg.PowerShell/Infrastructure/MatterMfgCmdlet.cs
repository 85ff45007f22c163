using System;
using System.IO;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Ledger;
using MatterMfg.Manifest;

namespace MatterMfg.PowerShell.Infrastructure;

/// <summary>
/// Base of every MatterMfg cmdlet: turns core <see cref="MfgException"/>s into ErrorRecords with a stable id, the
/// right category and the failing input as target. Per-item problems are non-terminating (the batch goes on);
/// setup problems terminate before any work is done. Cmdlets put their work in <see cref="BeginProcessingCore"/>,
/// <see cref="ProcessRecordCore"/> and <see cref="EndProcessingCore"/>; anything that escapes them still becomes a
/// record with a catalogue id (<see cref="ToRecord(Exception)"/>), never a bare .NET exception.
/// </summary>
public abstract class MatterMfgCmdlet : PSCmdlet
{
    protected sealed override void BeginProcessing() => Guard(BeginProcessingCore);

    protected sealed override void ProcessRecord() => Guard(ProcessRecordCore);

    protected sealed override void EndProcessing() => Guard(EndProcessingCore);

    /// <summary>One-time checks and setup, before the first pipeline item.</summary>
    protected virtual void BeginProcessingCore()
    {
    }

    /// <summary>The work for one pipeline item (or the only one, without pipeline input).</summary>
    protected virtual void ProcessRecordCore()
    {
    }

    /// <summary>Work after the last pipeline item.</summary>
    protected virtual void EndProcessingCore()
    {
    }

    private void Guard(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (!(e is RuntimeException) && !(e is OutOfMemoryException))
        {
            // RuntimeException covers ThrowTerminatingError, -ErrorAction Stop and a stopped pipeline: PowerShell's own.
            ThrowTerminatingError(ToRecord(e));
        }
    }

    /// <summary>
    /// The record for an exception that escaped a cmdlet: an <see cref="MfgException"/> keeps its id; a file-system
    /// failure is <see cref="ErrorIds.FileAccessFailed"/> with the system's message (which names the path); anything else
    /// is <see cref="ErrorIds.UnexpectedFailure"/> with its message.
    /// </summary>
    internal static ErrorRecord ToRecord(Exception e) => e switch
    {
        MfgException m => ToRecord(m, null),
        IOException or UnauthorizedAccessException => ToRecord(MfgException.FileError(null, null, e), null),
        _ => Unexpected(e, MfgException.Unexpected(e)),
    };

    /// <summary>An <see cref="ErrorIds.UnexpectedFailure"/> record keeps the original exception (its type and stack for -Debug) with the one wording as its message.</summary>
    private static ErrorRecord Unexpected(Exception e, MfgException worded) =>
        new(e, worded.ErrorId, ErrorCategory.NotSpecified, null) { ErrorDetails = new ErrorDetails(worded.Message) };

    /// <summary>Reports a problem with one input item and lets the pipeline go on.</summary>
    protected void WriteItemError(MfgException e, object? target = null) =>
        WriteError(ToRecord(e, target));

    /// <summary>Stops the command: the shared setup is wrong, nothing can be done.</summary>
    protected void ThrowSetupError(MfgException e, object? target = null) =>
        ThrowTerminatingError(ToRecord(e, target));

    protected void ThrowSetupError(string errorId, ErrorCategory category, string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, category, target));

    protected void WriteItemError(string errorId, ErrorCategory category, string message, object? target) =>
        WriteError(new ErrorRecord(new ArgumentException(message), errorId, category, target));

    /// <summary>
    /// Opens what -Manifest names: a PostgreSQL connection string or postgres:// URL as it is (the credential's user and
    /// password win over the string's), otherwise a manifest file resolved against the current location.
    /// <paramref name="mustExist"/> refuses a manifest file that is not there (for commands that only read or mark).
    /// </summary>
    protected IDeviceLedger OpenLedger(string manifest, PSCredential? credential, bool mustExist = false) =>
        DeviceLedger.Open(DeviceLedger.IsDatabase(manifest) ? manifest : ResolvePath(manifest), null, credential?.GetNetworkCredential(), mustExist);

    /// <summary>Resolves a user path against the current PowerShell location (not the process directory).</summary>
    protected string ResolvePath(string path) =>
        SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>A PAI/PAA key parameter: a file path resolved as <see cref="ResolvePath"/> does, or a <c>pkcs11:</c> URI or <c>cert:\</c> path passed on unchanged.</summary>
    protected string ResolveKeyPath(string key) =>
        SigningKeys.SigningKeySource.IsKeyUri(key) ? key : ResolvePath(key);

    /// <summary>The current file-system location: what relative paths inside a key URI (module-path, pin-source) are relative to.</summary>
    protected string CurrentDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

    /// <summary>
    /// Writes a file the command made as Get-Item would: the FileSystem provider's FileInfo, with PSPath and PSParentPath,
    /// so it shows under its "Directory:" header with mode, time and length.
    /// </summary>
    protected void WriteFileItem(string path) =>
        WriteObject(InvokeProvider.Item.Get(new[] { FileSystemProviderPrefix + path }, true, true), true);

    private const string FileSystemProviderPrefix = "Microsoft.PowerShell.Core\\FileSystem::";

    internal static ErrorRecord ToRecord(MfgException e, object? target) =>
        new(e, e.ErrorId, Map(e.Kind), target ?? e.Target);

    internal static ErrorCategory Map(MfgErrorKind kind) => kind switch
    {
        MfgErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        MfgErrorKind.InvalidData => ErrorCategory.InvalidData,
        MfgErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        MfgErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        MfgErrorKind.SecurityError => ErrorCategory.SecurityError,
        MfgErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        MfgErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
        MfgErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        MfgErrorKind.WriteError => ErrorCategory.WriteError,
        MfgErrorKind.ReadError => ErrorCategory.ReadError,
        _ => ErrorCategory.NotSpecified,
    };
}
