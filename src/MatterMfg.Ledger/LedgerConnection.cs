using System;
using System.Collections.Generic;
using System.Net;
using System.Text.RegularExpressions;
using MatterMfg.Diagnostics;
using Npgsql;

namespace MatterMfg.Ledger;

/// <summary>
/// A PostgreSQL ledger's connection settings: parsed from a keyword connection string (<c>Host=…;Database=…</c>) or a
/// <c>postgres://</c> URL, with the password from a credential, the string itself, or (left empty) PGPASSWORD or the
/// pgpass file, which Npgsql reads itself. <see cref="Display"/> never holds the password.
/// </summary>
public sealed class LedgerConnection
{
    private static readonly Regex KeywordHost = new(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private LedgerConnection(NpgsqlConnectionStringBuilder builder)
    {
        Builder = builder;
        var shown = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Password = null };
        Display = shown.ConnectionString;
        Secret = string.IsNullOrEmpty(builder.Password) ? null : builder.Password;
    }

    internal NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>The connection string without its password: safe for messages, logs and output objects.</summary>
    public string Display { get; }

    private string? Secret { get; }

    /// <summary>True when <paramref name="value"/> names a PostgreSQL database rather than a manifest file.</summary>
    public static bool IsConnectionString(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || (value.IndexOf('=') > 0 && KeywordHost.IsMatch(value));

    /// <summary>Parses <paramref name="value"/>; a credential's user and password win over the string's.</summary>
    public static LedgerConnection Parse(string value, NetworkCredential? credential = null)
    {
        NpgsqlConnectionStringBuilder b;
        try
        {
            b = value.IndexOf("://", StringComparison.Ordinal) > 0 ? FromUrl(value) : new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is ArgumentException || e is FormatException || e is OverflowException)
        {
            throw Invalid(value, Scrub(e.Message, value));
        }
        if (string.IsNullOrEmpty(b.Host))
        {
            throw Invalid(value, "it names no host");
        }
        if (credential != null)
        {
            if (!string.IsNullOrEmpty(credential.UserName))
            {
                b.Username = credential.UserName;
            }
            if (!string.IsNullOrEmpty(credential.Password))
            {
                b.Password = credential.Password;
            }
        }
        if (string.IsNullOrEmpty(b.ApplicationName))
        {
            b.ApplicationName = "MatterMfg";
        }
        return new LedgerConnection(b);
    }

    /// <summary>Removes the password from a message (an exception's text can quote the connection string).</summary>
    public string Redact(string message) =>
        Secret == null ? message : message.Replace(Secret, "***");

    /// <summary>The connection string with the password, for Npgsql only; <paramref name="pooled"/> false for a lease connection.</summary>
    internal string ConnectionString(bool pooled = true)
    {
        if (pooled)
        {
            return Builder.ConnectionString;
        }
        return new NpgsqlConnectionStringBuilder(Builder.ConnectionString) { Pooling = false, KeepAlive = 10, TcpKeepAlive = true }.ConnectionString;
    }

    /// <summary>The one wording of <see cref="ErrorIds.LedgerConnectionStringInvalid"/>; the password in <paramref name="value"/> is never shown.</summary>
    internal static MfgException Invalid(string value, string why)
    {
        string shown = value.IndexOf("://", StringComparison.Ordinal) > 0 ? Regex.Replace(value, "://[^@/]*@", "://***@") : Regex.Replace(value, @"(?i)(password|pwd)\s*=[^;]*", "$1=***");
        return new MfgException(ErrorIds.LedgerConnectionStringInvalid, MfgErrorKind.InvalidArgument,
            $"The ledger connection string '{shown}' is not valid: {why}. Use Host=...;Database=...;Username=... or postgres://user@host:5432/database.", "Manifest");
    }

    private static string Scrub(string message, string value)
    {
        var m = Regex.Match(value, @"(?i)(password|pwd)\s*=([^;]*)");
        return m.Success && m.Groups[2].Value.Length > 0 ? message.Replace(m.Groups[2].Value, "***") : message;
    }

    /// <summary><c>postgres://user:password@host:port/database?sslmode=…&amp;application_name=…</c> (libpq's URL form).</summary>
    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "postgres" && uri.Scheme != "postgresql"))
        {
            throw new ArgumentException("it is not a postgres:// URL");
        }
        var b = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(uri.Host))
        {
            b.Host = uri.Host.Trim('[', ']');
        }
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            b.Port = uri.Port;
        }
        string db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (db.Length > 0)
        {
            b.Database = db;
        }
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo.Substring(0, colon));
            if (colon >= 0)
            {
                b.Password = Uri.UnescapeDataString(uri.UserInfo.Substring(colon + 1));
            }
        }
        foreach (var (key, v) in Query(uri.Query))
        {
            switch (key)
            {
                case "sslmode": b.SslMode = (SslMode)Enum.Parse(typeof(SslMode), v.Replace("-", ""), ignoreCase: true); break;
                case "application_name": b.ApplicationName = v; break;
                case "connect_timeout": b.Timeout = int.Parse(v, System.Globalization.CultureInfo.InvariantCulture); break;
                case "host": b.Host = v; break;
                case "port": b.Port = int.Parse(v, System.Globalization.CultureInfo.InvariantCulture); break;
                case "user": b.Username = v; break;
                case "dbname": b.Database = v; break;
                case "search_path": b.SearchPath = v; break;
                default: throw new ArgumentException($"the URL parameter '{key}' is not supported (sslmode, application_name, connect_timeout, host, port, user, dbname, search_path are)");
            }
        }
        return b;
    }

    private static IEnumerable<(string Key, string Value)> Query(string query)
    {
        foreach (string part in query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            yield return eq < 0
                ? (Uri.UnescapeDataString(part), "")
                : (Uri.UnescapeDataString(part.Substring(0, eq)), Uri.UnescapeDataString(part.Substring(eq + 1)));
        }
    }
}
