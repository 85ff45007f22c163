using System.IO;
using Xunit;

namespace MatterMfg.Tests.Infrastructure;

/// <summary>The example tests rely on the stand-in commands behaving like the real ones for what the examples pass.</summary>
public class ShimCommandTests
{
    [Fact]
    public void Import_and_Export_Csv_round_trip_strings_with_quotes_and_commas()
    {
        using var d = new TempDir();
        string a = Path.Combine(d.Path, "a.csv"), b = Path.Combine(d.Path, "b.csv");
        File.WriteAllText(a, "SerialNumber,Label\nSN-1,\"Lamp, \"\"warm\"\"\"\nSN-2,plain\n");
        var r = Ps.RunWithShims("Import-Csv $a | Export-Csv $b -NoTypeInformation; Import-Csv $b", ("a", a), ("b", b));
        var rows = r.Ok();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Lamp, \"warm\"", r.Get(0, "Label"));
        Assert.IsType<string>(r.Get(1, "SerialNumber"));
        Assert.Equal("\"SerialNumber\",\"Label\"", File.ReadAllLines(b)[0]);
    }

    [Fact]
    public void Exit_code_of_a_script_file_reaches_LASTEXITCODE()
    {
        using var d = new TempDir();
        string s = Path.Combine(d.Path, "s.ps1");
        File.WriteAllText(s, "param($Code) Write-Host \"bye $Code\"; exit $Code");
        var r = Ps.RunWithShims("& $s -Code 3; $LASTEXITCODE", ("s", s));
        Assert.Equal(3, (int)r.Ok()[0].BaseObject);
        Assert.Contains("bye 3", r.HostText);
    }
}
