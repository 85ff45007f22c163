using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Nvs;
using MatterMfg.Onboarding;

namespace MatterMfg.EndOfLine;

/// <summary>
/// The end-of-line check of a factory partition: what a commissioner and the ESP32 firmware (connectedhomeip's
/// ESP32FactoryDataProvider) will need from the <c>chip-factory</c> namespace, rule by rule. Each rule reports
/// Passed, Failed with the reason, or Skipped when the input it needs was not given.
/// </summary>
public static partial class FactoryImageInspector
{
    public const string Namespace = "chip-factory";

    private enum FirmwareType { U32, String, Blob }

    // The firmware's read call for each key (vectors/matter/esp32_factory_nvs_keys.csv): nvs_get_u32, nvs_get_str, nvs_get_blob.
    private static readonly Dictionary<string, FirmwareType> KeyTypes = new(StringComparer.Ordinal)
    {
        ["discriminator"] = FirmwareType.U32, ["iteration-count"] = FirmwareType.U32, ["vendor-id"] = FirmwareType.U32,
        ["product-id"] = FirmwareType.U32, ["hardware-ver"] = FirmwareType.U32, ["product-finish"] = FirmwareType.U32,
        ["product-color"] = FirmwareType.U32, ["cal-types"] = FirmwareType.U32, ["locale-sz"] = FirmwareType.U32,
        ["salt"] = FirmwareType.String, ["verifier"] = FirmwareType.String, ["vendor-name"] = FirmwareType.String,
        ["product-name"] = FirmwareType.String, ["product-label"] = FirmwareType.String, ["product-url"] = FirmwareType.String,
        ["part-number"] = FirmwareType.String, ["hw-ver-str"] = FirmwareType.String, ["serial-num"] = FirmwareType.String,
        ["mfg-date"] = FirmwareType.String,
        ["dac-cert"] = FirmwareType.Blob, ["dac-key"] = FirmwareType.Blob, ["dac-pub-key"] = FirmwareType.Blob,
        ["pai-cert"] = FirmwareType.Blob, ["cert-dclrn"] = FirmwareType.Blob, ["rd-id-uid"] = FirmwareType.Blob,
    };

    // Indexed keys (KeyAllocator in ESP32Config): locale/<i>, fl-sz/<ep>, fl-k/<ep>/<i>, ... with hex indices.
    private static readonly (Regex Pattern, FirmwareType Type)[] IndexedKeyTypes =
    {
        (new Regex("^locale/[0-9a-f]+$"), FirmwareType.String),
        (new Regex("^fl-sz/[0-9a-f]+$"), FirmwareType.U32),
        (new Regex("^fl-[kv]/[0-9a-f]+/[0-9a-f]+$"), FirmwareType.String),
        (new Regex("^sm-sz/[0-9a-f]+$"), FirmwareType.U32),
        (new Regex("^sm-label/[0-9a-f]+/[0-9a-f]+$"), FirmwareType.String),
        (new Regex("^(sm-mode|sm-st-sz)/[0-9a-f]+/[0-9a-f]+$"), FirmwareType.U32),
        (new Regex("^(st-v|st-mfg)/[0-9a-f]+/[0-9a-f]+/[0-9a-f]+$"), FirmwareType.U32),
    };

    private static readonly string[] CommissioningKeys = { "discriminator", "iteration-count", "salt", "verifier" };
    private static readonly string[] AttestationKeys = { "dac-cert", "dac-key", "dac-pub-key", "pai-cert", "cert-dclrn" };
    private static readonly string[] IdentityKeys = { "vendor-id", "product-id" };

    /// <summary>Checks a decoded partition. Never throws for a bad image: every problem is a failed rule.</summary>
    public static FactoryImageReport Inspect(NvsImage image, FactoryImageExpectations expect)
    {
        var keys = new Dictionary<string, NvsEntry>(StringComparer.Ordinal);
        foreach (var e in image.Entries.Where(e => e.Namespace == Namespace))
        {
            keys[e.Key] = e;
        }
        var c = new Context(keys, expect);
        c.CheckKeysAndTypes();
        c.CheckCommissioning();
        c.CheckIdentity();
        c.CheckAttestation();
        c.CheckRotatingDeviceId();
        c.CheckOnboardingCodes();
        return new FactoryImageReport(c.Results, c.String("serial-num"), c.U32("vendor-id"), c.U32("product-id"), c.U32("discriminator"),
            c.DacSerial, c.DacSha256);
    }

    private sealed partial class Context
    {
        private readonly Dictionary<string, NvsEntry> _keys;
        private readonly FactoryImageExpectations _expect;
        private byte[]? _salt;
        private int? _iterations;
        private byte[]? _verifier;

        public Context(Dictionary<string, NvsEntry> keys, FactoryImageExpectations expect)
        {
            _keys = keys;
            _expect = expect;
        }

