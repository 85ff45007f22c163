using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.BadInput;

/// <summary>
/// New-EspNvsPartition with one bad CSV row at a time: the row's error id, the message naming the CSV line and the key,
/// and no image written (NvsPartitionNotWritten follows).
/// </summary>
public class NvsBadInputTests
{
    public static IEnumerable<object[]> Rows => new (string Row, string Id)[]
    {
        ("k,data,u8,256", "NvsIntegerOutOfRange"),
        ("k,data,i8,-129", "NvsIntegerOutOfRange"),
        ("k,data,u16,65536", "NvsIntegerOutOfRange"),
        ("k,data,u32,-1", "NvsIntegerOutOfRange"),
        ("k,data,i64,9223372036854775808", "NvsIntegerOutOfRange"),
        ("k,data,u8,12x", "NvsBadInteger"),
        ("k,data,u8,", "NvsBadInteger"),
        ("k,data,hex2bin,abc", "NvsBadHex"),
        ("k,data,hex2bin,zz", "NvsBadHex"),
        ("k,data,base64,@@@@", "NvsBadBase64"),
        ("k,data,base64,QUJD=ignored", "NvsBadBase64"),
        ("k,data,float,1", "NvsUnknownEncoding"),
        ("k,blob_of_sorts,string,x", "NvsUnknownType"),
        ("a_key_that_is_too_long,data,u8,1", "NvsKeyTooLong"),
        ("k,file,binary,no-such-file.bin", "InputFileNotFound"),
    }.Select(r => new object[] { r.Row, r.Id });

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_bad_row_names_its_line_and_no_image_is_written(string row, string id)
    {
        using var tmp = new TempDir();
        string csv = tmp.File("nvs.csv");
        File.WriteAllText(csv, "key,type,encoding,value\napp,namespace,,\nok,data,u8,1\n" + row + "\n");
        var r = Ps.Run("New-EspNvsPartition -CsvPath $p -Size 0x3000 -OutFile $o", ("p", csv), ("o", tmp.File("nvs.bin")));
        var ids = r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
        Assert.Equal(id, ids.First());
        Assert.Contains("nvs.csv line 4", r.Errors[0].Exception.Message);
        Assert.Empty(r.Output);
        BadInputAssert.NothingWritten(tmp.Path, csv);
    }
}
