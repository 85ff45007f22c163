using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MatterMfg.PowerShell.Infrastructure;

/// <summary>
/// Runs when the module is imported (MatterMfg.psm1 imports this assembly from lib/). What it sets up stays for the
/// process, as the module's assemblies do (they cannot be unloaded), and need not be set up again when PowerShell
/// re-imports the cached assembly (Import-Module -Force, or after Remove-Module).
/// <list type="bullet">
/// <item><b>Windows PowerShell 5.1</b> (.NET Framework) has no assembly load contexts: the module's dependencies load from
/// lib/ next to this assembly, and a request for any version of one of them is answered with the copy there (what
/// binding redirects would do: Npgsql, System.Memory and System.Text.Json ask for different versions of
/// System.Runtime.CompilerServices.Unsafe, System.Buffers, ...). Requests for System.IO.Ports are answered with System.dll,
/// which has SerialPort there (MatterMfg.Core is compiled against the System.IO.Ports package, whose netstandard2.0 DLL
/// is a stub that only throws, and is therefore not shipped).</item>
/// <item><b>PowerShell 7+</b> loads the module into an AssemblyLoadContext of its own (MatterMfg.Loader). PowerShell finds
/// types by name only in its default context, so the module's public types (<c>[MatterMfg.Factory.FactoryDevice]</c>,
/// <c>[MatterMfg.Nvs.NvsKeys]</c>...) are added as type accelerators under their full names, once per process.
/// System.IO.Ports binds to PowerShell's own copy (9.0/10.0 in 7.5+); PowerShell 7.4 ships 8.0.0.0, lower than
/// the reference, and the handler answers with that copy (the SerialPort API MatterMfg uses is the same).</item>
/// </list>
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static readonly bool IsNetFramework =
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

    private static readonly object Gate = new();
    private static bool s_registered;
    private static List<Type>? s_accelerated;

    [ThreadStatic]
    private static bool t_resolving;

    public void OnImport()
    {
        lock (Gate)
        {
            if (!s_registered)
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                s_registered = true;
            }
            if (s_accelerated == null && IsInOwnLoadContext(typeof(ModuleInitializer).Assembly))
            {
                s_accelerated = ModuleTypes().ToList();
                TypeAccelerators.Set(s_accelerated);
            }
        }
    }

    /// <summary>
    /// What a Windows PowerShell 5.1 request for <paramref name="requestedName"/> resolves to: <c>System.dll</c> for
    /// System.IO.Ports, the copy in <paramref name="moduleDirectory"/> (any version) for one of the module's
    /// dependencies, else null (not the module's to answer).
    /// </summary>
    internal static string? DesktopResolution(string requestedName, string moduleDirectory)
    {
        string? name = new AssemblyName(requestedName).Name;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        if (name == "System.IO.Ports")
        {
            return "System.dll";
        }
        string candidate = Path.Combine(moduleDirectory, name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        if (IsNetFramework)
        {
            string? found = DesktopResolution(args.Name, ModuleDirectory);
            return found == null ? null : found == "System.dll" ? typeof(Uri).Assembly : Assembly.LoadFrom(found);
        }
        if (new AssemblyName(args.Name).Name != "System.IO.Ports" || t_resolving)
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

    /// <summary>The public types of the module's own assemblies (MatterMfg.Core, MatterMfg.Ledger, this one).</summary>
    internal static IEnumerable<Type> ModuleTypes()
    {
        var assemblies = new[] { typeof(ModuleInitializer).Assembly, typeof(MatterMfg.Factory.FactoryDevice).Assembly, typeof(MatterMfg.Ledger.DeviceLedger).Assembly };
        return assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsGenericTypeDefinition && t.FullName != null && t.FullName.StartsWith("MatterMfg.", StringComparison.Ordinal));
    }

    /// <summary>True when <paramref name="assembly"/> is in an AssemblyLoadContext other than the default one (.NET only; read by reflection: this is netstandard2.0).</summary>
    private static bool IsInOwnLoadContext(Assembly assembly)
    {
        var alc = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
        if (alc == null)
        {
            return false;
        }
        object? context = alc.GetMethod("GetLoadContext", new[] { typeof(Assembly) })?.Invoke(null, new object[] { assembly });
        object? defaultContext = alc.GetProperty("Default")?.GetValue(null);
        return context != null && !ReferenceEquals(context, defaultContext);
    }

    /// <summary>PowerShell's type accelerators (<c>[psobject].Assembly</c>'s TypeAccelerators, public methods on an internal class).</summary>
    private static class TypeAccelerators
    {
        private static readonly Type? Accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

        public static void Set(IEnumerable<Type> types)
        {
            var add = Accelerators?.GetMethod("Add", new[] { typeof(string), typeof(Type) });
            foreach (var t in types)
            {
                add?.Invoke(null, new object[] { t.FullName!, t });
            }
        }
    }
}