        public List<FactoryImageCheck> Results { get; } = new();

        public string? DacSerial { get; set; }

        public string? DacSha256 { get; set; }

        public void Pass(string name, string message) => Results.Add(new FactoryImageCheck(name, CheckOutcome.Passed, message));

        public void Fail(string name, string message) => Results.Add(new FactoryImageCheck(name, CheckOutcome.Failed, message));

        public void Skip(string name, string message) => Results.Add(new FactoryImageCheck(name, CheckOutcome.Skipped, message));

        public int? U32(string key) =>
            _keys.TryGetValue(key, out var e) && e.Type == NvsType.U32 ? (int?)(uint)e.Value : null;

        public string? String(string key) =>
            _keys.TryGetValue(key, out var e) && e.Type == NvsType.String ? (string)e.Value : null;

        public byte[]? Blob(string key) =>
            _keys.TryGetValue(key, out var e) && (e.Type == NvsType.Blob || e.Type == NvsType.BlobData) ? e.Data.ToArray() : null;

        public void CheckKeysAndTypes()
        {
            var required = new List<string>(IdentityKeys);
            required.AddRange(CommissioningKeys.Where(k => !(k == "verifier" && _expect.DynamicPasscode)));
            if (!_expect.DacElsewhere)
            {
                required.AddRange(AttestationKeys);
            }
            var missing = required.Where(k => !_keys.ContainsKey(k)).ToList();
            if (missing.Count == 0)
            {
                Pass("RequiredKeys", $"all {required.Count} keys the firmware needs are present");
            }
            else
            {
                Fail("RequiredKeys", "missing key(s): " + string.Join(", ", missing));
            }

            var wrong = new List<string>();
            foreach (var e in _keys.Values)
            {
                FirmwareType? want = KeyTypes.TryGetValue(e.Key, out var t) ? t : IndexedKeyTypes.Where(p => p.Pattern.IsMatch(e.Key)).Select(p => (FirmwareType?)p.Type).FirstOrDefault();
                if (want is { } w && !Matches(w, e.Type))
                {
                    wrong.Add($"{e.Key} is {NvsEntry.TypeName(e.Type)}, the firmware reads {w.ToString().ToLowerInvariant()}");
                }
            }
            if (wrong.Count == 0)
            {
                Pass("KeyTypes", "every known chip-factory key has the type the firmware reads");
            }
            else
            {
                Fail("KeyTypes", string.Join("; ", wrong));
            }
        }

        private static bool Matches(FirmwareType want, NvsType have) => want switch
        {
            FirmwareType.U32 => have == NvsType.U32,
            FirmwareType.String => have == NvsType.String,
            _ => have == NvsType.Blob || have == NvsType.BlobData,
        };

        public void CheckCommissioning()
        {
            var problems = new List<string>();
            int? disc = U32("discriminator");
            if (disc is > SetupDiscriminator.Max)
            {
                problems.Add($"discriminator {disc} is over {SetupDiscriminator.Max} (12 bits)");
            }
            _iterations = U32("iteration-count");
            if (_iterations is { } it && (it < Spake2pVerifier.MinIterations || it > Spake2pVerifier.MaxIterations))
            {
                problems.Add($"iteration-count {it} is outside {Spake2pVerifier.MinIterations}..{Spake2pVerifier.MaxIterations}");
                _iterations = null;
            }
            _salt = Base64("salt", problems);
            if (_salt != null && (_salt.Length < Spake2pVerifier.MinSaltLength || _salt.Length > Spake2pVerifier.MaxSaltLength))
            {
                problems.Add($"salt is {_salt.Length} bytes, SPAKE2+ needs {Spake2pVerifier.MinSaltLength}..{Spake2pVerifier.MaxSaltLength}");
                _salt = null;
            }
            if (!_expect.DynamicPasscode)
            {
                _verifier = Base64("verifier", problems);
                if (_verifier != null && _verifier.Length != Spake2pVerifier.Length)
                {
                    problems.Add($"verifier is {_verifier.Length} bytes, not {Spake2pVerifier.Length}");
                    _verifier = null;
                }
            }
            if (problems.Count == 0)
            {
                Pass("CommissioningData", "discriminator, salt, iteration count and verifier are well-formed");
            }
            else
            {
                Fail("CommissioningData", string.Join("; ", problems));
            }

            if (_expect.DynamicPasscode)
            {
                Skip("Verifier", "dynamic passcode: the firmware computes the verifier");
            }
            else if (_expect.Passcode is not { } passcode)
            {
                Skip("Verifier", "no passcode known for this device (give -Passcode, or a manifest with the device's output folder)");
            }
            else if (_verifier == null || _salt == null || _iterations == null)
            {
                Fail("Verifier", "the verifier cannot be checked: salt, iteration count or verifier is missing or malformed");
            }
            else if (!SetupPasscode.IsValid(passcode))
            {
                Fail("Verifier", "the known passcode is not a valid Matter passcode");
            }
            else if (Spake2pVerifier.Verify(_verifier, passcode, _salt, _iterations.Value))
            {
                Pass("Verifier", "the verifier matches the device's passcode, salt and iteration count");
            }
            else
            {
                Fail("Verifier", "the verifier does not match the device's passcode with this salt and iteration count");
            }
        }

