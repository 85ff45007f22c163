using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace MatterMfg.Attestation;

/// <summary>Which place of the attestation chain a certificate holds.</summary>
public enum AttestationRole
{
    /// <summary>Product Attestation Authority: the root, self-signed, VID optional, no PID.</summary>
    Paa,
    /// <summary>Product Attestation Intermediate: issued by a PAA, VID required, PID optional.</summary>
    Pai,
    /// <summary>Device Attestation Certificate: issued by a PAI, VID and PID required.</summary>
    Dac,
}

/// <summary>One rule of the Matter attestation rules and whether it held.</summary>
public sealed class AttestationCheck
{
    internal AttestationCheck(string rule, string subject, bool passed, string message)
    {
        Rule = rule;
        Subject = subject;
        Passed = passed;
        Message = message;
    }

    /// <summary>Stable rule id, e.g. <c>DacBasicConstraints</c>, <c>DacSignature</c>, <c>CdProductId</c>.</summary>
    public string Rule { get; }

    /// <summary>What the rule is about: DAC, PAI, PAA, CD.</summary>
    public string Subject { get; }

    public bool Passed { get; }

    /// <summary>What holds (when passed) or what is wrong (when failed), with the values found.</summary>
    public string Message { get; }

    public override string ToString() => $"{(Passed ? "pass" : "FAIL")} {Rule}: {Message}";
}

/// <summary>The result of <see cref="AttestationChain.Check"/>: every rule checked, in order.</summary>
public sealed class AttestationChainReport
{
    internal AttestationChainReport(IReadOnlyList<AttestationCheck> checks, DateTime at, MatterCertificate dac, MatterCertificate pai, MatterCertificate? paa)
    {
        Checks = checks;
        CheckedAt = at;
        Dac = dac;
        Pai = pai;
        Paa = paa;
    }

    public IReadOnlyList<AttestationCheck> Checks { get; }

    /// <summary>True when every rule passed.</summary>
    public bool IsValid => Checks.All(c => c.Passed);

    public IEnumerable<AttestationCheck> Failures => Checks.Where(c => !c.Passed);

    /// <summary>The time the validity rules were evaluated at (UTC).</summary>
    public DateTime CheckedAt { get; }

    public MatterCertificate Dac { get; }

    public MatterCertificate Pai { get; }

    public MatterCertificate? Paa { get; }

    /// <summary>True when the DAC was issued under the built-in Matter test PKI.</summary>
    public bool IsTestPki => MatterTestPki.IsTest(Pai);
}

/// <summary>What besides the chain itself <see cref="AttestationChain.Check"/> checks.</summary>
public sealed class AttestationChainOptions
{
    /// <summary>When the validity rules apply (default: now).</summary>
    public DateTime? At { get; set; }

    /// <summary>The device's vendor id: the DAC (and the CD) must carry it.</summary>
    public ushort? VendorId { get; set; }

    /// <summary>The device's product id.</summary>
    public ushort? ProductId { get; set; }

    /// <summary>The DAC's private key: it must match the DAC.</summary>
    public P256Key? DacKey { get; set; }

    /// <summary>A certification declaration to check against the device.</summary>
    public CertificationDeclaration? CertificationDeclaration { get; set; }

    /// <summary>The CD signing certificate; without it the CD signature is checked against the keys Matter commissioners trust (<see cref="CertificationDeclarationTrust"/>).</summary>
    public MatterCertificate? CdSigner { get; set; }
}

