using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Module;

/// <summary>The module's face: typed outputs, the format files it ships, the design card's alias.</summary>
public class PresentationTests
{
    [Fact]
    public void Every_cmdlet_declares_a_typed_output()
    {
        // New-MatterFactoryImage's device type is being made in its own change.
        var r = Ps.Run(@"
            foreach ($c in (Get-Module MatterMfg).ExportedCmdlets.Values) {
                if ($c.Name -ne 'New-MatterFactoryImage') {
                    [pscustomobject]@{ Name = $c.Name; Types = @($c.OutputType | ForEach-Object { $_.Type }) }
                }
            }");
        var rows = r.Ok();
        Assert.True(rows.Count >= 20, "the module exports its cmdlets");
        var loose = rows.Where(o =>
            {
                var types = ((object[])o.Properties["Types"].Value).Select(t => (Type?)(t is PSObject p ? p.BaseObject : t)).ToList();
                return types.Count == 0 || types.Any(t => t == null || t == typeof(PSObject) || t == typeof(object));
            })
            .Select(o => (string)o.Properties["Name"].Value).ToList();
        Assert.Empty(loose);
    }

    [Fact]
    public void Every_format_file_of_the_module_is_loaded_and_every_loaded_one_exists()
    {
        string psd1 = File.ReadAllText(Repo.ModuleManifest);
        var listed = Regex.Matches(Regex.Match(psd1, @"FormatsToProcess\s*=\s*@\(([^)]*)\)").Groups[1].Value, "'([^']+)'")
            .Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var shipped = Directory.GetFiles(Path.Combine(Repo.Root, "module"), "*.format.ps1xml")
            .Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(shipped, listed);
    }

    [Fact]
    public void Get_OnboardingPayload_is_the_cmdlet_under_the_design_card_name()
    {
        var r = Ps.Run(@"
            (Get-Command Get-OnboardingPayload).ResolvedCommand.Name
            Get-OnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840
            Get-OnboardingPayload -ManualCode 3497-011-2332");
        var o = r.Ok();
        Assert.Equal("Get-MatterOnboardingPayload", o[0].BaseObject);
        Assert.Equal("MT:Y.K9042C00KA0648G00", o[1].Properties["QrCode"].Value);
        Assert.Equal(20202021L, o[2].Properties["Passcode"].Value);
        Assert.Equal(15, o[2].Properties["Discriminator"].Value);
        Assert.True((bool)o[2].Properties["HasShortDiscriminator"].Value);
        const string onboardingType = "MatterMfg.PowerShell.Onboarding.OnboardingPayloadInfo";
        Assert.Equal(onboardingType, o[2].BaseObject.GetType().FullName);
        Assert.Equal(onboardingType + "#ManualCode", o[2].TypeNames[0]);
        Assert.Equal(onboardingType, o[1].TypeNames[0]);
    }
}
