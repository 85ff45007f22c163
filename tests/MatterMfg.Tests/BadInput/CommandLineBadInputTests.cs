using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>
/// mattermfg with one bad option at a time: exit code 2, one error line that names the option or the value, no .NET
/// exception text, and no output folder. Each row: the arguments (besides a valid base), and a fragment the message must contain.
/// </summary>
[Collection("WholeFactoryRuns")] // whole factory runs, one class at a time (CPU-heavy; the collection name is all they share)
public class CommandLineBadInputTests
{
    public static IEnumerable<object[]> Cases => new (string[] Args, string Names)[]
    {
        (new[] { "--discriminator", "5000" }, "5000"),
        (new[] { "--discriminator", "-1" }, "-1"),
        (new[] { "--passcode", "11111111" }, "11111111"),
        (new[] { "--passcode", "0" }, "0"),
        (new[] { "--passcode", "100000000" }, "100000000"),
        (new[] { "-cf", "3" }, "3"),
        (new[] { "-dm", "1" }, "1"),
        (new[] { "--salt", "not base64!", "--verifier", "AAAA", "--passcode", "20202021" }, "not base64!"),
        (new[] { "--salt", "AAAA", "--verifier", "AAAA", "--passcode", "20202021" }, "salt"),
        (new[] { "--rd-id-uid", "xyz", "--enable-rotating-device-id" }, "xyz"),
        (new[] { "--mfg-date", "2025-4-16" }, "ISO 8601"),
        (new[] { "--product-finish", "shiny" }, "shiny"),
        (new[] { "--product-color", "plaid" }, "plaid"),
        (new[] { "--efuse-key-id", "9" }, "9"),
        (new[] { "-s", "1000" }, "1000"),
        (new[] { "--iteration-count", "10" }, "10"),
        (new[] { "--csv", "keys.csv" }, "csv"),
        (new[] { "--serial-num", "12345678901234567" }, "Serial number"),
        (new[] { "--vendor-name", new string('v', 33) }, "Vendor name"),
        (new[] { "--product-name", new string('p', 33) }, "Product name"),
        (new[] { "--hw-ver", "70000" }, "70000"),
        (new[] { "--part-number", new string('n', 33) }, "Part number"),
        (new[] { "--product-url", "http://" + new string('u', 260) }, "Product URL"),
        (new[] { "--product-label", new string('l', 65) }, "Product Label"),
        (new[] { "--calendar-types", "Mayan" }, "Mayan"),
        (new[] { "--fixed-labels", "x/y" }, "x/y"),
        (new[] { "--supported-modes", "nonsense" }, "nonsense"),
        (new[] { "--bogus-flag" }, "--bogus-flag"),
        (new[] { "-n", "abc" }, "abc"),
        (new[] { "--valid-from", "yesterday" }, "yesterday"),
        (new[] { "-cd", "missing-cd.der" }, "missing-cd.der"),
        (new[] { "--pai", "-c", "missing-pai.pem", "-k", "missing-key.pem" }, "missing-pai.pem"),
        (new[] { "--csv", "missing-keys.csv", "--mcsv", "missing-values.csv" }, "missing-keys.csv"),
        (new[] { "--dac-cert", "dac.pem" }, "dac"),
        (new[] { "--commissionable-data-in-secure-cert" }, "--commissionable-data-in-secure-cert"),
    }.Select(c => new object[] { string.Join(" ", c.Args), c.Args, c.Names });

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_bad_option_exits_2_with_one_line_naming_it(string display, string[] args, string names)
    {
        Assert.NotNull(display);
        using var tmp = new TempDir();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "-v", "0xFFF2", "-p", "0x8001", "--outdir", "out" }.Concat(args).ToArray(), stdout, stderr, tmp.Path, new MatterMfg.Factory.MatterFactoryEngine());
        Assert.Equal(2, rc);
        string err = stderr.ToString();
        Assert.Contains(names, err);
        BadInputAssert.NoStackTrace(err + stdout);
        BadInputAssert.NothingWritten(tmp.Path);
    }
}
