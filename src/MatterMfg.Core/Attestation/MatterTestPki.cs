using System;
using System.IO;
using System.Linq;

namespace MatterMfg.Attestation;

/// <summary>
/// The public Matter test PKI from connectedhomeip (credentials/test): the test PAA FFF1, the test PAI FFF1/8000 and its
/// key, the test CD signing certificate and key, and the CD <c>kCdForAllExamples</c> (VID 0xFFF1, PIDs 0x8000–0x8063).
/// Everyone has these keys, so anything made with them is for development only and can never pass certification.
/// </summary>
public static class MatterTestPki
{
    /// <summary>The test vendor id.</summary>
    public const ushort VendorId = 0xFFF1;

    /// <summary>The product id of the test PAI.</summary>
    public const ushort ProductId = 0x8000;

    /// <summary>The one-line warning every cmdlet and the CLI show when they use it.</summary>
    public const string Warning = "Using the public Matter TEST PKI (test PAA/PAI FFF1, test CD): these credentials are for development only, cannot pass certification and must never ship.";

    private static readonly Lazy<byte[][]> TestKeyIds = new(() => new[] { Paa.SubjectKeyId!, Pai.SubjectKeyId! });
    private static readonly Lazy<byte[]> CdSkid = new(() => CdSigner.SubjectKeyId!);

    public static MatterCertificate Paa => Certificate("Chip-Test-PAA-FFF1-Cert.der", "built-in Matter test PAA FFF1");

    public static MatterCertificate Pai => Certificate("Chip-Test-PAI-FFF1-8000-Cert.der", "built-in Matter test PAI FFF1/8000");

    public static MatterCertificate CdSigner => Certificate("Chip-Test-CD-Signing-Cert.der", "built-in Matter test CD signing certificate");

    /// <summary>A new key object each time (the caller may dispose it).</summary>
    public static P256Key PaaKey() => Key("Chip-Test-PAA-FFF1-Key.der");

    public static P256Key PaiKey() => Key("Chip-Test-PAI-FFF1-8000-Key.der");

    public static P256Key CdSignerKey() => Key("Chip-Test-CD-Signing-Key.der");

    /// <summary>The test CD covering VID 0xFFF1, PIDs 0x8000..0x8063 (its DER bytes).</summary>
    public static byte[] CertificationDeclarationDer => Resource("Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der");

    internal static byte[] CdSignerKeyId => CdSkid.Value;

    /// <summary>True for the test PAA and PAI and for any certificate they issued: its key id or its issuer's is theirs.</summary>
    public static bool IsTest(MatterCertificate certificate) =>
        TestKeyIds.Value.Any(k => (certificate.SubjectKeyId != null && certificate.SubjectKeyId.SequenceEqual(k))
            || (certificate.AuthorityKeyId != null && certificate.AuthorityKeyId.SequenceEqual(k)));

    private static MatterCertificate Certificate(string name, string source) => AttestationCredentials.ParseCertificate(Resource(name), source);

    private static P256Key Key(string name) => AttestationCredentials.ParsePrivateKey(Resource(name), "built-in " + name, null);

    private static byte[] Resource(string name)
    {
        using var s = typeof(MatterTestPki).Assembly.GetManifestResourceStream("MatterMfg.TestPki." + name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from this build of MatterMfg.Core.");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
