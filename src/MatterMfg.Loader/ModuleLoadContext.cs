using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace MatterMfg.Loader;

/// <summary>
/// The AssemblyLoadContext the MatterMfg module runs in on PowerShell 7+: its own assemblies and every dependency in
/// its <c>lib</c> folder (Npgsql and Microsoft.Extensions.*, BouncyCastle, QRCoder, Pkcs11Interop) load here, whatever
/// versions of the same names PowerShell or another module has loaded into the default context. Only what the host
/// runtime itself provides (the .NET shared framework, and PowerShell's own assemblies such as System.Management.Automation)
/// is shared, and a copy in <c>lib</c> gives way to the host's only when the host's is the same or a newer version (the
/// netstandard2.0 packages' System.Memory, System.Text.Json, Microsoft.Bcl.AsyncInterfaces... are older than .NET's own).
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<string, Assembly> s_loaded = new(StringComparer.Ordinal);

    private readonly string _directory;
    private readonly IReadOnlyDictionary<string, string> _host;

    internal ModuleLoadContext(string directory, IReadOnlyDictionary<string, string> hostAssemblies)
        : base("MatterMfg", isCollectible: false)
    {
        _directory = directory;
        _host = hostAssemblies;
    }

    /// <summary>
    /// Loads the module assembly at <paramref name="moduleAssemblyPath"/> (lib/MatterMfg.PowerShell.dll) into the module's
    /// context, once per process: importing again (-Force, or after Remove-Module) gets the same assembly. When the host
    /// application itself ships MatterMfg.Core (an application that hosts PowerShell and references the library, such as
    /// the test host), the module shares the host's copy instead, so the objects it returns are the host's types.
    /// </summary>
    public static Assembly LoadModule(string moduleAssemblyPath)
    {
        string path = Path.GetFullPath(moduleAssemblyPath);
        lock (s_gate)
        {
            if (!s_loaded.TryGetValue(path, out var assembly))
            {
                var host = HostAssemblies();
                assembly = host.ContainsKey("MatterMfg.Core")
                    ? Default.LoadFromAssemblyPath(path)
                    : new ModuleLoadContext(Path.GetDirectoryName(path)!, host).LoadFromAssemblyPath(path);
                s_loaded.Add(path, assembly);
            }
            return assembly;
        }
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string? name = assemblyName.Name;
        if (name == null)
        {
            return null;
        }
        string candidate = Path.Combine(_directory, name + ".dll");
        if (!File.Exists(candidate))
        {
            return null; // the runtime's or PowerShell's (System.Management.Automation, System.IO.Ports, ...)
        }
        return HostHasSameOrNewer(name, candidate) ? null : LoadFromAssemblyPath(candidate);
    }

    /// <summary>True when the host provides <paramref name="name"/> in the same or a newer version than the copy at <paramref name="candidate"/>.</summary>
    internal bool HostHasSameOrNewer(string name, string candidate)
    {
        if (!_host.TryGetValue(name, out string? hostPath))
        {
            return false;
        }
        try
        {
            return AssemblyName.GetAssemblyName(hostPath).Version >= AssemblyName.GetAssemblyName(candidate).Version;
        }
        catch (Exception e) when (e is IOException || e is BadImageFormatException || e is UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The assemblies the host application is built with (its trusted platform assemblies: the shared framework and the application's own), by simple name.</summary>
    internal static Dictionary<string, string> HostAssemblies()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (string path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                map.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }
        return map;
    }
}
