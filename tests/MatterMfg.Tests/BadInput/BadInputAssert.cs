using System.IO;
using System.Linq;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>The three things every bad-input case asserts: the id (or exit code), the input named, nothing left behind.</summary>
public static class BadInputAssert
{
    /// <summary>
    /// The folder holds exactly the <paramref name="inputs"/> the test put there (compared by file name, recursively):
    /// no output folder, no staging file, no 0-byte leftover, no lock file.
    /// </summary>
    public static void NothingWritten(string folder, params string[] inputs)
    {
        var found = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .OrderBy(p => p, System.StringComparer.Ordinal).ToArray();
        var expected = inputs.Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/')).OrderBy(p => p, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, found);
    }

    /// <summary>A CLI error line: one line per problem, no .NET exception name, no stack frame.</summary>
    public static void NoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    /// <summary>The id of the first error record (terminating or not) of a PowerShell run.</summary>
    public static string ErrorId(PsResult r)
    {
        var record = r.TerminatingRecord ?? r.Errors.FirstOrDefault();
        Assert.True(record != null, "expected an error; the run succeeded");
        return record!.FullyQualifiedErrorId.Split(',')[0];
    }

    /// <summary>The message of the first error record of a PowerShell run.</summary>
    public static string ErrorMessage(PsResult r) =>
        (r.TerminatingRecord ?? r.Errors.First()).Exception.Message;
}
