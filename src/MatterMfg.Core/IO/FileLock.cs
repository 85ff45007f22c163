using System;
using System.IO;
using System.Threading;
using MatterMfg.Diagnostics;

namespace MatterMfg.IO;

/// <summary>
/// An exclusive lock held through an open lock file (FileShare.None: a share-mode lock on Windows, flock on Unix).
/// The operating system releases it when the process dies, so a killed run never leaves a stale lock behind.
/// </summary>
public sealed class FileLock : IDisposable
{
    private FileStream? _stream;

    private FileLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; <paramref name="what"/> names the locked thing in the error.</summary>
    public static FileLock Acquire(string path, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        int delay = 5;
        while (true)
        {
            if (TryAcquire(path) is FileLock l)
            {
                return l;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new MfgException(ErrorIds.LockBusy, MfgErrorKind.ResourceBusy,
                    $"{what} is in use by another MatterMfg run (lock file '{path}'). Wait for it to finish, or stop it.", path);
            }
            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 100);
        }
    }

    /// <summary>Takes the lock if it is free; null when another holder has it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full) ?? ".");
        try
        {
            return new FileLock(full, new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException) when (File.Exists(full))
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MfgException(ErrorIds.LockAccessDenied, MfgErrorKind.WriteError, $"Cannot create the lock file '{full}': {e.Message}", full, e);
        }
    }

    /// <summary>True when some live process holds the lock on <paramref name="path"/>.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        using var probe = TryAcquire(path);
        return probe == null;
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
