using System;
using System.Linq;
using System.Security.Cryptography;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.SigningKeys;

namespace MatterMfg.Factory;

/// <summary>
/// The run's attestation material for <see cref="FactoryBatch"/>, from the options as esp-matter-mfg-tool reads them:
/// <c>--pai -c -k</c> (DACs under the given PAI), <c>--paa -c -k</c> (a PAI made once from the PAA, then DACs under it),
/// <c>--pai -c --dac-cert --dac-key</c> (one external DAC) or <c>--test-pki</c>. <see cref="Open"/> checks everything
/// before any device is made: formats, curves, key/certificate pairs, the PAI/PAA profile, the VID/PID rules, the
/// external DAC's chain, and the validity window; <see cref="Issue"/> is thread-safe. The PAI/PAA key may be a file, a
/// <c>pkcs11:</c> URI or a <c>cert:\</c> path (<see cref="SigningKeySource"/>); Dispose releases a token's sessions.
/// </summary>
public sealed class FactoryAttestation : IAttestationSource, IDisposable
{
    private readonly DacIssuer? _issuer;
    private readonly ISigningKey? _key;

    private FactoryAttestation(MatterCertificate pai, DacIssuer? issuer, bool testPki, ISigningKey? key = null)
    {
        Pai = pai;
        _issuer = issuer;
        IsTestPki = testPki;
        _key = key;
    }

    /// <summary>The PAI the DACs chain to.</summary>
    public MatterCertificate Pai { get; }

    public byte[] PaiCertificateDer => Pai.Der;

    public string? GeneratedPaiPem { get; private set; }

    public string? GeneratedPaiKeyPem { get; private set; }

    public byte[]? DefaultCertificationDeclaration { get; private set; }

    public DeviceCredentials? External { get; private set; }

    /// <summary>True when the devices get test-only credentials (the built-in test PKI, or a PAI under the test PAA).</summary>
    public bool IsTestPki { get; }

    /// <summary>The validity every issued DAC gets (null with only an external DAC).</summary>
    public CertificateValidity? DacValidity => _issuer?.Validity;

    /// <summary>Loads and checks the attestation inputs of <paramref name="options"/>; throws <see cref="MfgException"/> on the first problem.</summary>
    public static IAttestationSource Open(FactoryOptions options) => OpenChecked(options);

    /// <summary>As <see cref="Open"/>, typed.</summary>
    /// <summary>The one wording of <see cref="ErrorIds.VendorProductRequired"/>: <c>A vendor id and a product id are required: &lt;how&gt;.</c></summary>
    public static MfgException VendorProductRequired(string how, object? target) =>
        new(ErrorIds.VendorProductRequired, MfgErrorKind.InvalidArgument, $"A vendor id and a product id are required: {how}.", target);

    public static FactoryAttestation OpenChecked(FactoryOptions options)
    {
        if (options.VendorId < 0 || options.VendorId > 0xFFFF || options.ProductId < 0 || options.ProductId > 0xFFFF)
        {
            throw VendorProductRequired("attestation needs both, in 0..65535", "--vendor-id");
        }
        ushort vid = (ushort)options.VendorId, pid = (ushort)options.ProductId;
        return options.Attestation switch
        {
            AttestationMode.Pai => OpenPai(options, vid, pid),
            AttestationMode.Paa => OpenPaa(options, vid, pid),
            AttestationMode.TestPki => OpenTestPki(options, vid, pid),
            _ => throw new MfgException(ErrorIds.AttestationModeNone, MfgErrorKind.InvalidOperation, "No attestation mode was chosen (--pai, --paa or --test-pki).", "--pai"),
        };
    }

