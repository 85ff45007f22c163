using System;
using System.IO;
using Xunit;

namespace MatterMfg.Tests.SigningKeys;

/// <summary>
/// The SoftHSM test token that .ci/services/softhsm.sh makes (source it to run these tests locally): the module, the
/// token label and the PIN file, from the environment. Objects: pai-key (id 01, the test PAI FFF1/8000's key) and
/// paa-key (id 02, the test PAA FFF1's key), both non-extractable.
/// </summary>
public static class SoftHsm
{
    public static string? Module => Environment.GetEnvironmentVariable("MATTERMFG_TEST_PKCS11_MODULE");

    public static string? Token => Environment.GetEnvironmentVariable("MATTERMFG_TEST_PKCS11_TOKEN");

    public static string? PinFile => Environment.GetEnvironmentVariable("MATTERMFG_TEST_PKCS11_PIN_FILE");

    public static bool Available => Module != null && Token != null && PinFile != null && File.Exists(Module) && File.Exists(PinFile);

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Pin
    {
        get
        {
            Require();
            return File.ReadAllLines(PinFile!)[0];
        }
    }

    /// <summary>A key URI on the test token; with the PIN file as pin-source unless <paramref name="pinSource"/> is false.</summary>
    public static string Uri(string @object = "pai-key", bool pinSource = true, string? token = null)
    {
        Require();
        return $"pkcs11:token={token ?? Token};object={@object}?module-path={Module}" + (pinSource ? $"&pin-source={PinFile}" : "");
    }

    /// <summary>Under CI a missing token is a failure, never a skip.</summary>
    public static void Require()
    {
        if (!Available)
        {
            throw new InvalidOperationException("The SoftHSM test token is not set up (MATTERMFG_TEST_PKCS11_MODULE/TOKEN/PIN_FILE): `source .ci/services/softhsm.sh` (.ci/run does).");
        }
    }
}

/// <summary>A fact that needs the SoftHSM token: skipped, visibly, on a developer machine without it; run (and failing) under CI=true.</summary>
public sealed class SoftHsmFactAttribute : FactAttribute
{
    public SoftHsmFactAttribute()
    {
        if (!SoftHsm.Available && !SoftHsm.UnderCi)
        {
            Skip = "SoftHSM test token not set up: `source .ci/services/softhsm.sh` to run the PKCS#11 tests (CI does; there they fail instead of skipping).";
        }
    }
}
