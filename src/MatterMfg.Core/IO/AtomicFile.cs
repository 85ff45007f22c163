using System;
using System.IO;
using MatterMfg.Diagnostics;

namespace MatterMfg.IO;

/// <summary>
/// Writes files so that a reader (or a rerun after a crash or power loss) sees either the old content or the complete
/// new content, never a torn file: the bytes go to a temporary file in the same folder, are flushed to disk, and the
/// temporary file is renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Temporary files carry this suffix; a rerun may delete any it finds.</summary>
    public const string TempSuffix = ".mfgtmp";

    public static void WriteAllBytes(string path, byte[] bytes, bool secret = false) =>
        Write(path, s => s.Write(bytes, 0, bytes.Length), secret);

    public static void WriteAllText(string path, string text, bool secret = false) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text), secret);

    /// <summary>Writes through <paramref name="writer"/> into a temporary file, then renames it over <paramref name="path"/>.</summary>
    /// <param name="secret">Create the file owner-only from the start (<see cref="OwnerOnlyFile"/>: mode 0600 on Unix, checked; an owner-only ACL on Windows).</param>
    public static void Write(string path, Action<Stream> writer, bool secret = false)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + TempSuffix);
        try
        {
            using (var fs = secret ? OwnerOnlyFile.CreateNew(tmp) : new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                writer(fs);
                fs.Flush(true);
            }
            if (secret)
            {
                OwnerOnlyFile.MoveReplacing(tmp, full);
            }
            else if (File.Exists(full))
            {
                File.Replace(tmp, full, null, true);
            }
            else
            {
                File.Move(tmp, full);
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            TryDelete(tmp);
            throw MfgException.FileError(null, full, e, writing: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
