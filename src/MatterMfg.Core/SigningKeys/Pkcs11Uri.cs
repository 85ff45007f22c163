using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MatterMfg.Diagnostics;

namespace MatterMfg.SigningKeys;

/// <summary>
/// An RFC 7512 <c>pkcs11:</c> URI naming a private key on a PKCS#11 token, for example
/// <c>pkcs11:token=factory;object=pai-key?module-path=/usr/lib/softhsm/libsofthsm2.so&amp;pin-source=/run/secrets/pin</c>.
/// Path attributes (separated by <c>;</c>): <c>token</c>, <c>manufacturer</c>, <c>model</c>, <c>serial</c>,
/// <c>slot-id</c>, <c>object</c> (the key's label), <c>id</c> (its CKA_ID, percent-encoded bytes), <c>type</c> (only
/// <c>private</c>). Query attributes (separated by <c>&amp;</c>): <c>module-path</c> or <c>module-name</c>,
/// <c>pin-source</c> (a file whose first line is the PIN, as a path or a <c>file:</c> URI). <c>pin-value</c> is parsed
/// (so it can be refused by name) but never kept in <see cref="Redacted"/>. An unknown attribute is an error, so a typo
/// cannot silently widen the match; vendor attributes (<c>x-…</c>) are ignored, as the RFC allows.
/// </summary>
public sealed class Pkcs11Uri
{
    public const string Scheme = "pkcs11:";

    private static readonly HashSet<string> PathNames = new(StringComparer.Ordinal)
    {
        "token", "manufacturer", "model", "serial", "object", "id", "type", "slot-id", "slot-description", "slot-manufacturer",
        "library-manufacturer", "library-description", "library-version",
    };

    private static readonly HashSet<string> QueryNames = new(StringComparer.Ordinal) { "module-path", "module-name", "pin-source", "pin-value" };

    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    private Pkcs11Uri(string redacted) => Redacted = redacted;

    /// <summary>The URI as given, less any <c>pin-value</c>: what error messages and logs show.</summary>
    public string Redacted { get; }

    public string? Token => Text("token");

    public string? Manufacturer => Text("manufacturer");

    public string? Model => Text("model");

    public string? Serial => Text("serial");

    /// <summary><c>slot-id</c>: a decimal slot number.</summary>
    public ulong? SlotId { get; private set; }

    /// <summary><c>object</c>: the key's CKA_LABEL.</summary>
    public string? Object => Text("object");

    /// <summary><c>id</c>: the key's CKA_ID bytes.</summary>
    public byte[]? Id => _values.TryGetValue("id", out var v) ? (byte[])v.Clone() : null;

    public string? ModulePath => Text("module-path");

    public string? ModuleName => Text("module-name");

    public string? PinSource => Text("pin-source");

    /// <summary>True when the URI carries <c>pin-value</c> (which the loader refuses: a PIN on a command line is visible to other users).</summary>
    public bool HasPinValue => _values.ContainsKey("pin-value");

    /// <summary>True when <paramref name="text"/> starts with <c>pkcs11:</c> (any case).</summary>
    public static bool IsPkcs11Uri(string? text) => text != null && text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a <c>pkcs11:</c> URI naming one private key; throws <c>Pkcs11UriInvalid</c> naming the problem.</summary>
    public static Pkcs11Uri Parse(string text)
    {
        if (!IsPkcs11Uri(text))
        {
            throw Invalid(text, "it does not start with 'pkcs11:'");
        }
        string body = text.Substring(Scheme.Length);
        int q = body.IndexOf('?');
        string path = q < 0 ? body : body.Substring(0, q);
        string? query = q < 0 ? null : body.Substring(q + 1);
        var uri = new Pkcs11Uri(RedactPin(text));
        uri.Add(path, ';', PathNames, text);
        if (query != null)
        {
            uri.Add(query, '&', QueryNames, text);
        }
        if (uri._values.TryGetValue("type", out var type) && Encoding.UTF8.GetString(type) != "private")
        {
            throw Invalid(text, $"type={Encoding.UTF8.GetString(type)} does not name a private key (use type=private, or leave it out)");
        }
        if (uri.Object == null && !uri._values.ContainsKey("id"))
        {
            throw Invalid(text, "it names no key: give object=<label> and/or id=<CKA_ID>");
        }
        if (uri.ModulePath == null && uri.ModuleName == null)
        {
            throw Invalid(text, "it names no PKCS#11 module: add ?module-path=<path of the module library>");
        }
        if (uri.Text("slot-id") is { } slot)
        {
            if (!ulong.TryParse(slot, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id))
            {
                throw Invalid(text, $"slot-id '{slot}' is not a decimal number");
            }
            uri.SlotId = id;
        }
        return uri;
    }

