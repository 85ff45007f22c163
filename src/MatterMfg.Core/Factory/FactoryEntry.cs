namespace MatterMfg.Factory;

/// <summary>
/// One line of a device's generator CSV (<c>internal/partition.csv</c>): a key of the factory partition with the
/// generator type (<c>data</c> or <c>file</c>), the encoding (<c>u32</c>, <c>string</c>, <c>hex2bin</c>, <c>binary</c>, …)
/// and the value text. For <c>file</c> entries <see cref="Value"/> is the path written to the CSV and
/// <see cref="Content"/> the bytes that go into the partition.
/// </summary>
public sealed class FactoryEntry
{
    public FactoryEntry(string ns, string key, bool isFile, string encoding, string value, byte[]? content = null)
    {
        Namespace = ns;
        Key = key;
        IsFile = isFile;
        Encoding = encoding;
        Value = value;
        Content = content;
    }

    public string Namespace { get; }

    public string Key { get; }

    public bool IsFile { get; }

    public string Encoding { get; }

    public string Value { get; }

    public byte[]? Content { get; }

    public override string ToString() => $"{Namespace}/{Key} ({(IsFile ? "file" : "data")},{Encoding}) = {Value}";
}
