using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MatterMfg.IO;

/// <summary>
/// Windows only: a file created with a protected DACL that grants the current user full control and nobody else
/// anything (<c>D:P(A;;FA;;;&lt;user SID&gt;)</c>; <c>icacls</c> shows <c>DOMAIN\user:(F)</c> and no inherited entries).
/// Plain Win32 calls (advapi32, kernel32) so it behaves the same in Windows PowerShell 5.1 and PowerShell 7 without
/// an extra package. Tested only on Windows.
/// </summary>
internal static class WindowsOwnerOnly
{
    private const uint GenericWrite = 0x40000000;
    private const uint CreateNewDisposition = 1;
    private const uint FileAttributeNormal = 0x80;
    private const uint TokenQuery = 0x0008;
    private const int TokenUserClass = 1;
    private const uint MoveFileReplaceExisting = 0x1;
    private const uint MoveFileWriteThrough = 0x8;

    public static SafeFileHandle CreateNew(string path)
    {
        string sddl = "D:P(A;;FA;;;" + CurrentUserSid() + ")";
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, 1, out IntPtr descriptor, IntPtr.Zero))
        {
            throw Failure("build an owner-only security descriptor for", path);
        }
        try
        {
            var attributes = new SecurityAttributes { Length = Marshal.SizeOf(typeof(SecurityAttributes)), SecurityDescriptor = descriptor, InheritHandle = 0 };
            var handle = CreateFileW(path, GenericWrite, 0, ref attributes, CreateNewDisposition, FileAttributeNormal, IntPtr.Zero);
            if (handle.IsInvalid)
            {
                throw Failure("create", path);
            }
            return handle;
        }
        finally
        {
            LocalFree(descriptor);
        }
    }

    public static void MoveReplacing(string source, string destination)
    {
        if (!MoveFileExW(source, destination, MoveFileReplaceExisting | MoveFileWriteThrough))
        {
            throw Failure("move into place", destination);
        }
    }

    private static string CurrentUserSid()
    {
        if (!OpenProcessToken(GetCurrentProcess(), TokenQuery, out IntPtr token))
        {
            throw Failure("open the process token for", "the current user");
        }
        try
        {
            GetTokenInformation(token, TokenUserClass, IntPtr.Zero, 0, out int size);
            IntPtr buffer = Marshal.AllocHGlobal(size);
            try
            {
                if (!GetTokenInformation(token, TokenUserClass, buffer, size, out _))
                {
                    throw Failure("read the user of", "the process token");
                }
                IntPtr sid = Marshal.ReadIntPtr(buffer); // TOKEN_USER.User.Sid
                if (!ConvertSidToStringSidW(sid, out IntPtr text))
                {
                    throw Failure("format the SID of", "the current user");
                }
                try
                {
                    return Marshal.PtrToStringUni(text)!;
                }
                finally
                {
                    LocalFree(text);
                }
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
        finally
        {
            CloseHandle(token);
        }
    }

    private static IOException Failure(string what, string path)
    {
        int error = Marshal.GetLastWin32Error();
        return new IOException($"Cannot {what} '{path}': {new Win32Exception(error).Message}", new Win32Exception(error));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SecurityAttributes
    {
        public int Length;
        public IntPtr SecurityDescriptor;
        public int InheritHandle;
    }

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string sddl, uint revision, out IntPtr descriptor, IntPtr size);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool ConvertSidToStringSidW(IntPtr sid, out IntPtr text);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool OpenProcessToken(IntPtr process, uint access, out IntPtr token);

    [DllImport("advapi32.dll", SetLastError = true)]
    private static extern bool GetTokenInformation(IntPtr token, int infoClass, IntPtr info, int length, out int returned);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern IntPtr GetCurrentProcess();

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool CloseHandle(IntPtr handle);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern IntPtr LocalFree(IntPtr memory);

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern SafeFileHandle CreateFileW(string name, uint access, uint share, ref SecurityAttributes attributes, uint disposition, uint flags, IntPtr template);

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool MoveFileExW(string existing, string newName, uint flags);
}
