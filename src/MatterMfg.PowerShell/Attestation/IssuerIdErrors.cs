using MatterMfg.Diagnostics;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>
/// The one wording of <see cref="ErrorIds.VendorIdRequired"/> and <see cref="ErrorIds.ProductIdRequired"/> for the
/// certificate cmdlets that take an id from their issuer when none is given: <c>-VendorId is required: the PAA does not
/// carry one.</c>
/// </summary>
internal static class IssuerIdErrors
{
    public static MfgException VendorIdRequired(string issuer) => Required(ErrorIds.VendorIdRequired, "VendorId", issuer);

    public static MfgException ProductIdRequired(string issuer) => Required(ErrorIds.ProductIdRequired, "ProductId", issuer);

    private static MfgException Required(string errorId, string parameter, string issuer) =>
        new(errorId, MfgErrorKind.InvalidArgument, $"-{parameter} is required: the {issuer} does not carry one.", parameter);
}