    /// <summary>The module library to load: <c>module-path</c> (relative to <paramref name="baseDirectory"/>), else <c>module-name</c> as the platform names libraries.</summary>
    public string ModuleLibrary(string baseDirectory)
    {
        if (ModulePath != null)
        {
            return Path.IsPathRooted(ModulePath) ? ModulePath : Path.GetFullPath(Path.Combine(baseDirectory, ModulePath));
        }
        string name = ModuleName!;
        bool windows = Path.DirectorySeparatorChar == '\\';
        return windows ? (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? name : name + ".dll")
            : name.IndexOf(".so", StringComparison.Ordinal) >= 0 || name.EndsWith(".dylib", StringComparison.Ordinal) ? name : "lib" + name + ".so";
    }

    /// <summary>The PIN file of <c>pin-source</c> (a path or a <c>file:</c> URI; relative to <paramref name="baseDirectory"/>), or null.</summary>
    public string? PinFile(string baseDirectory)
    {
        string? source = PinSource;
        if (source == null)
        {
            return null;
        }
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            source = source.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(source).LocalPath : source.Substring("file:".Length);
        }
        else if (source.StartsWith("|", StringComparison.Ordinal))
        {
            throw Invalid(Redacted, "pin-source as a command ('|…') is not supported: give a file");
        }
        return Path.IsPathRooted(source) ? source : Path.GetFullPath(Path.Combine(baseDirectory, source));
    }

    public override string ToString() => Redacted;

    private string? Text(string name) => _values.TryGetValue(name, out var v) ? Encoding.UTF8.GetString(v) : null;

    private void Add(string part, char separator, HashSet<string> known, string whole)
    {
        if (part.Length == 0)
        {
            return;
        }
        foreach (string attr in part.Split(separator))
        {
            int eq = attr.IndexOf('=');
            if (eq <= 0)
            {
                throw Invalid(whole, $"'{Shown(attr)}' is not name=value");
            }
            string name = attr.Substring(0, eq).ToLowerInvariant();
            if (name.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }
            if (!known.Contains(name))
            {
                throw Invalid(whole, $"'{name}' is not a {(separator == ';' ? "path" : "query")} attribute of a pkcs11: URI");
            }
            if (_values.ContainsKey(name))
            {
                throw Invalid(whole, $"'{name}' is given twice");
            }
            _values[name] = Decode(attr.Substring(eq + 1), name, whole);
        }
    }

    private static byte[] Decode(string value, string name, string whole)
    {
        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    throw Invalid(whole, $"the value of '{name}' has a '%' that is not followed by two hex digits");
                }
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        return bytes.ToArray();
    }

    private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static string Shown(string attr) => attr.StartsWith("pin-value", StringComparison.OrdinalIgnoreCase) ? "pin-value=…" : attr;

    /// <summary>The URI with any <c>pin-value=…</c> attribute replaced by <c>pin-value=***</c>.</summary>
    internal static string RedactPin(string text)
    {
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int at = text.IndexOf("pin-value=", i, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }
            sb.Append(text, i, at - i).Append("pin-value=***");
            int end = text.IndexOfAny(new[] { '&', ';' }, at);
            i = end < 0 ? text.Length : end;
        }
        return sb.ToString();
    }

    private static MfgException Invalid(string text, string reason) =>
        new(ErrorIds.Pkcs11UriInvalid, MfgErrorKind.InvalidArgument, $"The PKCS#11 key URI '{RedactPin(text)}' is invalid: {reason}.", RedactPin(text));
}
