using System.Globalization;
using System.Text;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;

namespace MatterMfg.Onboarding;

/// <summary>
/// The manual pairing code (connectedhomeip <c>ManualSetupPayloadGenerator</c>/<c>Parser</c>): digit 1 =
/// vid_pid_present&lt;&lt;2 | short discriminator&gt;&gt;2; 5 digits = (short discriminator &amp; 3)&lt;&lt;14 | passcode &amp; 0x3FFF;
/// 4 digits = passcode&gt;&gt;14; for every flow but Standard VID and PID as 5 decimal digits each; then a Verhoeff check digit.
/// </summary>
public static class ManualPairingCode
{
    public const int ShortLength = 11;
    public const int LongLength = 21;

    /// <summary>The digits of <paramref name="payload"/>'s manual code; <paramref name="validate"/> false only for tests of the field packing.</summary>
    public static string Encode(SetupPayload payload, bool validate)
    {
        if (validate)
        {
            payload.Validate(PayloadCheck.ProduceManualCode);
        }
        int shortDisc = payload.ShortDiscriminator;
        bool vidPid = payload.HasVendorProductInManualCode;
        long pin = payload.Passcode;
        var sb = new StringBuilder(LongLength);
        sb.Append(((vidPid ? 4 : 0) | shortDisc >> 2).ToString(CultureInfo.InvariantCulture));
        sb.Append(((shortDisc & 3) << 14 | (int)(pin & 0x3FFF)).ToString("D5", CultureInfo.InvariantCulture));
        sb.Append((pin >> 14).ToString("D4", CultureInfo.InvariantCulture));
        if (vidPid)
        {
            sb.Append(payload.VendorId.ToString("D5", CultureInfo.InvariantCulture));
            sb.Append(payload.ProductId.ToString("D5", CultureInfo.InvariantCulture));
        }
        sb.Append(Verhoeff10.CheckDigit(sb.ToString()));
        return sb.ToString();
    }

    /// <summary>
    /// The form esp-matter-mfg-tool prints on labels and in onb_codes.csv: <c>DDDD-DDD-DDDD</c>, and for 21 digits a
    /// second line <c>DDDD-DDD-DD-D</c> after a line feed.
    /// </summary>
    public static string Format(string digits)
    {
        string first = $"{digits.Substring(0, 4)}-{digits.Substring(4, 3)}-{digits.Substring(7, 4)}";
        return digits.Length == ShortLength ? first
            : $"{first}\n{digits.Substring(11, 4)}-{digits.Substring(15, 3)}-{digits.Substring(18, 2)}-{digits.Substring(20, 1)}";
    }

    /// <summary>
    /// Decodes a manual code. Dashes, spaces and line breaks are ignored (printed codes have them). The result has the
    /// short discriminator, no discovery capabilities, and the flow Standard (11 digits) or Custom (21 digits: the code
    /// does not say which non-standard flow).
    /// </summary>
    public static SetupPayload Decode(string text, bool validate = true)
    {
        var sb = new StringBuilder();
        foreach (char c in text ?? "")
        {
            if (c >= '0' && c <= '9')
            {
                sb.Append(c);
            }
            else if (c != '-' && c != ' ' && c != '\n' && c != '\r')
            {
                throw Bad(ErrorIds.ManualCodeCharacterInvalid, text, $"'{c}' is not a digit; a manual code has 11 or 21 digits (dashes are ignored).");
            }
        }
        string d = sb.ToString();
        if (d.Length != ShortLength && d.Length != LongLength)
        {
            throw LengthWrong(text, d.Length, null);
        }
        int first = d[0] - '0';
        if (first > 7)
        {
            throw Bad(ErrorIds.ManualCodeVersionInvalid, text, $"the first digit is {first}; it is at most 7 (the version bit must be 0).");
        }
        bool vidPid = (first & 4) != 0;
        if (vidPid != (d.Length == LongLength))
        {
            throw LengthWrong(text, d.Length, first);
        }
        if (!Verhoeff10.IsValid(d))
        {
            throw Bad(ErrorIds.ManualCodeCheckDigitInvalid, text, $"the check digit is {d[d.Length - 1]}, the digits before it give {Verhoeff10.CheckDigit(d.Substring(0, d.Length - 1))}; the code is mistyped.");
        }
        int chunk2 = Number(d, 1, 5);
        int chunk3 = Number(d, 6, 4);
        if (chunk2 > 0xFFFF)
        {
            throw FieldTooLarge(text, "digits 2..6", chunk2, 0xFFFF);
        }
        if (chunk3 > 0x1FFF)
        {
            throw FieldTooLarge(text, "digits 7..10", chunk3, 0x1FFF);
        }
        var p = new SetupPayload
        {
            HasShortDiscriminator = true,
            Discriminator = (first & 3) << 2 | chunk2 >> 14,
            Passcode = (long)chunk3 << 14 | (uint)(chunk2 & 0x3FFF),
            CommissioningFlow = vidPid ? CommissioningFlow.Custom : CommissioningFlow.Standard,
        };
        if (vidPid)
        {
            p.VendorId = Number(d, 10, 5);
            p.ProductId = Number(d, 15, 5);
            if (p.VendorId > 0xFFFF)
            {
                throw FieldTooLarge(text, "digits 11..15 (the vendor id)", p.VendorId, 0xFFFF);
            }
            if (p.ProductId > 0xFFFF)
            {
                throw FieldTooLarge(text, "digits 16..20 (the product id)", p.ProductId, 0xFFFF);
            }
        }
        if (p.Passcode == 0)
        {
            throw SetupPasscode.Invalid(0, "ManualCode");
        }
        if (validate)
        {
            p.Validate(PayloadCheck.ParsedManualCode);
        }
        return p;
    }

    private static int Number(string d, int start, int length) => int.Parse(d.Substring(start, length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.ManualCodeLengthInvalid"/>: <c>ManualCode: the code has N digits; a manual code
    /// has 11 or 21 | the first digit F says VID and PID follow (21 digits) | … there is no VID and PID (11 digits).</c>
    /// </summary>
    private static MfgException LengthWrong(string? text, int digits, int? first) =>
        Bad(ErrorIds.ManualCodeLengthInvalid, text, $"the code has {digits} digits; " + (first switch
        {
            null => $"a manual code has {ShortLength} or {LongLength}.",
            int f when (f & 4) != 0 => $"the first digit {f} says VID and PID follow ({LongLength} digits).",
            int f => $"the first digit {f} says there is no VID and PID ({ShortLength} digits).",
        }));

    /// <summary>The one wording of <see cref="ErrorIds.ManualCodeFieldInvalid"/>: <c>ManualCode: &lt;digits&gt; hold N, more than M, the largest value they can hold.</c></summary>
    private static MfgException FieldTooLarge(string? text, string digits, long value, long max) =>
        Bad(ErrorIds.ManualCodeFieldInvalid, text, $"{digits} hold {value}, more than {max}, the largest value they can hold.");

    private static MfgException Bad(string errorId, string? text, string reason) =>
        new(errorId, MfgErrorKind.InvalidArgument, $"ManualCode: {reason}", text);
}