    public DeviceCredentials Issue(string deviceId)
    {
        if (_issuer == null)
        {
            throw new MfgException(ErrorIds.PaiKeyMissing, MfgErrorKind.InvalidOperation,
                "DACs cannot be issued: no PAI private key was given (only an external DAC).", "--key");
        }
        var dac = _issuer.Issue(deviceId);
        return new DeviceCredentials
        {
            DacCertificateDer = dac.CertificateDer,
            DacCertificatePem = dac.CertificatePem,
            DacPrivateKey = dac.Key.ExportScalar(),
            DacPublicKey = dac.Key.PublicKey,
            DacKeySec1Der = dac.Key.ToSec1Der(),
            DacKeyPkcs8Pem = dac.Key.ToPkcs8Pem(),
            CommonName = deviceId,
        };
    }

    /// <summary>Releases the PAI key (a token's sessions, a key object).</summary>
    public void Dispose() => (_key as IDisposable)?.Dispose();

    /// <summary>
    /// Runs <paramref name="use"/> with the key secret: <c>--pwd</c> (or the cmdlet's SecureString; the caller wipes
    /// it), else the first line of <c>--pwd-file</c> (read here and wiped after use), else none.
    /// </summary>
    private static T WithSecret<T>(FactoryOptions o, Func<SigningKeySecret, T> use)
    {
        char[]? fromFile = o.KeyPassword == null && o.KeyPasswordFile != null ? AttestationCredentials.ReadPasswordFile(o.Resolve(o.KeyPasswordFile)) : null;
        try
        {
            return use(new SigningKeySecret { Value = o.KeyPassword ?? fromFile, BaseDirectory = o.WorkingDirectory, GetEnvironmentVariable = o.GetEnvironmentVariable });
        }
        finally
        {
            if (fromFile != null)
            {
                Array.Clear(fromFile, 0, fromFile.Length);
            }
        }
    }

    /// <summary>A key parameter as a path resolved against the working directory, or a <c>pkcs11:</c>/<c>cert:</c> reference as given.</summary>
    private static string KeyReference(FactoryOptions o, string key) => SigningKeySource.IsKeyUri(key) ? key : o.Resolve(key);

    private static FactoryAttestation OpenPai(FactoryOptions o, ushort vid, ushort pid)
    {
        string certPath = o.Resolve(Required(o.CertificatePath, "--cert"));
        if (o.KeyPath == null)
        {
            var withoutKey = WithSecret(o, s => AttestationCredentials.ReadCertificate(certPath, s.Value));
            CheckPaiWithoutKey(withoutKey, vid, pid);
            var external = new FactoryAttestation(withoutKey, null, MatterTestPki.IsTest(withoutKey));
            if (o.DacCertificatePath != null)
            {
                external.External = ExternalDac(o, withoutKey, vid, pid);
            }
            return external;
        }
        string keyRef = KeyReference(o, o.KeyPath);
        var (pai, key) = WithSecret(o, s => SigningKeySource.ReadPair(certPath, keyRef, s, "PAI"));
        try
        {
            // The PAI's own rules before the validity window, as esp-matter-mfg-tool orders them.
            DacIssuer.CheckIssuer(pai, key, AttestationRole.Pai, vid, pid, SigningKeySource.Describe(keyRef));
            var issuer = new DacIssuer(pai, key, vid, pid, DacWindow(o, pai), SigningKeySource.Describe(keyRef));
            var source = new FactoryAttestation(pai, issuer, MatterTestPki.IsTest(pai), key);
            if (o.DacCertificatePath != null)
            {
                source.External = ExternalDac(o, pai, vid, pid);
            }
            return source;
        }
        catch
        {
            (key as IDisposable)?.Dispose();
            throw;
        }
    }

    private static FactoryAttestation OpenPaa(FactoryOptions o, ushort vid, ushort pid)
    {
        string certPath = o.Resolve(Required(o.CertificatePath, "--cert"));
        string keyRef = KeyReference(o, Required(o.KeyPath, "--key"));
        var (paa, paaKey) = WithSecret(o, s => SigningKeySource.ReadPair(certPath, keyRef, s, "PAA"));
        try
        {
            // The PAA key signs the one PAI of the run and is released at once.
            return WithGeneratedPai(o, paa, paaKey, SigningKeySource.Describe(keyRef), vid, pid, PaiCommonName(o.CnPrefix), MatterTestPki.IsTest(paa));
        }
        finally
        {
            (paaKey as IDisposable)?.Dispose();
        }
    }

