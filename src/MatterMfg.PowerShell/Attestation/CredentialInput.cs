using System;
using System.Runtime.InteropServices;
using System.Security;
using MatterMfg.Attestation;

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

    private static void Wipe(char[]? chars)
    {
        if (chars != null)
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }
}
