using System;
using System.Runtime.InteropServices;
using System.Security;
using MatterMfg.Attestation;
using MatterMfg.SigningKeys;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>Reads certificate/key pairs for the attestation cmdlets, with the password as a SecureString.</summary>
internal static class CredentialInput
{
    /// <summary>Reads a certificate and its key (or a PFX holding both), checking they are a pair; the password copy is wiped after use.</summary>
    public static (MatterCertificate Certificate, P256Key Key) ReadPair(string certificatePath, string? keyPath, SecureString? password, string role)
    {
        char[]? chars = Chars(password);
        try
        {
            return AttestationCredentials.ReadPair(certificatePath, keyPath, chars, role);
        }
        finally
        {
            Wipe(chars);
        }
    }

    /// <summary>
    /// Reads a certificate and opens its signing key: a key file, a <c>pkcs11:</c> URI (the SecureString is then the
    /// token PIN) or a <c>cert:\</c> path. The caller disposes the key; the secret copy is wiped after use.
    /// </summary>
    public static (MatterCertificate Certificate, ISigningKey Key) OpenPair(string certificatePath, string? keyReference, SecureString? secret, string role, string baseDirectory)
    {
        char[]? chars = Chars(secret);
        try
        {
            return SigningKeySource.ReadPair(certificatePath, keyReference, new SigningKeySecret { Value = chars, BaseDirectory = baseDirectory }, role);
        }
        finally
        {
            Wipe(chars);
        }
    }

    public static P256Key ReadKey(string path, SecureString? password)
    {
        char[]? chars = Chars(password);
        try
        {
            return AttestationCredentials.ReadPrivateKey(path, chars);
        }
        finally
        {
            Wipe(chars);
        }
    }

    /// <summary>A copy of the SecureString's characters (null for null); the caller wipes it.</summary>
    public static char[]? Chars(SecureString? s)
    {
        if (s == null)
        {
            return null;
        }
        IntPtr p = Marshal.SecureStringToGlobalAllocUnicode(s);
        try
        {
            var chars = new char[s.Length];
            Marshal.Copy(p, chars, 0, chars.Length);
            return chars;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(p);
        }
    }

    /// <summary>Clears a secret copy made by <see cref="Chars"/>.</summary>
    public static void Wipe(char[]? chars)
    {
        if (chars != null)
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }
}