    private static FactoryAttestation OpenTestPki(FactoryOptions o, ushort vid, ushort pid)
    {
        if (vid != MatterTestPki.VendorId)
        {
            throw new MfgException(ErrorIds.TestPkiVendorId, MfgErrorKind.InvalidArgument,
                $"The built-in test PKI is for vendor id 0x{MatterTestPki.VendorId:X4} only (got 0x{vid:X4}): leave the vendor id out, or use your own PAI.", "--vendor-id");
        }
        FactoryAttestation source;
        if (pid == MatterTestPki.ProductId)
        {
            var pai = MatterTestPki.Pai;
            source = new FactoryAttestation(pai, new DacIssuer(pai, MatterTestPki.PaiKey(), vid, pid, DacWindow(o, pai), "built-in test PAI key"), true);
        }
        else
        {
            // The test PAI is for PID 0x8000 only; other test products get a PAI of their own under the test PAA.
            source = WithGeneratedPai(o, MatterTestPki.Paa, MatterTestPki.PaaKey(), "built-in test PAA key", vid, pid, $"Matter Test PAI {pid:X4}", true);
        }
        var cd = CertificationDeclaration.Decode(MatterTestPki.CertificationDeclarationDer, "built-in test CD");
        source.DefaultCertificationDeclaration = cd.Covers(vid, pid)
            ? cd.Der
            : CertificationDeclaration.Create(
                new CertificationElements
                {
                    FormatVersion = cd.FormatVersion, VendorId = vid, ProductIds = new[] { pid }, DeviceTypeId = cd.DeviceTypeId, CertificateId = cd.CertificateId,
                    SecurityLevel = cd.SecurityLevel, SecurityInformation = cd.SecurityInformation, VersionNumber = cd.VersionNumber, CertificationType = 0,
                },
                MatterTestPki.CdSigner, MatterTestPki.CdSignerKey()).Der;
        return source;
    }

    private static FactoryAttestation WithGeneratedPai(FactoryOptions o, MatterCertificate paa, ISigningKey paaKey, string keySource, ushort vid, ushort pid, string commonName, bool test)
    {
        // One "now" for both, as the reference's one window: two clock reads could put the DAC's end a second past the PAI's.
        DateTime from = o.ValidFrom ?? DateTime.UtcNow;
        DacIssuer.CheckIssuer(paa, paaKey, AttestationRole.Paa, vid, pid, keySource);
        var paiValidity = CertificateValidity.Resolve(from, o.LifetimeDays, false, paa, ValidityLimit.Reject, "PAI");
        var issued = PaiIssuer.Issue(paa, paaKey, vid, pid, commonName, paiValidity, keySource);
        var dacValidity = CertificateValidity.Resolve(from, o.LifetimeDays, false, issued.Certificate, ValidityLimit.Reject, "DAC");
        var source = new FactoryAttestation(issued.Certificate, new DacIssuer(issued.Certificate, issued.Key, vid, pid, dacValidity, "the generated PAI key"), test)
        {
            GeneratedPaiPem = issued.Certificate.ToPem(),
            GeneratedPaiKeyPem = issued.Key.ToPkcs8Pem(),
        };
        return source;
    }

    /// <summary>
    /// -vf/-lt as the reference applies them, minus its 100-year default: without -lt the DAC ends with its PAI. A window
    /// the PAI does not cover is refused (not silently shortened), naming both windows.
    /// </summary>
    private static CertificateValidity DacWindow(FactoryOptions o, MatterCertificate pai) =>
        CertificateValidity.Resolve(o.ValidFrom, o.LifetimeDays, false, pai, ValidityLimit.Reject, "DAC");

    /// <summary>With only an external DAC the PAI key is optional; the PAI itself must still be a valid PAI for the device.</summary>
    private static void CheckPaiWithoutKey(MatterCertificate pai, ushort vid, ushort pid)
    {
        DacIssuer.CheckProfile(pai, AttestationRole.Pai, DateTime.UtcNow);
        DacIssuer.CheckIds(pai, AttestationRole.Pai, vid, pid);
    }