/// <summary>
/// The Matter device attestation rules (Matter core spec §6.2, connectedhomeip <c>VerifyAttestationCertificateFormat</c>,
/// <c>ValidateCertificateChain</c>, <c>IsCertificateValidAtIssuance</c>): the certificate profile of each of DAC, PAI and
/// PAA, the links between them, VID/PID consistency, validity, and optionally the device's VID/PID, its key and its CD.
/// Each rule is reported on its own, so a report names every problem at once.
/// </summary>
public static class AttestationChain
{
    public static AttestationChainReport Check(MatterCertificate dac, MatterCertificate pai, MatterCertificate? paa, AttestationChainOptions? options = null)
    {
        options ??= new AttestationChainOptions();
        DateTime at = (options.At ?? DateTime.UtcNow).ToUniversalTime();
        var list = new List<AttestationCheck>();
        list.AddRange(Profile(dac, AttestationRole.Dac, at));
        list.AddRange(Profile(pai, AttestationRole.Pai, at));
        if (paa != null)
        {
            list.AddRange(Profile(paa, AttestationRole.Paa, at));
        }
        list.AddRange(Link(dac, pai, "Dac", "DAC", "PAI"));
        if (paa != null)
        {
            list.AddRange(Link(pai, paa, "Pai", "PAI", "PAA"));
            bool self = paa.Certificate.SubjectDN.Equivalent(paa.Certificate.IssuerDN) && paa.IsSignedBy(paa.PublicKey);
            list.Add(new("PaaSelfSigned", "PAA", self, self ? "The PAA is self-signed." : "The PAA is not self-signed (its issuer differs from its subject or its signature does not verify under its own key)."));
        }
        if (options.VendorId is ushort vid)
        {
            list.Add(Equal("DacVendorIdExpected", "DAC", dac.Subject.VendorId, vid, "vendor id", "the device's"));
        }
        if (options.ProductId is ushort pid)
        {
            list.Add(Equal("DacProductIdExpected", "DAC", dac.Subject.ProductId, pid, "product id", "the device's"));
        }
        if (options.DacKey != null)
        {
            bool ok = options.DacKey.Matches(dac.PublicKey);
            list.Add(new("DacKeyMatches", "DAC", ok, ok ? "The DAC private key belongs to the DAC." : "The DAC private key does not belong to the DAC (their public keys differ)."));
        }
        if (options.CertificationDeclaration != null)
        {
            list.AddRange(CertificationDeclarationChecks(options.CertificationDeclaration, options.CdSigner, dac, paa, options.VendorId, options.ProductId));
        }
        return new AttestationChainReport(list, at, dac, pai, paa);
    }

