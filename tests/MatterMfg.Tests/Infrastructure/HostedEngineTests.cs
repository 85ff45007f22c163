using System.Linq;
using System.IO;
using Xunit;

namespace MatterMfg.Tests.Infrastructure;

/// <summary>The hosted engine the cmdlet tests run in is the full one: pwsh's own built-in commands, not stand-ins.</summary>
public class HostedEngineTests
{
    [Fact]
    public void Import_Csv_and_Export_Csv_are_the_real_Utility_cmdlets()
    {
        var r = Ps.Run("Get-Command Import-Csv, Export-Csv, Select-Object, Out-String, Join-Path, Test-Path | ForEach-Object { $_.ModuleName + '/' + $_.ImplementingType.FullName }");
        Assert.Equal(
            new[]
            {
                "Microsoft.PowerShell.Utility/Microsoft.PowerShell.Commands.ImportCsvCommand",
                "Microsoft.PowerShell.Utility/Microsoft.PowerShell.Commands.ExportCsvCommand",
                "Microsoft.PowerShell.Utility/Microsoft.PowerShell.Commands.SelectObjectCommand",
                "Microsoft.PowerShell.Utility/Microsoft.PowerShell.Commands.OutStringCommand",
                "Microsoft.PowerShell.Management/Microsoft.PowerShell.Commands.JoinPathCommand",
                "Microsoft.PowerShell.Management/Microsoft.PowerShell.Commands.TestPathCommand",
            },
            r.Ok().Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Import_Csv_reads_an_Excel_file_with_BOM_CRLF_and_empty_cells_as_strings()
    {
        using var d = new TempDir();
        string a = d.File("a.csv"), b = d.File("b.csv");
        File.WriteAllBytes(a, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("SerialNumber,Label\r\nSN-1,\"Lamp, \"\"warm\"\"\"\r\nSN-2,\r\n")).ToArray());
        var r = Ps.Run("Import-Csv $a | Export-Csv $b -NoTypeInformation; Import-Csv $b", ("a", a), ("b", b));
        var rows = r.Ok();
        Assert.Equal(2, rows.Count);
        Assert.Equal("SerialNumber", rows[0].Properties.First().Name);
        Assert.Equal("Lamp, \"warm\"", r.Get(0, "Label"));
        Assert.Equal("", r.Get(1, "Label"));
        Assert.IsType<string>(r.Get(1, "SerialNumber"));
    }

    [Fact]
    public void Exit_code_of_a_script_file_reaches_LASTEXITCODE()
    {
        using var d = new TempDir();
        string s = Path.Combine(d.Path, "s.ps1");
        File.WriteAllText(s, "param($Code) Write-Host \"bye $Code\"; exit $Code");
        var r = Ps.Run("& $s -Code 3; $LASTEXITCODE", ("s", s));
        Assert.Equal(3, (int)r.Ok()[0].BaseObject);
        Assert.Contains("bye 3", r.HostText);
    }
}
