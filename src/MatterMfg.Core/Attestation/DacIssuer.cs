using System;
using System.Linq;
using MatterMfg.Diagnostics;

namespace MatterMfg.Attestation;

/// <summary>One DAC just issued: its DER and PEM, and its new key pair in every form the outputs need.</summary>
public sealed class IssuedDac
{
    private MatterCertificate? _certificate;

    internal IssuedDac(byte[] der, P256Key key, string commonName)
    {
        CertificateDer = der;
        Key = key;
        CommonName = commonName;
    }

    public byte[] CertificateDer { get; }

    public string CommonName { get; }

    public P256Key Key { get; }

    public string CertificatePem => PemText.Encode("CERTIFICATE", CertificateDer);

    /// <summary>The parsed certificate (parsed on first use: the factory needs only the bytes).</summary>
    public MatterCertificate Certificate => _certificate ??= AttestationCredentials.ParseCertificate(CertificateDer, "DAC " + CommonName);
}

/// <summary>
/// Issues DACs under one PAI for one VID/PID. The constructor checks everything first: the PAI follows the PAI profile,
/// the key is the PAI's, the PAI's VID (and PID, when it has one) are the device's, and the validity fits the PAI.
/// <see cref="Issue"/> is thread-safe (the factory issues DACs in parallel). The PAI key stays the caller's.
/// </summary>
public sealed class DacIssuer
{
    private readonly ISigningKey _paiKey;

    /// <param name="validity">The DAC validity, resolved against the PAI (<see cref="CertificateValidity.Resolve"/>).</param>
    /// <param name="keySource">Where the key came from, for messages.</param>
    public DacIssuer(MatterCertificate pai, ISigningKey paiKey, ushort vendorId, ushort productId, CertificateValidity validity, string keySource = "the PAI key")
    {
        CheckIssuer(pai, paiKey, AttestationRole.Pai, vendorId, productId, keySource);
        validity.EnsureWithin(pai, "DAC");
        Pai = pai;
        _paiKey = paiKey;
        VendorId = vendorId;
        ProductId = productId;
        Validity = validity;
    }

    public MatterCertificate Pai { get; }

    public ushort VendorId { get; }

    public ushort ProductId { get; }

    public CertificateValidity Validity { get; }

    /// <summary>True when the PAI is the built-in Matter test PAI: the DACs are test-only.</summary>
    public bool IsTestPki => MatterTestPki.IsTest(Pai);

    /// <summary>A fresh P-256 key and its DAC with subject CN = <paramref name="commonName"/>, VID, PID.</summary>
    public IssuedDac Issue(string commonName)
    {
        if (string.IsNullOrEmpty(commonName))
        {
            throw new MfgException(ErrorIds.DacCommonNameEmpty, MfgErrorKind.InvalidArgument, "A DAC needs a common name (the device id).", "CommonName");
        }
        var key = P256Key.Generate();
        byte[] der = MatterCertificateBuilder.Dac(commonName, VendorId, ProductId, Pai, _paiKey, key.PublicKey, Validity);
        return new IssuedDac(der, key, commonName);
    }

    /// <summary>
    /// Throws when <paramref name="issuer"/> cannot issue for the device, in esp-matter-mfg-tool's order: it breaks its
    /// role's profile, the key is not its own, or (for a PAI) its VID/PID are not the device's. Validity is checked separately.
    /// </summary>
    internal static void CheckIssuer(MatterCertificate issuer, ISigningKey key, AttestationRole role, ushort vendorId, ushort? productId, string keySource)
    {
        CheckProfile(issuer, role, null);
        AttestationCredentials.CheckKeyMatches(issuer, key, role.ToString().ToUpperInvariant(), keySource);
        CheckIds(issuer, role, vendorId, productId);
    }

    /// <summary>
    /// Throws <c>PaiInvalid</c>/<c>PaaInvalid</c> when <paramref name="issuer"/> breaks its role's profile; validity counts
    /// at <paramref name="at"/>, or not at all when null (the validity window is checked on its own).
    /// </summary>
    internal static void CheckProfile(MatterCertificate issuer, AttestationRole role, DateTime? at)
    {
        string who = role.ToString().ToUpperInvariant();
        var broken = AttestationChain.Profile(issuer, role, at ?? issuer.NotBefore).Where(c => !c.Passed && (at != null || c.Rule != role + "Validity")).ToList();
        if (broken.Count > 0)
        {
            // esp-matter-mfg-tool's sentence first (scripts grep its log), then which rules broke.
            throw new MfgException(role == AttestationRole.Pai ? ErrorIds.PaiInvalid : ErrorIds.PaaInvalid, MfgErrorKind.InvalidData,
                $"{who} certificate is not valid: '{issuer.Source}' breaks the Matter {who} profile: {string.Join(" ", broken.Select(c => c.Message))}", issuer.Source);
        }
    }

    /// <summary>Throws when the issuer's VID (and, for a PAI, its PID) are not the device's.</summary>
    internal static void CheckIds(MatterCertificate issuer, AttestationRole role, ushort vendorId, ushort? productId)
    {
        string who = role.ToString().ToUpperInvariant();
        ushort? vid = issuer.Subject.VendorId;
        ushort? pid = issuer.Subject.ProductId;
        if (role == AttestationRole.Paa)
        {
            // esp-matter-mfg-tool does not compare a PAA's VID; a PAA that names another vendor cannot issue for this one.
            if (vid != null && vid != vendorId)
            {
                throw new MfgException(ErrorIds.PaaVendorIdMismatch, MfgErrorKind.InvalidArgument,
                    $"VID: {DnAttributes.Format(vid.Value)} in PAA certificate '{issuer.Source}' does not match input VID: {DnAttributes.Format(vendorId)}.", issuer.Source);
            }
            return;
        }
        if (vid != null && vid != vendorId)
        {
            throw new MfgException(ErrorIds.PaiVendorIdMismatch, MfgErrorKind.InvalidArgument,
                $"{PaiIdsMismatch}: VID {DnAttributes.Format(vid.Value)} in '{issuer.Source}' is not the input VID {DnAttributes.Format(vendorId)}.", issuer.Source);
        }
        if (pid != null && productId != null && pid != productId)
        {
            throw new MfgException(ErrorIds.PaiProductIdMismatch, MfgErrorKind.InvalidArgument,
                $"{PaiIdsMismatch}: PID {DnAttributes.Format(pid.Value)} in '{issuer.Source}' is not the input PID {DnAttributes.Format(productId.Value)}.", issuer.Source);
        }
    }

    /// <summary>esp-matter-mfg-tool's sentence for a PAI of another vendor or product.</summary>
    private const string PaiIdsMismatch = "PAI certificate VID and PID do not match input VID and PID";
}
