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
        if (start < issuer.NotBefore || start > issuer.NotAfter)
        {
            throw OutsideIssuer(role, issuer, $"start {AttestationChain.Iso(start)}", "Choose a start date inside that window.", "ValidFrom");
        }
        DateTime end = noExpiration ? NoWellDefinedExpiration
            : lifetimeDays is int d ? AddDaysCapped(start, d)
            : issuer.NotAfter;
        string? note = null;
        if (end > issuer.NotAfter)
        {
            if (limit == ValidityLimit.Reject)
            {
                throw OutsideIssuer(role, issuer, $"end {AttestationChain.Iso(end)}", $"Use a shorter lifetime, or none: by default the {role} ends with its issuer.", "Lifetime");
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
            throw OutsideIssuer(role, issuer, $"{(NotAfter <= NotBefore ? "empty " : "")}validity {AttestationChain.Iso(NotBefore)} to {AttestationChain.Iso(NotAfter)}", null, issuer.Source);
        }
    }

    /// <summary>A fixed window (tests, and certificates with no issuer to fit).</summary>
    public static CertificateValidity Fixed(DateTime notBefore, DateTime notAfter) =>
        new(WholeSeconds(notBefore.ToUniversalTime()), WholeSeconds(notAfter.ToUniversalTime()), null);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.ValidityOutsideIssuer"/>: esp-matter-mfg-tool's sentence, which names the
    /// issuer (the PAI for a DAC, the PAA for a PAI), then <c>the &lt;role&gt; &lt;what&gt; is outside the validity of its issuer
    /// '&lt;source&gt;' (&lt;from&gt; to &lt;to&gt;).</c> and the fix. (The reference's own parenthesis, "(from: …, lifetime: … days)",
    /// is replaced by these specifics.)
    /// </summary>
    private static MfgException OutsideIssuer(string role, MatterCertificate issuer, string what, string? fix, object target) =>
        new(ErrorIds.ValidityOutsideIssuer, MfgErrorKind.InvalidArgument,
            $"{(role == "PAI" ? "PAA" : "PAI")} Certificate validity period is outside the specified parameters: the {role} {what} is outside the validity of "
            + $"its issuer '{issuer.Source}' ({AttestationChain.Iso(issuer.NotBefore)} to {AttestationChain.Iso(issuer.NotAfter)})." + (fix == null ? "" : " " + fix), target);

    private static DateTime AddDaysCapped(DateTime start, int days) =>
        (NoWellDefinedExpiration - start).TotalDays <= days ? NoWellDefinedExpiration : start.AddDays(days);

    private static DateTime WholeSeconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