    /// <summary>
    /// The external DAC, checked in esp-matter-mfg-tool's order, each failure led by its sentence: a valid DAC ("DAC
    /// certificate is not valid"), its key ("DAC certificate and private key do not match"), issued by this PAI ("DAC
    /// certificate chain is not valid"); then, beyond the reference, for this vendor and product.
    /// </summary>
    private static DeviceCredentials ExternalDac(FactoryOptions o, MatterCertificate pai, ushort vid, ushort pid)
    {
        string certPath = o.Resolve(o.DacCertificatePath!);
        string keyPath = o.Resolve(o.DacKeyPath ?? throw FactoryValidation.DacPairIncomplete("--dac-key"));
        var dac = AttestationCredentials.ReadCertificate(certPath);
        var report = AttestationChain.Check(dac, pai, null, new AttestationChainOptions { VendorId = vid, ProductId = pid });
        ExternalDacFailures(report, "DacProfile", ErrorIds.ExternalDacInvalid, $"DAC certificate is not valid: '{certPath}' breaks the Matter DAC profile: ", certPath);
        var key = AttestationCredentials.ReadPrivateKey(keyPath);
        AttestationCredentials.CheckKeyMatches(dac, key, "DAC", keyPath);
        ExternalDacFailures(report, "DacLink", ErrorIds.ExternalDacChainInvalid, $"DAC certificate chain is not valid: '{certPath}' was not issued by the PAI '{pai.Source}': ", certPath);
        ExternalDacFailures(report, "DacDevice", ErrorIds.ExternalDacNotForRun,
            $"DAC certificate is not valid: '{certPath}' is not for this run's {DnAttributes.Format(vid)}/{DnAttributes.Format(pid)}: ", certPath);
        return new DeviceCredentials
        {
            DacCertificateDer = dac.Der,
            DacPrivateKey = key.ExportScalar(),
            DacPublicKey = key.PublicKey,
            DacKeySec1Der = key.ToSec1Der(),
            CommonName = dac.Subject.CommonName,
        };
    }

    /// <summary>
    /// Throws <paramref name="errorId"/> listing the failed rules of one group of the chain report: the DAC's own profile
    /// (<c>Dac*</c> rules of <see cref="AttestationChain.Profile"/>), its link to the PAI, or the device's VID/PID.
    /// </summary>
    private static void ExternalDacFailures(AttestationChainReport report, string group, string errorId, string lead, string target)
    {
        var failed = report.Failures.Where(c => c.Rule.StartsWith("Dac", StringComparison.Ordinal) && DacRuleGroup(c.Rule) == group).ToList();
        if (failed.Count > 0)
        {
            throw new MfgException(errorId, MfgErrorKind.SecurityError, lead + string.Join(" ", failed.Select(c => $"[{c.Rule}] {c.Message}")), target);
        }
    }

    private static string DacRuleGroup(string rule) => rule switch
    {
        "DacVendorIdExpected" or "DacProductIdExpected" => "DacDevice",
        "DacIssuer" or "DacAuthorityKeyIdMatches" or "DacSignature" or "DacIssuedWithinPai" or "DacVendorIdMatchesPai" or "DacProductIdMatchesPai" => "DacLink",
        _ => "DacProfile",
    };

    /// <summary>The reference's PAI common name: "&lt;prefix&gt; PAI 00", or "MATTER TEST PAI NN" (NN random 10..99) with an empty prefix.</summary>
    internal static string PaiCommonName(string? prefix)
    {
        if (!string.IsNullOrEmpty(prefix))
        {
            return prefix + " PAI 00";
        }
        var b = new byte[1];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(b);
        }
        return "MATTER TEST PAI " + (10 + b[0] % 90);
    }

    // FactoryValidation refuses a run without them before this is reached; a caller that skipped it gets the same error.
    private static string Required(string? path, string option) => path ?? throw FactoryValidation.CaCredentialsMissing(option);
}
