using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Factory;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Factory;

/// <summary>
/// Every case of vectors/factory through the real engine, twice: its command line through <c>mattermfg</c>, and the same
/// device through New-MatterFactoryImage. The partition must be byte-identical to the reference's, and onb_codes.csv,
/// partition.csv (and the secure-cert partition where the case has one) must match.
/// </summary>
public class FactoryVectorEndToEndTests
{

    /// <summary>The cmdlet form of each case's cmdline.txt: a device row (as Import-Csv gives it) and the parameters.</summary>
    private static readonly Dictionary<string, (string Row, string Parameters)> CmdletForm = new()
    {
        ["minimal_fixed"] = ("Discriminator='3840'; SerialNumber='0123456789abcdef'; Passcode='20202021'; Salt='dgC+QIRlcLo+WwHNzlFptAsZ6/134Gu0JDGbXRNuhyA='; Verifier='lV2CCnFHtPe3CZf43e5FeO4ZhoimhxmphGs6pUpBC+UELJn22OCb+yYjXRG0TDlikX8+6q3vtja1B2MDphLvH/LUI6QjjjsiZ+mbE7CcLby3FBhTlHB5VliZbRxe51QyBw=='",
            ""),
        ["device_info"] = ("Discriminator='1234'; SerialNumber='SN-000042'; Passcode='34567890'; Salt='AAECAwQFBgcICQoLDA0ODw=='; Verifier='Zz+2jAdwzMMbDnLqtk8/10AvoNanxeo6AgGwTqhex0gE0DW3fRhK+yYhNLNQcvS2VS7kFj3iEq2RcwE/qWzHt3BcyPtdyQvbX4sgsP9/WkYDNdvLd7Hv67+qazo10/aSnw=='; RotatingDeviceIdUniqueId='00112233445566778899aabbccddeeff'",
            "-VendorName 'Acme Lighting' -ProductName 'Acme Bulb A19' -HardwareVersion 3 -HardwareVersionString 'rev C' -ManufacturingDate 20260115 -EnableRotatingDeviceId -ProductFinish satin -ProductColor navy -PartNumber AB-12-X -ProductLabel Bulb -ProductUrl https://example.com/bulb"),
        ["locales_labels"] = ("Discriminator='4095'; SerialNumber='LL1'; Passcode='11223344'; Salt='ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM='; Verifier='FZIjjlBbc9XOnPLobSRtUab82E/ccZUEluDr7OYAHN0EzK7PyOoc2/GnBtvYI0xkJIW+pEvZadk6uub3qznRLwGWpH8a727xbjysRGucYARFhvvDWT5iHsNa3ows055PQg=='",
            "-CalendarType Gregorian,Japanese -Locale en-US,fr-FR,de-DE -FixedLabel 1/room/kitchen,1/floor/2,2/orientation/up"),
        ["iterations_size_flow"] = ("Discriminator='5'; SerialNumber='IT1'; Passcode='87654320'; Salt='MjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJ'; Verifier='EtL3VyeRdCOyTCVmRhvZgKUdlwrNBky4AYBDhAQcsKIEbIQjerxkJzKGrhTmzfllYggwO6T+fhTLL7TBzepHinHh//ky+3LHLXWYlEA1Kll06dDtChCuEIFqhtuV+a8C0A=='",
            "-IterationCount 1000 -PartitionSize 0x8000 -CommissioningFlow 1 -DiscoveryMode 6"),
        ["extra_keys_csv_mcsv"] = ("Discriminator='3000'; SerialNumber='CSV1'; Passcode='20202021'; Salt='AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='; Verifier='0Vz+6Zg7QOq5ukH370fOYM86F2XopdEcPwfhZ1qvTGoEctORTncWkJEVEfOZXMASljwMo0d5v3aQ1neB0fxP8Afb6gHU8kqp140vKIK6T8+qSqOQwifg0vdfiVQGt/vleg=='; firmware_key='1a2b3c4d5e6faabb'; serial_no='A1'; device_no='101'",
            "-KeySchema extra_nvs_key_config.csv"),
        ["dac_in_secure_cert"] = ("Discriminator='3001'; SerialNumber='SC1'; Passcode='20202021'; Salt='AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='; Verifier='0Vz+6Zg7QOq5ukH370fOYM86F2XopdEcPwfhZ1qvTGoEctORTncWkJEVEfOZXMASljwMo0d5v3aQ1neB0fxP8Afb6gHU8kqp140vKIK6T8+qSqOQwifg0vdfiVQGt/vleg=='",
            "-DacInSecureCert -Target esp32"),
    };

