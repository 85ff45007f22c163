using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Module;

public class ModuleTests
{
    [Fact]
    public void ModuleFolderHasNoEngineOrStubAssemblies()
    {
        string dir = Path.GetDirectoryName(Repo.ModuleManifest)!;
        Assert.True(File.Exists(Path.Combine(dir, "MatterMfg.PowerShell.dll")));
        Assert.True(File.Exists(Path.Combine(dir, "MatterMfg.Core.dll")));
        Assert.True(File.Exists(Path.Combine(dir, "BouncyCastle.Cryptography.dll")));
        Assert.True(File.Exists(Path.Combine(dir, "QRCoder.dll")));
        Assert.False(File.Exists(Path.Combine(dir, "System.Management.Automation.dll")));
        Assert.False(File.Exists(Path.Combine(dir, "System.IO.Ports.dll")));
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
