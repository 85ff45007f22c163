using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MatterMfg.Diagnostics;

namespace MatterMfg.SigningKeys;

/// <summary>
/// A key in the Windows certificate store, named as PowerShell's certificate drive names it:
/// <c>cert:\LocalMachine\My\&lt;thumbprint&gt;</c> or <c>cert:\CurrentUser\My\&lt;thumbprint&gt;</c>. The certificate's
/// private key signs through CNG (<see cref="EcdsaSigningKey"/>), so keys marked non-exportable, and keys held by a
/// TPM or an HSM's CNG provider, work: nothing but the public key is read. Parsing works everywhere; <see cref="Open"/>
/// works on Windows only (tested only there: this project's CI runs on Linux).
/// </summary>
public sealed class CertificateStoreKey
{
    private CertificateStoreKey(string text, StoreLocation location, string storeName, string thumbprint)
    {
        Text = text;
        Location = location;
        StoreName = storeName;
        Thumbprint = thumbprint;
    }

    /// <summary>The path as given.</summary>
    public string Text { get; }

    public StoreLocation Location { get; }

    /// <summary>The store's name (My, Root, CA, or a custom store).</summary>
    public string StoreName { get; }

    /// <summary>40 upper-case hex digits (SHA-1 of the certificate).</summary>
    public string Thumbprint { get; }

    /// <summary>True when <paramref name="text"/> starts with <c>cert:</c> (any case).</summary>
    public static bool IsCertificateStorePath(string? text) => text != null && text.StartsWith("cert:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>cert:\&lt;CurrentUser|LocalMachine&gt;\&lt;store&gt;\&lt;thumbprint&gt;</c> (either slash; spaces in the thumbprint are allowed, as the certificate dialog shows them).</summary>
    public static CertificateStoreKey Parse(string text)
    {
        if (!IsCertificateStorePath(text))
        {
            throw Invalid(text, "it does not start with 'cert:'");
        }
        var parts = text.Substring("cert:".Length).Split(new[] { '\\', '/' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            throw Invalid(text, "it must be cert:\\<CurrentUser|LocalMachine>\\<store>\\<thumbprint>");
        }
        StoreLocation location = parts[0].ToLowerInvariant() switch
        {
            "currentuser" => StoreLocation.CurrentUser,
            "localmachine" => StoreLocation.LocalMachine,
            _ => throw Invalid(text, $"'{parts[0]}' is not a store location (CurrentUser or LocalMachine)"),
        };
        string thumbprint = new string(parts[2].Where(c => c != ' ' && c != '\u200E').ToArray()).ToUpperInvariant();
        if (thumbprint.Length != 40 || !thumbprint.All(Uri.IsHexDigit))
        {
            throw Invalid(text, $"'{parts[2]}' is not a certificate thumbprint (40 hex digits)");
        }
        return new CertificateStoreKey(text, location, parts[1], thumbprint);
    }

    /// <summary>
    /// Opens the certificate's private key for signing (Windows only). The certificate must be in the store with an EC
    /// P-256 private key this account may use.
    /// </summary>
    public EcdsaSigningKey Open()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            throw new MfgException(ErrorIds.CertificateStoreNotSupported, MfgErrorKind.InvalidOperation,
                $"The key '{Text}' is in a Windows certificate store, which exists only on Windows: on this system use a key file or a pkcs11: URI.", Text);
        }
        return OpenWindows();
    }

    public override string ToString() => Text;

    private EcdsaSigningKey OpenWindows()
    {
        X509Certificate2 certificate;
        using (var store = new X509Store(StoreName, Location))
        {
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException e)
            {
                throw NotFound($"the store cannot be opened: {e.Message.TrimEnd('.')}", e);
            }
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, Thumbprint, false);
            if (found.Count == 0)
            {
                throw NotFound($"no certificate with thumbprint {Thumbprint} is in it", null);
            }
            certificate = found[0];
        }
        if (!certificate.HasPrivateKey)
        {
            throw Unavailable(Text, "the certificate has no private key in this store", null);
        }
        try
        {
            return new EcdsaSigningKey(() => certificate.GetECDsaPrivateKey() ?? throw Unavailable(Text, "its key is not an EC key", null), Text);
        }
        catch (CryptographicException e)
        {
            throw Unavailable(Text, e.Message.TrimEnd('.'), e);
        }
    }

    /// <summary>The one wording of <see cref="ErrorIds.CertificateStoreNotFound"/>: <c>The certificate of '&lt;path&gt;' is not found in &lt;location&gt;\&lt;store&gt;: &lt;reason&gt;.</c></summary>
    private MfgException NotFound(string reason, Exception? inner) =>
        new(ErrorIds.CertificateStoreNotFound, MfgErrorKind.ObjectNotFound, $"The certificate of '{Text}' is not found in {Location}\\{StoreName}: {reason}.", Text, inner);

    /// <summary>The one wording of <see cref="ErrorIds.CertificateStoreKeyUnavailable"/>: <c>The private key of '&lt;key&gt;' cannot be used to sign: &lt;reason&gt;.</c></summary>
    internal static MfgException Unavailable(string key, string reason, Exception? inner) =>
        new(ErrorIds.CertificateStoreKeyUnavailable, MfgErrorKind.InvalidData, $"The private key of '{key}' cannot be used to sign: {reason}.", key, inner);

    private static MfgException Invalid(string text, string reason) =>
        new(ErrorIds.CertificateStorePathInvalid, MfgErrorKind.InvalidArgument, $"The certificate-store key path '{text}' is invalid: {reason}.", text);
}
