using System.Collections.Concurrent;
using System.Security;
using MatterMfg.Attestation;

namespace MatterMfg.Tests.SigningKeys;

/// <summary>A key of another kind than <see cref="P256Key"/> (as an HSM key is): it signs through the wrapped key and records what it was asked to sign.</summary>
public sealed class RecordingKey : ISigningKey
{
    private readonly ISigningKey _inner;

    public RecordingKey(ISigningKey inner) => _inner = inner;

    public ConcurrentBag<byte[]> Signed { get; } = new();

    public byte[] PublicKey => _inner.PublicKey;

    public byte[] Sign(byte[] data)
    {
        Signed.Add(data);
        return _inner.Sign(data);
    }

    /// <summary>A SecureString of <paramref name="s"/>, as a cmdlet's password or PIN parameter takes it.</summary>
    public static SecureString Secure(string s)
    {
        var ss = new SecureString();
        foreach (char c in s)
        {
            ss.AppendChar(c);
        }
        return ss;
    }
}
