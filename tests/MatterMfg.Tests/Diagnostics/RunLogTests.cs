using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MatterMfg.Diagnostics;
using MatterMfg.Tests.Infrastructure;
using Xunit;

namespace MatterMfg.Tests.Diagnostics;

public class RunLogTests
{
    [Fact]
    public void Lines_from_many_threads_and_two_logs_on_one_file_stay_whole()
    {
        using var d = new TempDir();
        string path = Path.Combine(d.Path, "logs", "run.log");
        using (var a = RunLog.Open(path, "runA", "ST1"))
        using (var b = RunLog.Open(path, "runB", "ST2"))
        {
            Parallel.For(0, 400, i => (i % 2 == 0 ? a : b).Info($"device {i} generated"));
            a.Error("row 7", "discriminator 5000 is out of range");
            Assert.Equal(1, a.ErrorCount);
            Assert.Equal(0, b.ErrorCount);
        }
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(401, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  ST[12]  run[AB]  (INFO |ERROR)  .+$", l));
        Assert.Equal(400, lines.Count(l => l.Contains(" generated")));
        Assert.Contains(lines, l => l.Contains("ERROR  row 7: discriminator 5000 is out of range"));
    }

    [Fact]
    public void Line_breaks_in_a_message_do_not_split_the_line()
    {
        string line = RunLog.FormatLine(new DateTimeOffset(2026, 11, 25, 5, 40, 0, TimeSpan.Zero), "S", "r", RunLogLevel.Warning, "a\nb\tc");
        Assert.Equal("2026-11-25T05:40:00.000Z  S  r  WARN   a b c" + Environment.NewLine, line);
    }

    [Theory]
    [InlineData("row 3: Passcode=20202021 is invalid", "row 3: Passcode=*** is invalid")]
    [InlineData("salt: 'U1BBS0UyUCBLZXkgU2FsdA==' too short", "salt: *** too short")]
    [InlineData("--dac-key=key.pem --passcode 1234", "--dac-key=key.pem --passcode 1234")]
    [InlineData("private-key=abcd, serial=7", "private-key=***, serial=7")]
    public void Redact_masks_secret_looking_values(string input, string expected) =>
        Assert.Equal(expected, RunLog.Redact(input));

    [Fact]
    public void A_log_that_cannot_be_opened_is_a_clear_error()
    {
        using var d = new TempDir();
        string blocker = Path.Combine(d.Path, "file");
        File.WriteAllText(blocker, "x");
        var e = Assert.Throws<MfgException>(() => RunLog.Open(Path.Combine(blocker, "run.log")));
        Assert.Equal("FileAccessFailed", e.ErrorId);
        Assert.Contains("run.log", e.Message);
    }
}
