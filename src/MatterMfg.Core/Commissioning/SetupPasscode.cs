using System;
using System.Collections.Generic;
using System.Globalization;
using MatterMfg.Diagnostics;

namespace MatterMfg.Commissioning;

/// <summary>
/// The setup passcode (PIN) rules of Matter 5.1.7.1, as connectedhomeip's <c>IsValidSetupPIN</c> applies them:
/// 1..99999998 and none of the trivially guessable values.
/// </summary>
public static class SetupPasscode
{
    public const uint Min = 1;
    public const uint Max = 99999998;

    /// <summary>
    /// The range of a passcode as users give it (eight decimal digits): outside 0..FieldMax an option, parameter or CSV
    /// cell is NumberOutOfRange; inside it, 00000000 and 99999999 are among the values Matter forbids (PasscodeInvalid),
    /// as the reference reports <c>--passcode 0</c> ("Invalid passcode 0").
    /// </summary>
    public const uint FieldMax = 99999999;

    private static readonly uint[] Disallowed =
    {
        0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999, 12345678, 87654321,
    };

    /// <summary>The values the specification forbids (all inside or at the edges of the 0..99999999 range).</summary>
    public static IReadOnlyList<uint> DisallowedValues => Disallowed;

    /// <summary>The number of valid passcodes (what a unique batch can hold).</summary>
    public static long ValidCount => Max - Min + 1 - (Disallowed.Length - 2);

    public static bool IsValid(long passcode) =>
        passcode >= Min && passcode <= Max && Array.IndexOf(Disallowed, (uint)passcode) < 0;

    /// <summary>
    /// Throws a PasscodeInvalid error naming <paramref name="field"/> when <paramref name="passcode"/> is not valid: the
    /// domain rule, also for a passcode decoded from a code (whose 27-bit field holds up to 134217727). A passcode a user
    /// gives is range-checked where it is read (0..<see cref="FieldMax"/>, NumberOutOfRange) before it gets here.
    /// </summary>
    public static void Check(long passcode, string field = "Passcode")
    {
        if (!IsValid(passcode))
        {
            throw Invalid(passcode, field);
        }
    }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.PasscodeInvalid"/>: <c>&lt;field&gt;: &lt;passcode&gt; is not allowed as a
    /// setup passcode (a setup passcode is 1..99999998 | Matter forbids 00000000, …).</c> The field is left out where a frame around the message names it
    /// (a row of a device list).
    /// </summary>
    public static MfgException Invalid(long passcode, string? field)
    {
        string why = passcode < Min || passcode > Max
            ? $"a setup passcode is {Min}..{Max}"
            : $"Matter forbids {string.Join(", ", Array.ConvertAll(Disallowed, d => d.ToString("D8", CultureInfo.InvariantCulture)))}";
        string shown = passcode >= 0 && passcode <= Max ? passcode.ToString("D8", CultureInfo.InvariantCulture) : passcode.ToString(CultureInfo.InvariantCulture);
        return new(ErrorIds.PasscodeInvalid, MfgErrorKind.InvalidArgument, $"{(field == null ? "" : field + ": ")}{shown} is not allowed as a setup passcode ({why}).", field);
    }

    /// <summary>A passcode drawn uniformly over the valid values from the CSPRNG. Thread-safe.</summary>
    public static uint New()
    {
        while (true)
        {
            uint p = Min + CommissioningRandom.Below(Max - Min + 1);
            if (IsValid(p))
            {
                return p;
            }
        }
    }

    /// <summary><paramref name="count"/> passcodes; with <paramref name="unique"/> no two are equal.</summary>
    public static uint[] New(int count, bool unique) => CommissioningRandom.Batch(count, unique, ValidCount, "Passcode", New);
}
