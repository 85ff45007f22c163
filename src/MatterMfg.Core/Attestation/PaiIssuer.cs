namespace MatterMfg.Attestation;

/// <summary>Issues a PAI under a PAA, for factories that hold a PAA (esp-matter-mfg-tool <c>--paa</c>).</summary>
public static class PaiIssuer
{
    /// <summary>
    /// A fresh P-256 key and its PAI: subject CN, VID and (when given) PID; CA:TRUE pathlen 0; keyCertSign + cRLSign.
    /// Throws first when the PAA breaks the PAA profile, the key is not the PAA's, or the PAA's VID (when it has one) is
    /// not <paramref name="vendorId"/>.
    /// </summary>
    /// <param name="validity">The PAI validity, resolved against the PAA (<see cref="CertificateValidity.Resolve"/>).</param>
    public static IssuedCertificate Issue(MatterCertificate paa, ISigningKey paaKey, ushort vendorId, ushort? productId, string commonName, CertificateValidity validity, string keySource = "the PAA key")
    {
        DacIssuer.CheckIssuer(paa, paaKey, AttestationRole.Paa, vendorId, productId, keySource);
        validity.EnsureWithin(paa, "PAI");
        var key = P256Key.Generate();
        byte[] der = MatterCertificateBuilder.Pai(commonName, vendorId, productId, paa, paaKey, key.PublicKey, validity);
        return new IssuedCertificate(AttestationCredentials.ParseCertificate(der, "PAI " + commonName), key);
    }
}