    /// <summary>The profile rules of one certificate in <paramref name="role"/>, with validity at <paramref name="at"/>.</summary>
    public static IReadOnlyList<AttestationCheck> Profile(MatterCertificate c, AttestationRole role, DateTime at)
    {
        string p = role.ToString(), who = role.ToString().ToUpperInvariant();
        var list = new List<AttestationCheck>();
        void Add(string rule, bool ok, string pass, string fail) => list.Add(new AttestationCheck(p + rule, who, ok, ok ? pass : fail));

        Add("Version", c.Certificate.Version == 3, $"The {who} is X.509 v3.", $"The {who} is X.509 v{c.Certificate.Version}; Matter requires v3.");
        Add("SignatureAlgorithm", c.Certificate.SigAlgOid == MatterCertificate.EcdsaWithSha256.Id, $"The {who} is signed with ecdsa-with-SHA256.",
            $"The {who} is signed with {c.Certificate.SigAlgName}; Matter requires ecdsa-with-SHA256.");
        Add("PublicKey", c.HasP256Key, $"The {who} key is EC P-256.",
            $"The {who} key is {AttestationCredentials.CurveName(c.KeyAlgorithm, c.KeyCurve)}; Matter requires EC P-256 (prime256v1).");

        var (bcPresent, bcCritical, bc) = Extension(c, X509Extensions.BasicConstraints, BasicConstraints.GetInstance);
        bool isCa = bc?.IsCA() == true;
        var pathLen = bc?.PathLenConstraint;
        string bcText = bc == null ? "missing" : $"{(bcCritical ? "critical" : "not critical")}, CA:{(isCa ? "TRUE" : "FALSE")}{(pathLen != null ? ", pathlen:" + pathLen : "")}";
        switch (role)
        {
            case AttestationRole.Dac:
                Add("BasicConstraints", bcPresent && bcCritical && !isCa && pathLen == null, "The DAC basic constraints are critical CA:FALSE.",
                    $"The DAC basic constraints are {bcText}; a DAC must be critical CA:FALSE (an end-entity, not a CA).");
                break;
            case AttestationRole.Pai:
                Add("BasicConstraints", bcPresent && bcCritical && isCa && pathLen != null && pathLen.IntValue == 0, "The PAI basic constraints are critical CA:TRUE, pathlen:0.",
                    $"The PAI basic constraints are {bcText}; a PAI must be critical CA:TRUE with pathlen 0.");
                break;
            default:
                Add("BasicConstraints", bcPresent && bcCritical && isCa && (pathLen == null || pathLen.IntValue == 1), "The PAA basic constraints are critical CA:TRUE.",
                    $"The PAA basic constraints are {bcText}; a PAA must be critical CA:TRUE with pathlen absent or 1.");
                break;
        }

        var (kuPresent, kuCritical, _) = Extension(c, X509Extensions.KeyUsage, KeyUsage.GetInstance);
        bool[] ku = c.Certificate.GetKeyUsage() ?? new bool[9];
        string kuText = kuPresent ? $"{(kuCritical ? "critical" : "not critical")}, {KeyUsageText(ku)}" : "missing";
        if (role == AttestationRole.Dac)
        {
            bool only = ku[0] && ku.Skip(1).All(b => !b);
            Add("KeyUsage", kuPresent && kuCritical && only, "The DAC key usage is critical digitalSignature only.",
                $"The DAC key usage is {kuText}; a DAC must have critical digitalSignature and nothing else.");
        }
        else
        {
            bool ok = ku[5] && ku[6] && ku.Where((b, i) => i != 0 && i != 5 && i != 6).All(b => !b);
            Add("KeyUsage", kuPresent && kuCritical && ok, $"The {who} key usage is critical keyCertSign + cRLSign.",
                $"The {who} key usage is {kuText}; a {who} must have critical keyCertSign and cRLSign (digitalSignature tolerated, nothing else).");
        }

        Add("SubjectKeyId", c.SubjectKeyId is { Length: 20 }, $"The {who} has a 20-byte subject key identifier.",
            c.SubjectKeyId == null ? $"The {who} has no subject key identifier." : $"The {who} subject key identifier is {c.SubjectKeyId.Length} bytes; Matter requires 20.");
        if (role != AttestationRole.Paa)
        {
            Add("AuthorityKeyId", c.AuthorityKeyId is { Length: 20 }, $"The {who} has a 20-byte authority key identifier.",
                c.AuthorityKeyId == null ? $"The {who} has no authority key identifier." : $"The {who} authority key identifier is {c.AuthorityKeyId.Length} bytes; Matter requires 20.");
        }

        string? vidProblem = c.Subject.VendorIdProblem, pidProblem = c.Subject.ProductIdProblem;
        bool vidRequired = role != AttestationRole.Paa;
        Add("VendorId", vidProblem == null && (c.Subject.HasVendorId || !vidRequired),
            c.Subject.HasVendorId ? $"The {who} subject carries vendor id {Text(c.Subject.VendorId)}." : $"The {who} subject carries no vendor id (allowed for a PAA).",
            vidProblem != null ? $"The {who} subject's {vidProblem}." : $"The {who} subject has no Matter vendor id attribute (1.3.6.1.4.1.37244.2.1); a {who} must carry one.");
        if (role == AttestationRole.Paa)
        {
            Add("ProductId", !c.Subject.HasProductId, "The PAA subject carries no product id.", "The PAA subject carries a product id; a PAA must not.");
        }
        else
        {
            bool pidRequired = role == AttestationRole.Dac;
            Add("ProductId", pidProblem == null && (c.Subject.HasProductId || !pidRequired),
                c.Subject.HasProductId ? $"The {who} subject carries product id {Text(c.Subject.ProductId)}." : $"The {who} subject carries no product id (allowed for a PAI).",
                pidProblem != null ? $"The {who} subject's {pidProblem}." : "The DAC subject has no Matter product id attribute (1.3.6.1.4.1.37244.2.2); a DAC must carry one.");
        }

        bool valid = c.NotBefore <= at && at <= c.NotAfter;
        Add("Validity", valid, $"The {who} is valid at {Iso(at)} ({Iso(c.NotBefore)} to {Iso(c.NotAfter)}).",
            at > c.NotAfter ? $"The {who} expired on {Iso(c.NotAfter)} (checked at {Iso(at)})." : $"The {who} is not valid before {Iso(c.NotBefore)} (checked at {Iso(at)}).");
        return list;
    }