        private byte[]? Base64(string key, List<string> problems)
        {
            string? text = String(key);
            if (text == null)
            {
                return null;
            }
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                problems.Add($"{key} is not valid base64");
                return null;
            }
        }

        public void CheckIdentity()
        {
            var problems = new List<string>();
            int? vid = U32("vendor-id"), pid = U32("product-id");
            if (_expect.VendorId is { } ev && vid != ev)
            {
                problems.Add($"vendor-id is {Hex(vid)}, expected 0x{ev:X4}");
            }
            if (_expect.ProductId is { } ep && pid != ep)
            {
                problems.Add($"product-id is {Hex(pid)}, expected 0x{ep:X4}");
            }
            if (_expect.VendorId == null && _expect.ProductId == null)
            {
                Skip("VendorProduct", "no expected VID/PID given");
            }
            else if (problems.Count == 0)
            {
                Pass("VendorProduct", $"VID {Hex(vid)} PID {Hex(pid)} as expected");
            }
            else
            {
                Fail("VendorProduct", string.Join("; ", problems));
            }
        }

        public static string Hex(int? v) => v is { } x ? "0x" + x.ToString("X4", CultureInfo.InvariantCulture) : "(absent)";

        public void CheckRotatingDeviceId()
        {
            byte[]? uid = Blob("rd-id-uid");
            if (uid == null)
            {
                Skip("RotatingDeviceIdUniqueId", "no rd-id-uid in the partition");
                return;
            }
            try
            {
                RotatingDeviceId.CheckUniqueId(uid);
                Pass("RotatingDeviceIdUniqueId", $"rd-id-uid is {uid.Length} bytes");
            }
            catch (MfgException e)
            {
                Fail("RotatingDeviceIdUniqueId", e.Message);
            }
        }

        public void CheckOnboardingCodes()
        {
            if (_expect.QrCode == null && _expect.ManualCode == null)
            {
                Skip("OnboardingCodes", "no QR code or manual code given");
                return;
            }
            var problems = new List<string>();
            int? disc = U32("discriminator"), vid = U32("vendor-id"), pid = U32("product-id");
            var passcodes = new List<long>();
            if (_expect.QrCode != null)
            {
                try
                {
                    var p = SetupPayload.ParseQrCode(_expect.QrCode);
                    passcodes.Add(p.Passcode);
                    if (p.Discriminator != disc) problems.Add($"the QR code's discriminator {p.Discriminator} is not the partition's {disc}");
                    if (p.VendorId != vid) problems.Add($"the QR code's VID {Hex(p.VendorId)} is not the partition's {Hex(vid)}");
                    if (p.ProductId != pid) problems.Add($"the QR code's PID {Hex(p.ProductId)} is not the partition's {Hex(pid)}");
                }
                catch (MfgException e)
                {
                    problems.Add("the QR code does not decode: " + e.Message);
                }
            }
            if (_expect.ManualCode != null)
            {
                try
                {
                    var p = SetupPayload.ParseManualCode(_expect.ManualCode);
                    passcodes.Add(p.Passcode);
                    if (disc is { } d && p.ShortDiscriminator != SetupDiscriminator.ToShort((ushort)d)) problems.Add($"the manual code's short discriminator {p.ShortDiscriminator} does not match discriminator {d}");
                    if (p.HasVendorProductInManualCode && (p.VendorId != vid || p.ProductId != pid)) problems.Add("the manual code's VID/PID are not the partition's");
                }
                catch (MfgException e)
                {
                    problems.Add("the manual code does not decode: " + e.Message);
                }
            }
            if (passcodes.Distinct().Count() > 1)
            {
                problems.Add("the QR code and the manual code carry different passcodes");
            }
            if (_expect.Passcode is { } known && passcodes.Any(x => x != known))
            {
                problems.Add("the codes' passcode is not the device's passcode");
            }
            else if (_expect.Passcode == null && passcodes.Count > 0 && _verifier != null && _salt != null && _iterations != null
                && SetupPasscode.IsValid(passcodes[0]) && !Spake2pVerifier.Verify(_verifier, (uint)passcodes[0], _salt, _iterations.Value))
            {
                problems.Add("the codes' passcode does not match the partition's verifier");
            }
            if (problems.Count == 0)
            {
                Pass("OnboardingCodes", "the onboarding codes carry this partition's discriminator, VID/PID and passcode");
            }
            else
            {
                Fail("OnboardingCodes", string.Join("; ", problems));
            }
        }
    }
}
