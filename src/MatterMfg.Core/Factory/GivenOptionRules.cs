using MatterMfg.Diagnostics;

namespace MatterMfg.Factory;

/// <summary>
/// The "never ignored" rules that need to know which options were typed, not only their values (a default
/// <c>-cf 0</c> and a typed one look the same in <see cref="FactoryOptions"/>): an option the run would not carry out is
/// refused with <see cref="ErrorIds.OptionWithoutEffect"/>, as <see cref="FactoryValidation"/> does for the others. The
/// front ends say what was typed (<see cref="FactoryBatchSettings.Given"/>) and how they name it
/// (<see cref="FactoryBatchSettings.OptionName"/>); <see cref="FactoryBatch"/> applies the rules, so <c>mattermfg</c>
/// and New-MatterFactoryImage refuse the same combinations.
/// </summary>
internal static class GivenOptionRules
{
    /// <summary>Throws <see cref="MfgException"/> for the first typed option this combination would ignore.</summary>
    public static void Check(FactoryBatchSettings s)
    {
        var o = s.Options;
        string N(string option) => s.OptionName(option);
        if (s.Given("cn-prefix") && o.Attestation != AttestationMode.Paa)
        {
            throw Ignored(N("cn-prefix"),
                $"{N("cn-prefix")} names the PAI that {N("paa")} makes from the PAA, and this run makes none (no {N("paa")}; DACs are always named by their device id). Drop {N("cn-prefix")}.");
        }
        if (o.NoBin && s.Given("size"))
        {
            throw Ignored(N("size"), $"{N("size")} sets the size of the NVS image, and {N("no-bin")} writes no image. Drop one of them.");
        }
        if (o.SerialNumber != null && s.SerialNumberFormat != null)
        {
            throw Ignored(N("serial-num-format"),
                $"{N("serial-num")} gives the one device its serial number and {N("serial-num-format")} numbers the devices from the manifest's counter: one of them would be ignored. Give one.");
        }
        if (o.EnableDynamicPasscode)
        {
            foreach (string option in new[] { "commissioning-flow", "discovery-mode" })
            {
                if (s.Given(option))
                {
                    throw Ignored(N(option),
                        $"{N(option)} goes into the onboarding codes (QR code and manual code), and {N("enable-dynamic-passcode")} makes none. Drop one of them.");
                }
            }
        }
    }

    private static MfgException Ignored(string option, string message) => FactoryValidation.OptionWithoutEffect(option, message);
}