    [Theory]
    [MemberData(nameof(FactoryVectors.All), MemberType = typeof(FactoryVectors))]
    public void Command_line_reproduces_the_reference_outputs(string name)
    {
        using var d = new TempDir();
        string work = CopyCase(name, d);
        var args = FactoryVectors.CommandLine(name).Concat(new[] { "--outdir", "out" }).ToArray();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(args, stdout, stderr, work, new MatterFactoryEngine());
        Assert.True(rc == 0, stderr.ToString() + stdout);
        AssertMatchesReference(name, Path.Combine(work, "out"));
    }

    [Theory]
    [MemberData(nameof(FactoryVectors.All), MemberType = typeof(FactoryVectors))]
    public void Cmdlet_reproduces_the_reference_outputs(string name)
    {
        using var d = new TempDir();
        string work = CopyCase(name, d);
        var (row, parameters) = CmdletForm[name];
        var r = Ps.Run(
            "[void]$ExecutionContext.SessionState.Path.SetLocation($work); [pscustomobject]@{ " + row + " } | New-MatterFactoryImage -VendorId 0xFFF2 -ProductId 0x8001 " +
            "-PaiCertificate Chip-Test-PAI-FFF2-8001-Cert.pem -DacCertificate DAC_cert.pem -DacKey DAC_key.pem " +
            "-CertificationDeclaration Chip-Test-CD-FFF2-8001.der -OutputPath out " + parameters,
            ("work", work));
        Assert.True(r.Errors.Count == 0 && r.Terminating == null, string.Join("\n", r.Errors.Select(e => e.ToString())) + r.Terminating);
        Assert.Single(r.Output);
        AssertMatchesReference(name, Path.Combine(work, "out"));
    }

    /// <summary>The case's input files in a scratch folder, so that relative paths in its command line resolve as in the reference run.</summary>
    private static string CopyCase(string name, TempDir d)
    {
        string work = d.File(name);
        Directory.CreateDirectory(work);
        foreach (string f in Directory.GetFiles(FactoryVectors.Folder(name)).Where(f => !Path.GetFileName(f).StartsWith("expected", StringComparison.Ordinal)))
        {
            File.Copy(f, Path.Combine(work, Path.GetFileName(f)));
        }
        return work;
    }

    private static void AssertMatchesReference(string name, string outDir)
    {
        string vidPid = Path.Combine(outDir, "fff2_8001");
        string device = Directory.GetDirectories(vidPid).Single(p => Path.GetFileName(p) != "staging");
        string id = Path.GetFileName(device);
        string folder = FactoryVectors.Folder(name);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "expected-partition.bin")), File.ReadAllBytes(Path.Combine(device, id + "-partition.bin")));
        Assert.Equal(FactoryVectors.Expected(name, "expected-onb_codes.csv").Replace("\r\n", "\n"),
            File.ReadAllText(Path.Combine(device, id + "-onb_codes.csv")).Replace("\r\n", "\n"));
        string csv = FactoryVectors.NormalizePartitionCsv(File.ReadAllText(Path.Combine(device, "internal", "partition.csv")), device, vidPid);
        Assert.Equal(FactoryVectors.Expected(name, "expected-partition.csv"), csv);
        string secureCert = Path.Combine(folder, "expected-esp_secure_cert.bin");
        if (File.Exists(secureCert))
        {
            Assert.Equal(File.ReadAllBytes(secureCert), File.ReadAllBytes(Path.Combine(device, id + "_esp_secure_cert.bin")));
        }
    }
}
