using MatterMfg.Diagnostics;
using MatterMfg.Factory;

namespace MatterMfg.Cli;

/// <summary>
/// The "never ignored" rules that need to know which options were typed, not only their values (a default
/// <c>-cf 0</c> and a typed one look the same in <see cref="FactoryOptions"/>): an option the run would not carry out is
/// refused with <see cref="ErrorIds.OptionWithoutEffect"/>, as <see cref="FactoryValidation"/> does for the others.
/// </summary>
public static class GivenOptionRules
{
    /// <summary>Throws <see cref="MfgException"/> for the first typed option this combination would ignore.</summary>
    public static void Check(MfgToolArguments parsed)
    {
        var o = parsed.Options;
        if (parsed.Given.Contains("--cn-prefix") && o.Attestation != AttestationMode.Paa)
        {
            throw Ignored("--cn-prefix",
                "-cn/--cn-prefix names the PAI that --paa makes from the PAA, and this run makes none (no --paa; DACs are always named by their device id). Drop -cn.");
        }
        if (o.NoBin && parsed.Given.Contains("--size"))
        {
            throw Ignored("--size", "-s/--size sets the size of the NVS image, and --no-bin writes no image. Drop one of them.");
        }
        if (o.SerialNumber != null && parsed.SerialNumberFormat != null)
        {
            throw Ignored("--serial-num-format",
                "--serial-num gives the one device its serial number and --serial-num-format numbers the devices from the manifest's counter: one of them would be ignored. Give one.");
        }
        if (o.EnableDynamicPasscode)
        {
            foreach (var (option, shortName) in new[] { ("--commissioning-flow", "-cf"), ("--discovery-mode", "-dm") })
            {
                if (parsed.Given.Contains(option))
                {
                    throw Ignored(option,
                        $"{shortName}/{option} goes into the onboarding codes (QR code and manual code), and --enable-dynamic-passcode makes none. Drop one of them.");
                }
            }
        }
    }

    private static MfgException Ignored(string option, string message) => FactoryValidation.OptionWithoutEffect(option, message);
}