    /// <summary>The rules that tie <paramref name="child"/> to its issuer <paramref name="issuer"/>.</summary>
    private static IEnumerable<AttestationCheck> Link(MatterCertificate child, MatterCertificate issuer, string p, string who, string by)
    {
        bool name = Asn1Object.FromByteArray(child.Certificate.CertificateStructure.Issuer.GetDerEncoded())
            .Equals(Asn1Object.FromByteArray(issuer.Certificate.CertificateStructure.Subject.GetDerEncoded()));
        yield return new(p + "Issuer", who, name, name ? $"The {who} issuer name is the {by} subject." : $"The {who} issuer '{child.Certificate.IssuerDN}' is not the {by} subject '{issuer.Certificate.SubjectDN}'.");
        bool aki = child.AuthorityKeyId != null && issuer.SubjectKeyId != null && child.AuthorityKeyId.SequenceEqual(issuer.SubjectKeyId);
        yield return new(p + "AuthorityKeyIdMatches", who, aki, aki ? $"The {who} authority key id is the {by} subject key id."
            : $"The {who} authority key id {HexOrNone(child.AuthorityKeyId)} is not the {by} subject key id {HexOrNone(issuer.SubjectKeyId)}.");
        bool sig = issuer.HasP256Key && child.IsSignedBy(issuer.PublicKey);
        yield return new(p + "Signature", who, sig, sig ? $"The {who} signature verifies under the {by} key." : $"The {who} signature does not verify under the {by} key: it was not signed by this {by}, or it was altered.");
        bool within = issuer.NotBefore <= child.NotBefore && child.NotBefore <= issuer.NotAfter;
        yield return new(p + "IssuedWithin" + (by == "PAI" ? "Pai" : "Paa"), who, within, within ? $"The {who} starts ({Iso(child.NotBefore)}) within the {by} validity."
            : $"The {who} starts on {Iso(child.NotBefore)}, outside the {by} validity {Iso(issuer.NotBefore)} to {Iso(issuer.NotAfter)}.");
        if (issuer.Subject.HasVendorId)
        {
            yield return Equal(p + "VendorIdMatches" + (by == "PAI" ? "Pai" : "Paa"), who, child.Subject.VendorId, issuer.Subject.VendorId, "vendor id", $"the {by}'s");
        }
        if (issuer.Subject.HasProductId)
        {
            yield return Equal(p + "ProductIdMatches" + (by == "PAI" ? "Pai" : "Paa"), who, child.Subject.ProductId, issuer.Subject.ProductId, "product id", $"the {by}'s");
        }
    }

