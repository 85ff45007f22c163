using System;
using MatterMfg.Diagnostics;

namespace MatterMfg.Attestation;

/// <summary>What to do when a requested validity runs past the end of the issuer's.</summary>
public enum ValidityLimit
{
    /// <summary>End the new certificate when its issuer ends (<see cref="CertificateValidity.Clamped"/> says it happened).</summary>
    Clamp,
    /// <summary>Refuse with <c>ValidityOutsideIssuer</c>.</summary>
    Reject,
}

/// <summary>
/// The notBefore/notAfter of a certificate about to be issued, resolved against its issuer: a start (given, or now), and
/// an end that is the start plus a lifetime in days (as esp-matter-mfg-tool: notBefore + days), the Matter "no
/// well-defined expiration" 9999-12-31 23:59:59Z, or by default the issuer's own end. Unlike the reference's default of
/// 100 years, which rejects every PAI not valid for a century, the default always fits a valid issuer.
/// </summary>
public sealed class CertificateValidity
{
    /// <summary>The Matter/RFC 5280 "no well-defined expiration" time, 9999-12-31 23:59:59Z.</summary>
    public static readonly DateTime NoWellDefinedExpiration = new(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    private CertificateValidity(DateTime notBefore, DateTime notAfter, string? clampNote)
    {
        NotBefore = notBefore;
        NotAfter = notAfter;
        ClampNote = clampNote;
    }

    public DateTime NotBefore { get; }

    public DateTime NotAfter { get; }

    /// <summary>True when the requested end was past the issuer's and was cut to it.</summary>
    public bool Clamped => ClampNote != null;

    /// <summary>When <see cref="Clamped"/>: a sentence saying so, for a warning.</summary>
    public string? ClampNote { get; }

    /// <summary>
    /// Resolves the window. <paramref name="validFrom"/> null means now (whole seconds, UTC); <paramref name="lifetimeDays"/>
    /// null and <paramref name="noExpiration"/> false means "until the issuer ends". The start must lie within the
    /// issuer's validity (connectedhomeip IsCertificateValidAtIssuance); an end past the issuer's is clamped or rejected
    /// per <paramref name="limit"/>. <paramref name="role"/> ("DAC", "PAI") names the certificate in messages.
    /// </summary>
    public static CertificateValidity Resolve(DateTime? validFrom, int? lifetimeDays, bool noExpiration, MatterCertificate issuer, ValidityLimit limit, string role)
    {
        DateTime start = WholeSeconds((validFrom ?? DateTime.UtcNow).ToUniversalTime());
        if (lifetimeDays is int days)
        {
            Text.NumberText.Check(days, $"{role} lifetime (days)", 1, int.MaxValue, "Lifetime");
        }
        if (lifetimeDays != null && noExpiration)
        {
            throw new MfgException(ErrorIds.LifetimeConflict, MfgErrorKind.InvalidArgument, $"Give a {role} lifetime or 'no expiration', not both.", "Lifetime");
        }
        string window = $"{AttestationChain.Iso(issuer.NotBefore)} to {AttestationChain.Iso(issuer.NotAfter)}";
        if (start < issuer.NotBefore || start > issuer.NotAfter)
        {
            throw new MfgException(ErrorIds.ValidityOutsideIssuer, MfgErrorKind.InvalidArgument,
                $"{OutsideIssuer(role)}the {role} would start on {AttestationChain.Iso(start)}, outside the validity of its issuer '{issuer.Source}' ({window}). Choose a start date inside that window.", "ValidFrom");
        }
        DateTime end = noExpiration ? NoWellDefinedExpiration
            : lifetimeDays is int d ? AddDaysCapped(start, d)
            : issuer.NotAfter;
        string? note = null;
        if (end > issuer.NotAfter)
        {
            if (limit == ValidityLimit.Reject)
            {
                throw new MfgException(ErrorIds.ValidityOutsideIssuer, MfgErrorKind.InvalidArgument,
                    $"{OutsideIssuer(role)}the {role} would be valid until {AttestationChain.Iso(end)}, past the end of its issuer '{issuer.Source}' ({window}). Use a shorter lifetime, or none: by default the {role} ends with its issuer.", "Lifetime");
            }
            note = $"The requested {role} validity (until {AttestationChain.Iso(end)}) runs past the end of its issuer '{issuer.Source}': the {role} ends with it, on {AttestationChain.Iso(issuer.NotAfter)}.";
            end = issuer.NotAfter;
        }
        return new CertificateValidity(start, end, note);
    }

    /// <summary>Throws <c>ValidityOutsideIssuer</c> unless this window lies within <paramref name="issuer"/>'s.</summary>
    internal void EnsureWithin(MatterCertificate issuer, string role)
    {
        if (NotBefore < issuer.NotBefore || NotAfter > issuer.NotAfter || NotAfter <= NotBefore)
        {
            throw new MfgException(ErrorIds.ValidityOutsideIssuer, MfgErrorKind.InvalidArgument,
                $"{OutsideIssuer(role)}the {role} validity {AttestationChain.Iso(NotBefore)} to {AttestationChain.Iso(NotAfter)} is empty or outside the validity of its issuer '{issuer.Source}' ({AttestationChain.Iso(issuer.NotBefore)} to {AttestationChain.Iso(issuer.NotAfter)}).", issuer.Source);
        }
    }

    /// <summary>A fixed window (tests, and certificates with no issuer to fit).</summary>
    public static CertificateValidity Fixed(DateTime notBefore, DateTime notAfter) =>
        new(WholeSeconds(notBefore.ToUniversalTime()), WholeSeconds(notAfter.ToUniversalTime()), null);

    /// <summary>
    /// esp-matter-mfg-tool's sentence for <c>ValidityOutsideIssuer</c>, which names the issuer: the PAI for a DAC, the PAA
    /// for a PAI. (Its own parenthesis, "(from: …, lifetime: … days)", is replaced by the specifics after it.)
    /// </summary>
    private static string OutsideIssuer(string role) => $"{(role == "PAI" ? "PAA" : "PAI")} Certificate validity period is outside the specified parameters: ";

    private static DateTime AddDaysCapped(DateTime start, int days) =>
        (NoWellDefinedExpiration - start).TotalDays <= days ? NoWellDefinedExpiration : start.AddDays(days);

    private static DateTime WholeSeconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
