using System;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;

namespace MatterMfg.SigningKeys;

/// <summary>Where the password or PIN of a signing key comes from, and what relative paths are relative to.</summary>
public sealed class SigningKeySecret
{
    /// <summary>
    /// The secret the user gave: a key file's password, or a token's PIN (a SecureString parameter, <c>--pwd-file</c>).
    /// Not copied: the caller owns and wipes it.
    /// </summary>
    public char[]? Value { get; set; }

    /// <summary>Relative key paths, <c>module-path</c> and <c>pin-source</c> resolve against this folder.</summary>
    public string BaseDirectory { get; set; } = Environment.CurrentDirectory;

    /// <summary>Reads an environment variable (<see cref="SigningKeySource.PinEnvironmentVariable"/>); tests pass their own.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}

/// <summary>
/// Opens the signing key a PAI/PAA key parameter names, whatever holds it: a key file (PEM, DER, raw scalar, encrypted
/// PKCS#8, PFX; <see cref="AttestationCredentials"/>), a PKCS#11 token (<c>pkcs11:</c> URI, <see cref="Pkcs11SigningKey"/>),
/// or the Windows certificate store (<c>cert:\LocalMachine\My\&lt;thumbprint&gt;</c>, <see cref="CertificateStoreKey"/>).
/// The front-ends pass the parameter through unchanged when <see cref="IsKeyUri"/> is true, and resolve it as a file
/// path otherwise. The key is always checked against its certificate.
/// </summary>
public static class SigningKeySource
{
    /// <summary>The environment variable a token PIN is read from when neither the URI's pin-source nor a parameter gives one.</summary>
    public const string PinEnvironmentVariable = "MATTERMFG_PKCS11_PIN";

    /// <summary>True for a <c>pkcs11:</c> URI or a <c>cert:</c> path (not a file path: leave it unresolved).</summary>
    public static bool IsKeyUri(string? reference) => Pkcs11Uri.IsPkcs11Uri(reference) || CertificateStoreKey.IsCertificateStorePath(reference);

    /// <summary>How messages name the key: the reference, with a <c>pkcs11:</c> URI's pin-value removed.</summary>
    public static string Describe(string reference) => Pkcs11Uri.IsPkcs11Uri(reference) ? Pkcs11Uri.RedactPin(reference) : reference;

    /// <summary>
    /// Reads the certificate and opens its key. A file key is read as <see cref="AttestationCredentials.ReadPair"/> does
    /// (a PFX certificate with no key holds both); a <c>pkcs11:</c> or <c>cert:</c> key is opened where it lives. Throws
    /// <c>KeyCertificateMismatch</c> when the key is not the certificate's. Dispose the key (it may hold token sessions).
    /// </summary>
    public static (MatterCertificate Certificate, ISigningKey Key) ReadPair(string certificatePath, string? keyReference, SigningKeySecret secret, string role)
    {
        if (keyReference == null || !IsKeyUri(keyReference))
        {
            var (c, k) = AttestationCredentials.ReadPair(certificatePath, keyReference, secret.Value, role);
            return (c, k);
        }
        var certificate = AttestationCredentials.ReadCertificate(certificatePath);
        return (certificate, OpenKey(keyReference, certificate, secret, role));
    }

    /// <summary>Opens the key named by <paramref name="keyReference"/> (file, <c>pkcs11:</c> or <c>cert:</c>) and checks it is the key of <paramref name="certificate"/>.</summary>
    public static ISigningKey OpenKey(string keyReference, MatterCertificate certificate, SigningKeySecret secret, string role)
    {
        ISigningKey key;
        if (Pkcs11Uri.IsPkcs11Uri(keyReference))
        {
            key = OpenPkcs11(Pkcs11Uri.Parse(keyReference), certificate.HasP256Key ? certificate.PublicKey : null, secret);
        }
        else if (CertificateStoreKey.IsCertificateStorePath(keyReference))
        {
            key = CertificateStoreKey.Parse(keyReference).Open();
        }
        else
        {
            key = AttestationCredentials.ReadPrivateKey(keyReference, secret.Value);
        }
        try
        {
            AttestationCredentials.CheckKeyMatches(certificate, key, role, Describe(keyReference));
            return key;
        }
        catch
        {
            (key as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.Pkcs11PinOnCommandLine"/>: <c>&lt;given&gt; puts the PIN of the PKCS#11 key
    /// '&lt;key&gt;' on the command line, where other users can read it in the process list: use pin-source=&lt;file&gt; in the
    /// URI, &lt;instead&gt;, or MATTERMFG_PKCS11_PIN.</c> <paramref name="key"/> is the redacted URI.
    /// </summary>
    public static MfgException PinOnCommandLine(string given, string key, string instead, object target) =>
        new(ErrorIds.Pkcs11PinOnCommandLine, MfgErrorKind.InvalidArgument,
            $"{given} puts the PIN of the PKCS#11 key '{key}' on the command line, where other users can read it in the process list: use pin-source=<file> in the URI, {instead}, or {PinEnvironmentVariable}.", target);

    /// <summary>Opens a PKCS#11 key with its PIN from (in this order) the caller's secret, the URI's pin-source file, or <see cref="PinEnvironmentVariable"/>.</summary>
    public static Pkcs11SigningKey OpenPkcs11(Pkcs11Uri uri, byte[]? expectedPublicKey, SigningKeySecret secret)
    {
        if (uri.HasPinValue)
        {
            throw PinOnCommandLine("pin-value in the URI", uri.Redacted, "a PIN parameter", uri.Redacted);
        }
        bool owned = false;
        char[]? pin = secret.Value is { Length: > 0 } given ? given : null;
        if (pin == null && uri.PinFile(secret.BaseDirectory) is { } file)
        {
            pin = AttestationCredentials.ReadPasswordFile(file);
            owned = true;
        }
        if (pin == null && secret.GetEnvironmentVariable(PinEnvironmentVariable) is { Length: > 0 } env)
        {
            pin = env.ToCharArray();
            owned = true;
        }
        try
        {
            return Pkcs11SigningKey.Open(uri, pin, expectedPublicKey, secret.BaseDirectory);
        }
        finally
        {
            if (owned)
            {
                Array.Clear(pin!, 0, pin!.Length);
            }
        }
    }
}
