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
    public NvsEntry ToEntry(string? currentNamespace, string baseDirectory)
    {
        string t = Type.Trim().ToLowerInvariant();
        if (t != "data" && t != "file")
        {
            throw new MfgException("NvsUnknownType", MfgErrorKind.InvalidArgument,
                $"{NvsValueEncoding.Where(Source, Key)}: unknown type '{Type}' (use namespace, data or file).", Source ?? Key);
        }
        string ns = Namespace ?? currentNamespace ?? throw new MfgException("NvsNoNamespace", MfgErrorKind.InvalidArgument,
            $"{NvsValueEncoding.Where(Source, Key)}: the entry comes before any namespace row and names no namespace.", Source ?? Key);
        if (Encoding == null || Encoding.Trim().Length == 0)
        {
            throw new MfgException("NvsUnknownEncoding", MfgErrorKind.InvalidArgument,
                $"{NvsValueEncoding.Where(Source, Key)}: the encoding is missing (use {string.Join(", ", NvsValueEncoding.Encodings)}).", Source ?? Key);
        }
        if (Value == null)
        {
            throw new MfgException("NvsValueMissing", MfgErrorKind.InvalidArgument,
                $"{NvsValueEncoding.Where(Source, Key)}: the value column is missing.", Source ?? Key);
        }
        if (t == "data")
        {
            return NvsValueEncoding.FromText(ns, Key, Encoding, Value, Source);
        }
        byte[] content = NvsValueEncoding.ReadFile(Value, baseDirectory, Key, Source);
        return NvsValueEncoding.FromFile(ns, Key, Encoding, content, Source);
    }

    public override string ToString() => $"{Source}: {Key},{Type},{Encoding},{Value}";
}
