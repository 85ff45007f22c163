using System;
using System.IO;
using MatterMfg.Diagnostics;

namespace MatterMfg.IO;

/// <summary>
/// Setup checks for paths a run will write, made before anything is written: a folder that is really a file (or
/// <c>/dev/null</c>), a file that is really a folder, a place the account cannot write. Each is refused as
/// <see cref="ErrorIds.FileAccessFailed"/> naming the option and the path, so a bad path never fails halfway through a
/// run and never leaves an empty summary or staging folder behind. Nothing is created by the checks.
/// </summary>
public static class WritablePath
{
    /// <summary>Checks that <paramref name="path"/> is, or can be created as, a folder this account can write in.</summary>
    public static void CheckFolder(string input, string path) => CheckFolder(input, Path.GetFullPath(path), Path.GetFullPath(path));

    /// <summary>Checks <paramref name="folder"/> for writing <paramref name="full"/> (the path the message names).</summary>
    private static void CheckFolder(string input, string full, string folder)
    {
        string? existing = folder;
        while (existing != null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw Refuse(input, full, existing == full ? "it is a file, not a folder" : $"'{existing}' is a file, not a folder");
            }
            existing = Path.GetDirectoryName(existing);
        }
        if (existing != null)
        {
            Probe(input, full, existing);
        }
    }

    /// <summary>Checks that <paramref name="path"/> is a file this account can append to, or can be created as one.</summary>
    public static void CheckFile(string input, string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw Refuse(input, full, "it is a folder, not a file");
        }
        if (File.Exists(full))
        {
            try
            {
                using (new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw MfgException.FileError(input, full, e, writing: true);
            }
            return;
        }
        CheckFolder(input, full, Path.GetDirectoryName(full) ?? full);
    }

    /// <summary>Creates and at once deletes a hidden file in <paramref name="folder"/>: the only sure test of write access.</summary>
    private static void Probe(string input, string full, string folder)
    {
        string probe = Path.Combine(folder, ".mattermfg-probe-" + Guid.NewGuid().ToString("N") + AtomicFile.TempSuffix);
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw MfgException.FileError(input, full, e, writing: true);
        }
    }

    private static MfgException Refuse(string input, string full, string reason) =>
        MfgException.FileError(input, full, new IOException(reason), writing: true);
}
