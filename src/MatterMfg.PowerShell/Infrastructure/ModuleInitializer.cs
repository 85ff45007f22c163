using System;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MatterMfg.PowerShell.Infrastructure;

/// <summary>
/// Runs when the module is imported. On Windows PowerShell 5.1 (.NET Framework) the SerialPort type lives in System.dll,
/// while MatterMfg.Core is compiled against the System.IO.Ports package (whose netstandard2.0 DLL is a stub that only
/// throws, and is therefore not shipped). The resolve handler answers requests for System.IO.Ports with System.dll, so
/// the in-box SerialPort is used. PowerShell 7 ships the real System.IO.Ports in $PSHOME and needs nothing.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly bool IsNetFramework =
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    public void OnImport()
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveInBoxSerialPort;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveInBoxSerialPort;
        }
    }

    private static Assembly? ResolveInBoxSerialPort(object? sender, ResolveEventArgs args) =>
        new AssemblyName(args.Name).Name == "System.IO.Ports" ? typeof(Uri).Assembly : null;
}
