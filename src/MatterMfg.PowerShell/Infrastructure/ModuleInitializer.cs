using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MatterMfg.PowerShell.Infrastructure;

/// <summary>
/// Runs when the module is imported and makes SerialPort resolve on every edition. MatterMfg.Core is compiled against
/// the System.IO.Ports package (version 9.0.0.0; its netstandard2.0 DLL is a stub that only throws, and is therefore not
/// shipped). Windows PowerShell 5.1 (.NET Framework) has SerialPort in System.dll: requests for System.IO.Ports are
/// answered with System.dll. PowerShell 7.5+ ships System.IO.Ports 9.0/10.0 with its native part in $PSHOME, which
/// binds as is. PowerShell 7.4 runs on .NET 8 and ships 8.0.0.0, lower than the reference, so binding fails there and
/// the handler answers with the runtime's own copy (the SerialPort API MatterMfg uses is the same).
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly bool IsNetFramework =
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    [ThreadStatic]
    private static bool t_resolving;

    public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveSerialPort;

    public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveSerialPort;

    private static Assembly? ResolveSerialPort(object? sender, ResolveEventArgs args)
    {
        if (new AssemblyName(args.Name).Name != "System.IO.Ports")
        {
            return null;
        }
        if (IsNetFramework)
        {
            return typeof(Uri).Assembly;
        }
        if (t_resolving)
        {
            return null;
        }
        t_resolving = true;
        try
        {
            // No version: the runtime's copy, whatever its version.
            return Assembly.Load(new AssemblyName("System.IO.Ports"));
        }
        catch (IOException)
        {
            return null;
        }
        finally
        {
            t_resolving = false;
        }
    }
}
