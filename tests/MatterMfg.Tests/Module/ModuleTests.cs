using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Module;

public class ModuleTests
{
    [Fact]
    public void ModuleFolderHasOnlyTheEntryAtItsRootAndNoEngineOrStubAssemblies()
    {
        string dir = Path.GetDirectoryName(Repo.ModuleManifest)!;
        string lib = Path.Combine(dir, "lib");
        // The root holds the manifest, the entry script, the loader and data files; PowerShell probes no DLL there.
        Assert.Equal(new[] { "MatterMfg.Loader.dll" }, Directory.GetFiles(dir, "*.dll").Select(Path.GetFileName));
        Assert.True(File.Exists(Path.Combine(dir, "MatterMfg.psm1")));
        Assert.Contains("RootModule           = 'MatterMfg.psm1'", File.ReadAllText(Repo.ModuleManifest));
        foreach (string dll in new[] { "MatterMfg.PowerShell.dll", "MatterMfg.Core.dll", "MatterMfg.Ledger.dll", "BouncyCastle.Cryptography.dll", "QRCoder.dll", "Npgsql.dll", "Pkcs11Interop.dll" })
        {
            Assert.True(File.Exists(Path.Combine(lib, dll)), dll + " is not in lib/");
        }
        Assert.False(File.Exists(Path.Combine(lib, "System.Management.Automation.dll")));
        Assert.False(File.Exists(Path.Combine(lib, "System.IO.Ports.dll")));
    }

    [Fact]
    public void On_Windows_PowerShell_a_dependency_of_any_version_resolves_to_lib_and_SerialPort_to_System_dll()
    {
        string lib = Path.Combine(Path.GetDirectoryName(Repo.ModuleManifest)!, "lib");
        var method = System.Reflection.Assembly.LoadFrom(Path.Combine(lib, "MatterMfg.PowerShell.dll"))
            .GetType("MatterMfg.PowerShell.Infrastructure.ModuleInitializer")!
            .GetMethod("DesktopResolution", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        string? DesktopResolution(string name, string folder) => (string?)method.Invoke(null, new object[] { name, folder });
        // What binding redirects would do: Npgsql and System.Memory ask for different versions of the same helpers.
        Assert.Equal(Path.Combine(lib, "System.Runtime.CompilerServices.Unsafe.dll"),
            DesktopResolution("System.Runtime.CompilerServices.Unsafe, Version=4.0.4.1, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", lib));
        Assert.Equal(Path.Combine(lib, "Npgsql.dll"), DesktopResolution("Npgsql, Version=99.0.0.0", lib));
        Assert.Equal("System.dll", DesktopResolution("System.IO.Ports, Version=9.0.0.0", lib));
        Assert.Null(DesktopResolution("Newtonsoft.Json, Version=13.0.0.0", lib));
    }

    [Fact]
    public void ManifestExportsExplicitCmdletsAndBothEditions()
    {
        string psd1 = File.ReadAllText(Repo.ModuleManifest);
        Assert.Contains("CompatiblePSEditions = @('Desktop', 'Core')", psd1);
        Assert.Contains("PowerShellVersion    = '5.1'", psd1);
        Assert.DoesNotContain("*", Regex.Match(psd1, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value);
    }

    [Fact]
    public void EveryExportedCmdletExistsAndHasHelpWithAnExample()
    {
        var r = Ps.Run(@"
            $m = Get-Module MatterMfg
            foreach ($name in $m.ExportedCmdlets.Keys) {
                $h = Get-Help $name -Full
                [pscustomobject]@{ Name = $name; Synopsis = [string]$h.Synopsis; Examples = @($h.examples.example).Count }
            }");
        var rows = r.Ok();
        string psd1 = File.ReadAllText(Repo.ModuleManifest);
        var declared = Regex.Matches(Regex.Match(psd1, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value, "'([A-Za-z]+-[A-Za-z0-9]+)'")
            .Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var row in rows)
        {
            string name = (string)row.Properties["Name"].Value;
            Assert.Contains(name, declared);
            Assert.False(string.IsNullOrWhiteSpace((string)row.Properties["Synopsis"].Value), name + " has no synopsis");
            Assert.True((int)row.Properties["Examples"].Value >= 1, name + " has no example");
        }
    }
}
