using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Module;

/// <summary>The module's face: typed outputs, the format files it ships, the design card's alias, the generated help, tab completion.</summary>
public class PresentationTests
{
    [Fact]
    public void Every_cmdlet_declares_a_typed_output()
    {
        var r = Ps.Run(@"
            foreach ($c in (Get-Module MatterMfg).ExportedCmdlets.Values) {
                [pscustomobject]@{ Name = $c.Name; Types = @($c.OutputType | ForEach-Object { $_.Type }) }
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

    [Fact]
    public void Every_cmdlet_help_has_inputs_outputs_and_readable_types()
    {
        var r = Ps.Run(@"
            foreach ($name in (Get-Module MatterMfg).ExportedCmdlets.Keys) {
                $h = Get-Help $name -Full
                [pscustomobject]@{
                    Name = $name
                    Inputs = @($h.inputTypes.inputType | ForEach-Object { $_.type.name } | Where-Object { $_ }).Count
                    Outputs = (@($h.returnValues.returnValue | ForEach-Object { $_.type.name }) -join ',')
                    Declared = (@((Get-Command $name).OutputType | ForEach-Object { $_.Type.FullName }) -join ',')
                    Nullable = ($h | Out-String -Width 200) -match 'Nullable'
                }
            }");
        var rows = r.Ok();
        Assert.True(rows.Count >= 20);
        foreach (var row in rows)
        {
            string name = (string)row.Properties["Name"].Value;
            Assert.True((int)row.Properties["Inputs"].Value > 0, name + " has no INPUTS");
            Assert.False(string.IsNullOrEmpty((string)row.Properties["Outputs"].Value), name + " has no OUTPUTS");
            Assert.Equal(row.Properties["Declared"].Value, row.Properties["Outputs"].Value);
            Assert.False((bool)row.Properties["Nullable"].Value, name + " shows Nullable`1");
        }
    }

    [Fact]
    public void Help_states_defaults()
    {
        var r = Ps.Run(@"
            (Get-Help Write-EspPartition -Parameter PartitionTableOffset).defaultValue
            (Get-Help New-MatterFactoryImage -Parameter OutputPath).defaultValue
            (Get-Help Test-MatterAttestationChain -Parameter At).type.name");
        var o = r.Ok().Select(x => x.BaseObject).ToList();
        Assert.Equal("0x8000", o[0]);
        Assert.StartsWith("out, under the current location", (string)o[1]);
        Assert.Equal("System.DateTime", o[2]);
    }

    [Fact]
    public void Completers_offer_chips_flows_and_the_labels_of_the_given_table()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("p.csv"), "nvs, data, nvs, 0x9000, 0x6000\nline_fctry, data, nvs, 0xF000, 0x6000\n");
        var r = Ps.Run(@"
            function C([string] $l) { ((TabExpansion2 -inputScript $l -cursorColumn $l.Length).CompletionMatches | ForEach-Object CompletionText) -join ',' }
            C 'New-MatterFactoryImage -Target esp32c'
            C 'Get-MatterOnboardingPayload -CommissioningFlow '
            C 'New-MatterFactoryImage -DiscoveryMode '
            C 'New-EspNvsPartition -Version '
            C ""Write-EspPartition -Port COM5 -PartitionTable '$t' -PartitionLabel """, ("t", d.File("p.csv")));
        Assert.Equal(new object[] { "esp32c2,esp32c3,esp32c6", "0,1,2", "2,4,6", "2,1", "nvs,line_fctry" }, r.Ok().Select(x => x.BaseObject));
    }
}
