using System.IO;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Nvs;

/// <summary>Reads the entries of an ESP-IDF NVS partition image, checking every CRC and structure on the way.</summary>
/// <remarks>
/// <para>Each entry comes out as an object with Namespace, Key, Type (u8 … i64, string, blob for a v1 blob, blob_data
/// for a v2 blob) and Value (an integer of the type's width, a string, or a byte[] with the reassembled blob), plus
/// Source (page and slot). Entries are in ESP-IDF's order: pages by sequence number, then slot.</para>
/// <para>Images written by the generator or by a device are both read: erased entries are skipped, and stale blob
/// chunks no index refers to are ignored, as ESP-IDF does. Anything inconsistent (page header CRC, entry CRC, data CRC,
/// the entry-state bitmap against the slots, spans, padding, unknown namespaces, missing blob chunks) is an error that
/// names the page, the slot and what is wrong. An image that cannot be read gives a non-terminating error and the next
/// -Path goes on.</para>
/// <para>For an encrypted image, give its keys partition (-KeyPartitionPath) or the 64-byte key (-EncryptionKey).</para>
/// </remarks>
/// <example>
/// <code>PS> Read-EspNvsPartition .\out\fff2_8001\*\*-partition.bin -Namespace chip-factory</code>
/// <para>Lists the factory data of every generated device.</para>
/// </example>
/// <example>
/// <code>PS> Read-EspNvsPartition -Path .\nvs_enc.bin -KeyPartitionPath .\nvs_keys.bin | Where-Object Type -eq 'string'</code>
/// <para>Decrypts an encrypted image and shows its strings.</para>
/// </example>
[Cmdlet(VerbsCommunications.Read, "EspNvsPartition")]
[OutputType(typeof(NvsEntry))]
public sealed class ReadEspNvsPartitionCommand : MatterMfgCmdlet
{
    private readonly System.Collections.Generic.Dictionary<string, NvsKeys> _keysByPath = new(System.StringComparer.Ordinal);
    private WildcardPattern[]? _namespaces;
    private WildcardPattern[]? _keyPatterns;

    /// <summary>Image file(s); wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PartitionPath")]
    [SupportsWildcards]
    public string[] Path { get; set; } = System.Array.Empty<string>();

    /// <summary>Decrypt with the keys in this NVS keys partition file (binds from New-MatterFactoryImage's KeysPartitionPath).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("KeysPartitionPath")]
    public string? KeyPartitionPath { get; set; }

    /// <summary>Decrypt with this 64-byte key: byte[], base64 or 0x hex.</summary>
    [Parameter]
    [BytesTransformation]
    public byte[]? EncryptionKey { get; set; }

    /// <summary>Only entries of these namespaces (wildcards allowed).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Namespace { get; set; }

    /// <summary>Only these keys (wildcards allowed).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Key { get; set; }

    protected override void BeginProcessingCore()
    {
        _namespaces = Patterns(Namespace);
        _keyPatterns = Patterns(Key);
    }

    protected override void ProcessRecordCore()
    {
        NvsKeys? keys;
        string? keyPath = string.IsNullOrEmpty(KeyPartitionPath) ? null : ResolvePath(KeyPartitionPath!);
        try
        {
            // Each input may come with its own keys partition (a device of New-MatterFactoryImage -Encrypt).
            if (keyPath != null && EncryptionKey == null && _keysByPath.TryGetValue(keyPath, out var cached))
            {
                keys = cached;
            }
            else
            {
                keys = NvsKeyInput.Resolve(EncryptionKey, keyPath);
                if (keyPath != null && keys != null)
                {
                    _keysByPath[keyPath] = keys;
                }
            }
        }
        catch (MfgException e)
        {
            WriteItemError(e, keyPath);
            return;
        }
        foreach (string p in Path)
        {
            foreach (string file in Resolve(p))
            {
                Read(file, keys);
            }
        }
    }

    private System.Collections.Generic.IEnumerable<string> Resolve(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path))
        {
            return new[] { ResolvePath(path) };
        }
        try
        {
            return GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException)
        {
            WriteItemError(MfgException.InputFileNotFound("-Path", path));
            return System.Array.Empty<string>();
        }
    }

    private void Read(string file, NvsKeys? keys)
    {
        if (!File.Exists(file))
        {
            WriteItemError(MfgException.InputFileNotFound("-Path", file));
            return;
        }
        NvsImage image;
        try
        {
            image = NvsPartitionReader.Read(File.ReadAllBytes(file), keys, file);
        }
        catch (MfgException e)
        {
            WriteItemError(e, file);
            return;
        }
        foreach (var entry in image.Entries)
        {
            if (Matches(_namespaces, entry.Namespace) && Matches(_keyPatterns, entry.Key))
            {
                WriteObject(entry);
            }
        }
    }

    private static WildcardPattern[]? Patterns(string[]? texts)
    {
        if (texts == null)
        {
            return null;
        }
        var patterns = new WildcardPattern[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            patterns[i] = new WildcardPattern(texts[i], WildcardOptions.None);
        }
        return patterns;
    }

    private static bool Matches(WildcardPattern[]? patterns, string value)
    {
        if (patterns == null)
        {
            return true;
        }
        foreach (var p in patterns)
        {
            if (p.IsMatch(value))
            {
                return true;
            }
        }
        return false;
    }
}
