using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Factory;
using MatterMfg.Tests.Infrastructure;
using MatterMfg.Text;

namespace MatterMfg.Tests.Onboarding;

/// <summary>The rows of vectors/matter/*.csv as column-name dictionaries, for xunit MemberData.</summary>
public static class MatterVectors
{
    public static List<Dictionary<string, string>> Rows(string file)
    {
        var table = CsvText.Parse(File.ReadAllText(Repo.Vector("matter", file)), file);
        var header = table[0];
        return table.Skip(1).Where(r => r.Count == header.Count)
            .Select(r => header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
    }

    /// <summary>Rows of <paramref name="file"/> whose <c>kind</c> (or <c>expected</c>) column satisfies <paramref name="select"/>, as xunit data (the row id first, for readable test names).</summary>
    public static IEnumerable<object[]> Data(string file, Func<Dictionary<string, string>, bool> select, string idColumn = "id") =>
        Rows(file).Where(select).Select(r => new object[] { r.TryGetValue(idColumn, out var id) ? id : "", r });

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static long Int(string text) => NumberText.TryParse(text, out long v) ? v : throw new FormatException(text);
}