    private static IEnumerable<AttestationCheck> CertificationDeclarationChecks(CertificationDeclaration cd, MatterCertificate? signer, MatterCertificate dac, MatterCertificate? paa, ushort? deviceVid, ushort? devicePid)
    {
        var key = CertificationDeclarationTrust.TryVerify(cd, signer == null ? null : CdSigningKey.FromCertificate(signer), out string why);
        yield return new("CdSignature", "CD", key != null, key != null ? $"The CD signature verifies under {key.Name}." : why);
        // With a DAC origin, the DAC belongs to the origin VID/PID and the CD's own VID/PID are the device's (Matter §6.2.3.1).
        ushort? vid = deviceVid ?? (cd.DacOriginVendorId == null ? dac.Subject.VendorId : null);
        ushort? pid = devicePid ?? (cd.DacOriginVendorId == null ? dac.Subject.ProductId : null);
        if (vid != null)
        {
            bool ok = cd.VendorId == vid;
            yield return new("CdVendorId", "CD", ok, ok ? $"The CD is for vendor id {DnAttributes.Format(vid.Value)}." : $"The CD is for vendor id {DnAttributes.Format(cd.VendorId)}, not the device's {DnAttributes.Format(vid.Value)}.");
        }
        if (pid != null)
        {
            bool ok = cd.ProductIds.Contains(pid.Value);
            yield return new("CdProductId", "CD", ok, ok ? $"The CD covers product id {DnAttributes.Format(pid.Value)}."
                : $"The CD covers product ids {string.Join(", ", cd.ProductIds.Take(10).Select(DnAttributes.Format))}{(cd.ProductIds.Count > 10 ? ", …" : "")}, not the device's {DnAttributes.Format(pid.Value)}.");
        }
        if (cd.DacOriginVendorId is ushort ovid && cd.DacOriginProductId is ushort opid)
        {
            bool ok = dac.Subject.VendorId == ovid && dac.Subject.ProductId == opid;
            yield return new("CdDacOrigin", "CD", ok, ok ? $"The DAC is of the CD's DAC origin {DnAttributes.Format(ovid)}/{DnAttributes.Format(opid)}."
                : $"The CD's DAC origin is {DnAttributes.Format(ovid)}/{DnAttributes.Format(opid)}, but the DAC is {Text(dac.Subject.VendorId)}/{Text(dac.Subject.ProductId)}.");
        }
        if (cd.AuthorizedPaaKeyIds.Count > 0 && paa?.SubjectKeyId != null)
        {
            bool ok = cd.AuthorizedPaaKeyIds.Any(k => k.SequenceEqual(paa.SubjectKeyId));
            yield return new("CdAuthorizedPaa", "CD", ok, ok ? "The PAA is in the CD's authorized PAA list." : $"The PAA (key id {MatterCertificate.Hex(paa.SubjectKeyId)}) is not in the CD's authorized PAA list.");
        }
    }

    private static AttestationCheck Equal(string rule, string who, ushort? found, ushort? expected, string what, string whose)
    {
        bool ok = found != null && found == expected;
        return new(rule, who, ok, ok ? $"The {who} {what} {Text(found)} equals {whose}." : $"The {who} {what} is {Text(found)}, but {whose} is {Text(expected)}.");
    }

    private static (bool Present, bool Critical, T? Value) Extension<T>(MatterCertificate c, DerObjectIdentifier oid, Func<object, T> parse)
        where T : class
    {
        var ext = c.Certificate.CertificateStructure.TbsCertificate.Extensions?.GetExtension(oid);
        if (ext == null)
        {
            return (false, false, null);
        }
        try
        {
            return (true, ext.IsCritical, parse(Asn1Object.FromByteArray(ext.Value.GetOctets())));
        }
        catch (Exception e) when (e is ArgumentException || e is System.IO.IOException || e is InvalidCastException)
        {
            return (true, ext.IsCritical, null);
        }
    }

    private static string KeyUsageText(bool[] ku)
    {
        string[] names = { "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly" };
        var set = names.Where((n, i) => i < ku.Length && ku[i]).ToList();
        return set.Count == 0 ? "no bits" : string.Join(" + ", set);
    }

    private static string Text(ushort? v) => v == null ? "none" : DnAttributes.Format(v.Value);

    private static string HexOrNone(byte[]? b) => b == null ? "(none)" : MatterCertificate.Hex(b);

    internal static string Iso(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
