namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>The key password file (<c>--pwd-file</c>) is empty. Fix: write the password on the file's first line.</summary>
    public const string KeyPasswordFileEmpty = nameof(KeyPasswordFileEmpty);

    /// <summary>A <c>pkcs11:</c> key URI is malformed, names no key or no module, or has an unknown attribute. Fix: write it as <c>pkcs11:token=&lt;label&gt;;object=&lt;key label&gt;?module-path=&lt;module&gt;</c> (RFC 7512).</summary>
    public const string Pkcs11UriInvalid = nameof(Pkcs11UriInvalid);

    /// <summary>The PKCS#11 module named by the key URI cannot be loaded (missing file, wrong architecture, not a PKCS#11 library). Fix: give the vendor's PKCS#11 library in <c>module-path</c>.</summary>
    public const string Pkcs11ModuleNotFound = nameof(Pkcs11ModuleNotFound);

    /// <summary>No token present matches the key URI's token attributes. Fix: check the token is plugged in and its label (<c>token=</c>).</summary>
    public const string Pkcs11TokenNotFound = nameof(Pkcs11TokenNotFound);

    /// <summary>More than one token matches the key URI. Fix: add <c>token=</c>, <c>serial=</c> or <c>slot-id=</c> to name one.</summary>
    public const string Pkcs11TokenAmbiguous = nameof(Pkcs11TokenAmbiguous);

    /// <summary>The token needs a PIN and none was given. Fix: <c>pin-source=&lt;file&gt;</c> in the URI, <c>-PaiKeyPin</c>/<c>-PaaKeyPin</c>, <c>--pwd-file</c>, or the MATTERMFG_PKCS11_PIN environment variable.</summary>
    public const string Pkcs11PinRequired = nameof(Pkcs11PinRequired);

    /// <summary>The token refused the PIN. Fix: give the user PIN of that token (each wrong try counts towards the token's lockout).</summary>
    public const string Pkcs11PinWrong = nameof(Pkcs11PinWrong);

    /// <summary>The token's user PIN is locked after too many wrong tries. Fix: have the security officer unlock or reset it.</summary>
    public const string Pkcs11PinLocked = nameof(Pkcs11PinLocked);

    /// <summary>A PIN was given on the command line (<c>pin-value</c> in the URI, or <c>--pwd</c> with a pkcs11: key), where other users can read it. Fix: use <c>pin-source</c>, <c>--pwd-file</c>, a SecureString parameter or MATTERMFG_PKCS11_PIN.</summary>
    public const string Pkcs11PinOnCommandLine = nameof(Pkcs11PinOnCommandLine);

    /// <summary>No private key object on the token matches the URI's <c>object</c>/<c>id</c>. Fix: list the token's objects (<c>pkcs11-tool -O --login</c>) and name the key.</summary>
    public const string Pkcs11KeyNotFound = nameof(Pkcs11KeyNotFound);

    /// <summary>More than one private key object matches the URI. Fix: add <c>id=</c> (or a unique <c>object=</c> label).</summary>
    public const string Pkcs11KeyAmbiguous = nameof(Pkcs11KeyAmbiguous);

    /// <summary>A signature made by the PKCS#11 private key does not verify under its public key (the token's public key object, else the certificate's). Fix: give the private and public objects of one key pair the same CKA_ID/label, or name the certificate's key.</summary>
    public const string Pkcs11KeyPairMismatch = nameof(Pkcs11KeyPairMismatch);

    /// <summary>The PKCS#11 key is not an EC P-256 key. Fix: name the PAI/PAA key (EC prime256v1).</summary>
    public const string Pkcs11KeyNotP256 = nameof(Pkcs11KeyNotP256);

    /// <summary>The PKCS#11 private key's CKA_SIGN attribute is false: the token will not sign with it. Fix: name the PAI/PAA signing key, or have the key created with CKA_SIGN true.</summary>
    public const string Pkcs11KeyCannotSign = nameof(Pkcs11KeyCannotSign);

    /// <summary>The public key of the PKCS#11 key cannot be read: the token has no public key object with the private key's id or label, and no certificate was given to take it from. Fix: give the PAI/PAA certificate, or store the public key object on the token with the same CKA_ID/label.</summary>
    public const string Pkcs11PublicKeyNotFound = nameof(Pkcs11PublicKeyNotFound);

    /// <summary>The token failed to sign (removed, session closed, mechanism refused). Fix: check the token; the message gives the PKCS#11 return code.</summary>
    public const string Pkcs11SignFailed = nameof(Pkcs11SignFailed);

    /// <summary>A <c>cert:\</c> key path is malformed. Fix: write it as <c>cert:\LocalMachine\My\&lt;thumbprint&gt;</c> or <c>cert:\CurrentUser\My\&lt;thumbprint&gt;</c>.</summary>
    public const string CertificateStorePathInvalid = nameof(CertificateStorePathInvalid);

    /// <summary>Certificate-store keys (<c>cert:\</c>) work on Windows only. Fix: on Linux and macOS use a key file or a <c>pkcs11:</c> URI.</summary>
    public const string CertificateStoreNotSupported = nameof(CertificateStoreNotSupported);

    /// <summary>No certificate with that thumbprint is in that store. Fix: check the thumbprint (<c>Get-ChildItem cert:\LocalMachine\My</c>) and the store.</summary>
    public const string CertificateStoreNotFound = nameof(CertificateStoreNotFound);

    /// <summary>The store's certificate has no usable EC private key (none, not EC P-256, or no access to it). Fix: import the PAI with its key, and give this account access to the key.</summary>
    public const string CertificateStoreKeyUnavailable = nameof(CertificateStoreKeyUnavailable);
}
