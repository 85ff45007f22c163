using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;

namespace MatterMfg.Attestation;

/// <summary>A key a certification declaration may be signed with: its name, subject key id and public P-256 point.</summary>
public sealed class CdSigningKey
{
    internal CdSigningKey(string name, byte[] keyId, byte[] publicKey, bool isTestOnly)
    {
        Name = name;
        KeyId = keyId;
        PublicKey = publicKey;
        IsTestOnly = isTestOnly;
    }

    /// <summary>"CSA Certification Declaration Signing Key 003", or the path of a signing certificate given by the user.</summary>
    public string Name { get; }

    /// <summary>The 20-byte subject key id a CD names its signer by.</summary>
    public byte[] KeyId { get; }

    /// <summary>The 65-byte uncompressed public point.</summary>
    public byte[] PublicKey { get; }

    /// <summary>True for the public Matter test CD signing key: a CD it signed is for development only.</summary>
    public bool IsTestOnly { get; }

    /// <summary>The key of a CD signing certificate the user gave (<c>-CdSigningCertificate</c>, <c>--cd-signing-cert</c>).</summary>
    public static CdSigningKey FromCertificate(MatterCertificate signer)
    {
        // A certificate without a subject key id can sign no CD (a CD names its signer by it): it matches none.
        byte[] kid = signer.SubjectKeyId ?? Array.Empty<byte>();
        return new CdSigningKey(signer.Source, kid, signer.PublicKey, kid.SequenceEqual(MatterTestPki.CdSignerKeyId));
    }
}

/// <summary>
/// Verifies a certification declaration's CMS signature before anything is made with it: against the CD signing keys
/// Matter commissioners trust (<see cref="TrustedKeys"/>, carried as data), or against a signing certificate the user
/// gives. A CD that does not verify is refused with <see cref="ErrorIds.CertificationDeclarationSignatureInvalid"/>;
/// one signed by the public test key verifies but <see cref="CdSigningKey.IsTestOnly"/> says it cannot ship.
/// </summary>
public static class CertificationDeclarationTrust
{
    private static readonly Lazy<IReadOnlyList<CdSigningKey>> Trusted = new(Load);

    /// <summary>The public test CD signing key and the CSA's "Signing Key 001"–"005" (connectedhomeip's default verifier's list).</summary>
    public static IReadOnlyList<CdSigningKey> TrustedKeys => Trusted.Value;

    /// <summary>The one-line warning shown when a CD is signed by the public test key.</summary>
    public static string TestOnlyWarning(string source) =>
        $"The certification declaration '{source}' is signed by the public Matter TEST CD signing key: devices made with it cannot pass certification; never ship them.";

    /// <summary>
    /// Verifies <paramref name="cd"/> under <paramref name="signer"/> when given, else under the trusted key its signer id
    /// names; returns the key that verified it. Throws <see cref="ErrorIds.CertificationDeclarationSignatureInvalid"/>.
    /// </summary>
    public static CdSigningKey Verify(CertificationDeclaration cd, CdSigningKey? signer = null) =>
        TryVerify(cd, signer, out string why) ?? throw new MfgException(ErrorIds.CertificationDeclarationSignatureInvalid, MfgErrorKind.SecurityError, why, cd.Source);

    /// <summary>The key that verifies <paramref name="cd"/>, or null with <paramref name="why"/> naming the CD and the reason.</summary>
    public static CdSigningKey? TryVerify(CertificationDeclaration cd, CdSigningKey? signer, out string why)
    {
        CdSigningKey? key = signer ?? TrustedKeys.FirstOrDefault(k => k.KeyId.SequenceEqual(cd.SignerKeyId));
        if (key == null)
        {
            why = $"The certification declaration '{cd.Source}' is signed by key id {cd.SignerKeyIdHex}, which is none of the CD signing keys Matter commissioners trust "
                + "(CSA Signing Key 001-005, the test key): give its signing certificate (-CdSigningCertificate, --cd-signing-cert) if it is your own test CD.";
            return null;
        }
        if (!key.KeyId.SequenceEqual(cd.SignerKeyId))
        {
            why = $"The certification declaration '{cd.Source}' is signed by key id {cd.SignerKeyIdHex}, but the signing certificate '{key.Name}' has key id {(key.KeyId.Length == 0 ? "(none)" : MatterCertificate.Hex(key.KeyId))}.";
            return null;
        }
        if (!P256Key.Verify(key.PublicKey, cd.Content, cd.Signature))
        {
            why = $"The signature of the certification declaration '{cd.Source}' does not verify under {key.Name}: the CD was altered or damaged. Use the CD exactly as it was issued.";
            return null;
        }
        why = "";
        return key;
    }

    private static IReadOnlyList<CdSigningKey> Load()
    {
        using var s = typeof(CertificationDeclarationTrust).Assembly.GetManifestResourceStream("MatterMfg.TrustedCdSigners.cd-signing-keys.csv")
            ?? throw new InvalidOperationException("The resource cd-signing-keys.csv is missing from this build of MatterMfg.Core.");
        using var reader = new StreamReader(s);
        var keys = new List<CdSigningKey>();
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            string[] f = line.Split(',');
            keys.Add(new CdSigningKey(f[0], Org.BouncyCastle.Utilities.Encoders.Hex.Decode(f[1]), Org.BouncyCastle.Utilities.Encoders.Hex.Decode(f[2]), f[3] == "yes"));
        }
        return keys;
    }
}
