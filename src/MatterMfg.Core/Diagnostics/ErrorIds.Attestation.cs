namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>A DAC or PAI output file already exists; keys are never overwritten. Fix: choose another output folder, or move the existing files away.</summary>
    public const string AttestationOutputExists = nameof(AttestationOutputExists);

    /// <summary>A certification declaration lists more authorized PAAs than Matter allows (10). Fix: list at most 10 PAA subject key ids.</summary>
    public const string CdAuthorizedPaaCount = nameof(CdAuthorizedPaaCount);

    /// <summary>An authorized PAA of a certification declaration is not a 20-byte subject key id. Fix: give each PAA as its 40-hex-digit subject key id.</summary>
    public const string CdAuthorizedPaaInvalid = nameof(CdAuthorizedPaaInvalid);

    /// <summary>The certificate id of a certification declaration is not 19 characters. Fix: use the CSA's 19-character id (e.g. ZIG20141ZB330001-24).</summary>
    public const string CdCertificateIdLength = nameof(CdCertificateIdLength);

    /// <summary>The certification type of a certification declaration is not 0 (development and test), 1 (provisional) or 2 (official). Fix: use 0, 1 or 2.</summary>
    public const string CdCertificationTypeInvalid = nameof(CdCertificationTypeInvalid);

    /// <summary>The certification declaration's signed content is not valid Matter TLV or misses a required field. Fix: use the CD file the CSA (or chip-cert gen-cd) produced; the file may be damaged.</summary>
    public const string CdContentInvalid = nameof(CdContentInvalid);

    /// <summary>A coverage check of a certification declaration was asked with only one of -VendorId and -ProductId. Fix: give both, or neither.</summary>
    public const string CdCoverageNeedsBoth = nameof(CdCoverageNeedsBoth);

    /// <summary>Only one of the DAC origin vendor id and product id of a certification declaration was given. Fix: give both, or neither.</summary>
    public const string CdDacOriginIncomplete = nameof(CdDacOriginIncomplete);

    /// <summary>The certification declaration does not list the device's vendor id or product id. Fix: use the CD issued for this product, or correct the vendor and product id.</summary>
    public const string CdDoesNotCoverDevice = nameof(CdDoesNotCoverDevice);

    /// <summary>The certification declaration is not a CMS SignedData envelope (an empty, truncated or non-DER file). Fix: use the DER file the CSA (or chip-cert gen-cd) produced.</summary>
    public const string CdFormatInvalid = nameof(CdFormatInvalid);

    /// <summary>The format version of a certification declaration is not 0..255. Fix: use format version 1.</summary>
    public const string CdFormatVersionInvalid = nameof(CdFormatVersionInvalid);

    /// <summary>A certification declaration lists no product id or more than 100. Fix: list 1 to 100 product ids.</summary>
    public const string CdProductIdCount = nameof(CdProductIdCount);

    /// <summary>A product id of a certification declaration is 0. Fix: use the product ids of the certified product.</summary>
    public const string CdProductIdInvalid = nameof(CdProductIdInvalid);

    /// <summary>The certification declaration's signature does not verify under the CD signing key. Fix: use the CD exactly as issued (one changed byte breaks it), or name the right signing certificate.</summary>
    public const string CdSignatureInvalid = nameof(CdSignatureInvalid);

    /// <summary>The signer of the certification declaration is not identified by a subject key id, as Matter requires. Fix: sign the CD as chip-cert gen-cd does (SignerInfo with a subject key identifier).</summary>
    public const string CdSignerWithoutKeyId = nameof(CdSignerWithoutKeyId);

    /// <summary>The vendor id of a certification declaration is 0. Fix: use the certified product's vendor id.</summary>
    public const string CdVendorIdInvalid = nameof(CdVendorIdInvalid);

    /// <summary>The version number of a certification declaration is 0. Fix: use a version number from 1.</summary>
    public const string CdVersionNumberInvalid = nameof(CdVersionNumberInvalid);

    /// <summary>A certificate's public key is not on the P-256 curve, which Matter attestation requires. Fix: use a Matter DAC, PAI or PAA (ECDSA P-256).</summary>
    public const string CertificateCurveNotP256 = nameof(CertificateCurveNotP256);

    /// <summary>A certificate file is neither a DER nor a PEM certificate (nor a PKCS#12 file holding one). Fix: give the certificate itself, in DER or PEM.</summary>
    public const string CertificateFormatInvalid = nameof(CertificateFormatInvalid);

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

    /// <summary>The common name for a DAC is empty. Fix: give a non-empty common name (or none, for a generated one).</summary>
    public const string DacCommonNameEmpty = nameof(DacCommonNameEmpty);

    /// <summary>The common name for a DAC cannot be used in a file name. Fix: remove path separators and characters a file name cannot hold.</summary>
    public const string DacCommonNameNotFileName = nameof(DacCommonNameNotFileName);

    /// <summary>A private key does not belong to the certificate it is given with (their public keys differ). Fix: pair each certificate with its own key (e.g. the PAI certificate with the PAI key).</summary>
    public const string KeyCertificateMismatch = nameof(KeyCertificateMismatch);

    /// <summary>A private key file is corrupt: its embedded public key does not match its private value. Fix: use an intact copy of the key.</summary>
    public const string KeyCorrupt = nameof(KeyCorrupt);

    /// <summary>A private key is not a P-256 (secp256r1) EC key, which Matter attestation requires. Fix: use an ECDSA P-256 key.</summary>
    public const string KeyCurveNotP256 = nameof(KeyCurveNotP256);

    /// <summary>A key file holds no usable private key (not PKCS#8, SEC1 or PKCS#12, or a certificate instead of a key). Fix: give the private key file in DER or PEM.</summary>
    public const string KeyFormatInvalid = nameof(KeyFormatInvalid);

    /// <summary>The private key is encrypted and no password was given. Fix: give the password (-PaiKeyPassword/-PaaKeyPassword, or --pwd / --pwd-file).</summary>
    public const string KeyPasswordRequired = nameof(KeyPasswordRequired);

    /// <summary>A password was given for a private key that is not encrypted, where it would be ignored. Fix: drop the password (--pwd, --pwd-file, -PaiKeyPassword), or encrypt the key file.</summary>
    public const string KeyPasswordNotNeeded = nameof(KeyPasswordNotNeeded);

    /// <summary>The password does not decrypt the private key. Fix: give the key's password.</summary>
    public const string KeyPasswordWrong = nameof(KeyPasswordWrong);

    /// <summary>A certificate was given without its private key. Fix: give the matching key file as well.</summary>
    public const string KeyRequired = nameof(KeyRequired);

    /// <summary>Both a lifetime and "no expiration" were asked for a certificate. Fix: give one of them.</summary>
    public const string LifetimeConflict = nameof(LifetimeConflict);

    /// <summary>The PAA certificate breaks a Matter attestation rule (the message names it). Fix: use a Matter PAA certificate.</summary>
    public const string PaaInvalid = nameof(PaaInvalid);

    /// <summary>The PAA certificate carries a vendor id other than the run's. Fix: use the PAA of this vendor, or correct --vendor-id.</summary>
    public const string PaaVendorIdMismatch = nameof(PaaVendorIdMismatch);

    /// <summary>The PAI certificate breaks a Matter attestation rule (the message names it). Fix: use a Matter PAI certificate.</summary>
    public const string PaiInvalid = nameof(PaiInvalid);

    /// <summary>The PAI certificate carries a product id other than the run's. Fix: use the PAI of this product, or correct --product-id.</summary>
    public const string PaiProductIdMismatch = nameof(PaiProductIdMismatch);

    /// <summary>A DAC was given without the PAI that issued it. Fix: give the PAI certificate too.</summary>
    public const string PaiRequired = nameof(PaiRequired);

    /// <summary>The PAI certificate carries a vendor id other than the run's. Fix: use the PAI of this vendor, or correct --vendor-id.</summary>
    public const string PaiVendorIdMismatch = nameof(PaiVendorIdMismatch);

    /// <summary>A PEM file's armour is damaged (bad base64 or a missing END line). Fix: use an intact copy of the file.</summary>
    public const string PemInvalid = nameof(PemInvalid);

    /// <summary>A product id is needed and the PAI does not carry one. Fix: give -ProductId.</summary>
    public const string ProductIdRequired = nameof(ProductIdRequired);

    /// <summary>The requested certificate validity lies outside its issuer's validity. Fix: choose a start date and lifetime within the issuer's validity.</summary>
    public const string ValidityOutsideIssuer = nameof(ValidityOutsideIssuer);

    /// <summary>A vendor id is needed and the certificate does not carry one. Fix: give -VendorId.</summary>
    public const string VendorIdRequired = nameof(VendorIdRequired);
}
