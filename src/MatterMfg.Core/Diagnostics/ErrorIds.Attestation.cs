namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>
    /// The certification declaration file (or the <c>cert-dclrn</c> blob) is not a Matter CD: empty, truncated, not DER,
    /// not the CMS SignedData profile Matter uses, or its TLV payload is malformed. The message names the file and what
    /// is wrong. Fix: use the CD DER file the CSA issued for the product (or one made by <c>chip-cert gen-cd</c> /
    /// New-MatterCertificationDeclaration), not a certificate, a PEM text or a damaged copy.
    /// </summary>
    public const string CertificationDeclarationMalformed = nameof(CertificationDeclarationMalformed);

    /// <summary>
    /// The certification declaration's CMS signature does not verify: the CD was altered, or it was signed by a key that
    /// is neither one of the CD signing keys Matter commissioners trust (the CSA's "Signing Key 001"–"005" and the public
    /// test key) nor the <c>-CdSigningCertificate</c> / <c>--cd-signing-cert</c> given. No device is made with it.
    /// Fix: use the CD exactly as the CSA issued it; for a CD signed by your own test key, give that key's certificate.
    /// </summary>
    public const string CertificationDeclarationSignatureInvalid = nameof(CertificationDeclarationSignatureInvalid);
}
