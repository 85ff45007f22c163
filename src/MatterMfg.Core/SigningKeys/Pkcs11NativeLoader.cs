using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace MatterMfg.SigningKeys;

/// <summary>
/// Makes Pkcs11Interop find <c>dlopen</c> on current Linux. It imports dlopen from "libdl", which the runtime looks for
/// as <c>libdl.so</c>: glibc 2.34+ (Debian 12, Ubuntu 22.04+) ships only <c>libdl.so.2</c> (the symbols moved into libc),
/// and <c>libdl.so</c> exists only with the C development package. The fix its author recommends is an import resolver
/// for the Pkcs11Interop assembly that maps "libdl" to <c>libdl.so.2</c> (else <c>libc.so.6</c>). NativeLibrary is
/// .NET Core 3.0+ and this library is netstandard2.0, so the resolver is installed through reflection; on .NET
/// Framework (Windows only, where Pkcs11Interop uses LoadLibrary) there is nothing to do.
/// </summary>
internal static class Pkcs11NativeLoader
{
    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) != 0 || !RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return;
        }
        var core = typeof(object).Assembly;
        var nativeLibrary = core.GetType("System.Runtime.InteropServices.NativeLibrary");
        var resolverType = core.GetType("System.Runtime.InteropServices.DllImportResolver");
        var set = nativeLibrary?.GetMethod("SetDllImportResolver", BindingFlags.Public | BindingFlags.Static);
        if (set == null || resolverType == null)
        {
            return;
        }
        var resolver = Delegate.CreateDelegate(resolverType, typeof(Pkcs11NativeLoader).GetMethod(nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Static)!);
        try
        {
            set.Invoke(null, new object[] { typeof(Net.Pkcs11Interop.Common.CKA).Assembly, resolver });
        }
        catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
        {
            // The host set its own resolver for Pkcs11Interop already: it knows best.
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != "libdl")
        {
            return IntPtr.Zero;
        }
        var tryLoad = typeof(object).Assembly.GetType("System.Runtime.InteropServices.NativeLibrary")!
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .First(m => m.Name == "TryLoad" && m.GetParameters().Length == 2);
        foreach (string candidate in new[] { "libdl.so.2", "libc.so.6", "libdl.so" })
        {
            var args = new object?[] { candidate, IntPtr.Zero };
            if ((bool)tryLoad.Invoke(null, args)!)
            {
                return (IntPtr)args[1]!;
            }
        }
        return IntPtr.Zero;
    }
}
