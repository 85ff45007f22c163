using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using MatterMfg.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace MatterMfg.IO;

/// <summary>
/// Creates files that hold a private key or another secret so that only their owner can open them, from the moment they
/// exist: the permission is part of the create call, never a chmod after the bytes are written.
/// <list type="bullet">
/// <item>Unix (PowerShell 7 on .NET 8+): created with mode 0600 through the runtime's <c>FileStreamOptions.UnixCreateMode</c>
/// (the runtime checks <c>open</c>'s result); then the mode the file system actually kept is read back, and a file that
/// group or others could read (a FAT or SMB mount that ignores modes) is deleted and refused with
/// <see cref="ErrorIds.SecretFileNotOwnerOnly"/>.</item>
/// <item>Windows: created by <c>CreateFileW</c> with a protected DACL holding one entry, full control for the current user
/// (what <c>icacls</c> shows as <c>user:(F)</c>, no inherited entries). This path is Windows-only code and is tested only
/// on Windows.</item>
/// </list>
/// </summary>
public static class OwnerOnlyFile
{
    private const int OwnerReadWrite = 0x180; // 0600

    /// <summary>Creates <paramref name="path"/> (which must not exist) owner-only and opens it for writing.</summary>
    public static FileStream CreateNew(string path)
    {
        string full = Path.GetFullPath(path);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return new FileStream(WindowsOwnerOnly.CreateNew(full), FileAccess.Write, 4096);
        }
        var stream = UnixCreate.CreateNew(full);
        int mode = UnixCreate.Mode(stream.SafeFileHandle);
        if ((mode & 0x3F) != 0)
        {
            stream.Dispose();
            File.Delete(full);
            throw new MfgException(ErrorIds.SecretFileNotOwnerOnly, MfgErrorKind.WriteError,
                $"Cannot keep '{full}' owner-only: its file system gives it mode {Convert.ToString(mode & 0x1FF, 8)} instead of 600 (a FAT, NTFS or SMB mount ignores Unix modes). Write key material to a local Unix file system.", full);
        }
        return stream;
    }

    /// <summary>Writes <paramref name="bytes"/> into a new owner-only file (not atomically: for files in a folder renamed into place).</summary>
    /// <param name="flush">Flush the file to disk before returning (fsync); false leaves it to the operating system's write-back.</param>
    public static void WriteNew(string path, byte[] bytes, bool flush = true)
    {
        using var fs = CreateNew(path);
        fs.Write(bytes, 0, bytes.Length);
        if (flush)
        {
            fs.Flush(true);
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> over <paramref name="destination"/> keeping the source's permissions. On Windows
    /// <c>File.Replace</c> would give the new file the old file's ACL; <c>MoveFileEx</c> keeps the owner-only one.
    /// </summary>
    public static void MoveReplacing(string source, string destination)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            WindowsOwnerOnly.MoveReplacing(source, destination);
        }
        else if (File.Exists(destination))
        {
            File.Replace(source, destination, null, true); // rename(2): the new inode keeps its 0600
        }
        else
        {
            File.Move(source, destination);
        }
    }

    /// <summary>The Unix create path: the runtime's own API (found by reflection, since this library targets netstandard2.0).</summary>
    private static class UnixCreate
    {
        private static readonly Type? OptionsType = Type.GetType("System.IO.FileStreamOptions");
        private static readonly Type? ModeType = Type.GetType("System.IO.UnixFileMode");
        private static readonly ConstructorInfo? StreamCtor = OptionsType == null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), OptionsType });
        private static readonly MethodInfo? GetMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(SafeFileHandle) });

        public static FileStream CreateNew(string path)
        {
            if (OptionsType == null || ModeType == null || StreamCtor == null)
            {
                throw new PlatformNotSupportedException("Owner-only files on Unix need .NET 7 or later (PowerShell 7.4+).");
            }
            object options = Activator.CreateInstance(OptionsType)!;
            Set(options, "Mode", FileMode.CreateNew);
            Set(options, "Access", FileAccess.Write);
            Set(options, "Share", FileShare.None);
            Set(options, "UnixCreateMode", Enum.ToObject(ModeType, OwnerReadWrite));
            try
            {
                return (FileStream)StreamCtor.Invoke(new object[] { path, options });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        public static int Mode(SafeFileHandle handle) =>
            GetMode == null ? throw new PlatformNotSupportedException("File.GetUnixFileMode is missing from this runtime.")
                : Convert.ToInt32(GetMode.Invoke(null, new object[] { handle }), System.Globalization.CultureInfo.InvariantCulture);

        private static void Set(object target, string name, object value) => OptionsType!.GetProperty(name)!.SetValue(target, value);
    }
}
