using System;
using MatterMfg.Diagnostics;

namespace MatterMfg.Nvs;

/// <summary>
/// One row of generator input, as the CSV gives it (<c>key,type,encoding,value</c>) or as an entry object from the
/// pipeline: <see cref="Type"/> is <c>namespace</c> (the key is the namespace name), <c>data</c> (the value is the
/// literal) or <c>file</c> (the value is a path). A CSV row takes its namespace from the last namespace row; an entry
/// object may name its own.
/// </summary>
public sealed class NvsRow
{
    public NvsRow(string? ns, string key, string type, string? encoding, string? value, string? source = null)
    {
        Namespace = string.IsNullOrEmpty(ns) ? null : ns;
        Key = key ?? "";
        Type = type ?? "";
        Encoding = encoding;
        Value = value;
        Source = source;
    }

    /// <summary>A row whose value is given as bytes (an entry object's byte[] value): read like a <c>file</c> row's content.</summary>
    public NvsRow(string? ns, string key, string type, string? encoding, byte[] content, string? source = null)
        : this(ns, key, type, encoding, (string?)null, source)
    {
        Content = content;
    }

    /// <summary>The value as bytes, when it was given so.</summary>
    public byte[]? Content { get; }

    public string? Namespace { get; }

    public string Key { get; }

    public string Type { get; }

    public string? Encoding { get; }

    public string? Value { get; }

    /// <summary>Where the row came from ("input.csv line 4", "entry 3"), used in every error about it.</summary>
    public string? Source { get; }

    public bool IsNamespace => string.Equals(Type.Trim(), "namespace", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The typed entry of a <c>data</c> or <c>file</c> row. <paramref name="currentNamespace"/> applies when the row names
    /// none; a relative file path is taken from <paramref name="baseDirectory"/>.
    /// </summary>
    /// <remarks>
    /// Besides <c>data</c> and <c>file</c>, the type may be an NVS type name (u8 … i64, string, blob, blob_data), as
    /// Read-EspNvsPartition reports it: the value is then data of that type (a blob given as text is hex).
    /// </remarks>
    public NvsEntry ToEntry(string? currentNamespace, string baseDirectory)
    {
        string t = Type.Trim().ToLowerInvariant();
        string? encoding = Encoding;
        if (t != "data" && t != "file")
        {
            string? implied = t switch
            {
                "u8" or "i8" or "u16" or "i16" or "u32" or "i32" or "u64" or "i64" or "string" => t,
                "blob" or "blob_data" or "blobdata" => Content != null ? "binary" : "hex2bin",
                _ => throw new MfgException(ErrorIds.NvsUnknownType, MfgErrorKind.InvalidArgument,
                    $"{NvsValueEncoding.Where(Source, Key)}: unknown type '{Type}' (use namespace, data or file, or an NVS type: u8 … i64, string, blob).", Source ?? Key),
            };
            string given = (encoding ?? "").Trim().ToLowerInvariant();
            bool blob = implied == "binary" || implied == "hex2bin";
            if (given.Length > 0 && given != implied && !(blob && (given == "hex2bin" || given == "base64" || given == "binary")))
            {
                throw new MfgException(ErrorIds.NvsTypeEncodingConflict, MfgErrorKind.InvalidArgument,
                    $"{NvsValueEncoding.Where(Source, Key)}: type '{Type}' and encoding '{encoding}' disagree.", Source ?? Key);
            }
            if (given.Length > 0)
            {
                implied = given;
            }
            encoding = implied;
            t = "data";
        }
        string ns = Namespace ?? currentNamespace ?? throw new MfgException(ErrorIds.NvsNoNamespace, MfgErrorKind.InvalidArgument,
            $"{NvsValueEncoding.Where(Source, Key)}: the entry comes before any namespace row and names no namespace.", Source ?? Key);
        NvsPartitionWriter.CheckKey(Key, Source);
        if (encoding == null || encoding.Trim().Length == 0)
        {
            throw NvsValueEncoding.UnknownEncoding(Source, Key, encoding);
        }
        if (Content != null && t == "data")
        {
            return NvsValueEncoding.FromFile(ns, Key, encoding, Content, Source);
        }
        if (Value == null)
        {
            throw new MfgException(ErrorIds.NvsValueMissing, MfgErrorKind.InvalidArgument,
                $"{NvsValueEncoding.Where(Source, Key)}: the value column is missing.", Source ?? Key);
        }
        if (t == "data")
        {
            return NvsValueEncoding.FromText(ns, Key, encoding, Value, Source);
        }
        byte[] content = NvsValueEncoding.ReadFile(Value, baseDirectory, Key, Source);
        return NvsValueEncoding.FromFile(ns, Key, encoding, content, Source);
    }

    public override string ToString() => $"{Source}: {Key},{Type},{Encoding},{Value}";
}
