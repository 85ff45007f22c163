using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Text;

namespace MatterMfg.Factory;

/// <summary>
/// The reference's option checks (§1.3 of the reference notes), in its order, with its meaning, plus the checks it
/// misses: passcode range, salt length, discriminator 0 honoured, the secure-cert combinations that crash it after
/// partial output.
/// </summary>
public static class FactoryValidation
{
    /// <summary>True for 1..99999998 except the trivial values the Matter specification forbids.</summary>
    public static bool IsValidPasscode(long p) => Commissioning.SetupPasscode.IsValid(p);

    /// <summary>Throws the first problem found, as an <see cref="MfgException"/> naming the option.</summary>
    public static void Validate(FactoryOptions o)
    {
        bool csv = o.ExtraKeyCsvPath != null, mcsv = o.PerDeviceCsvPath != null;
        Check(csv == mcsv, ErrorIds.ExtraCsvPairIncomplete, "--csv", "csv and mcsv should be both present or none.");
        if (o.Discriminator is long d)
        {
            NumberText.Check(d, "--discriminator", 0, Commissioning.SetupDiscriminator.Max);
        }
        if (o.Passcode is long p)
        {
            NumberText.Check(p, "--passcode", 0, Commissioning.SetupPasscode.FieldMax);
            Commissioning.SetupPasscode.Check(p, "--passcode");
        }
        if (o.CommissioningFlow < 0 || o.CommissioningFlow > 2)
        {
            throw Onboarding.SetupPayload.CommissioningFlowInvalid(o.CommissioningFlow, "--commissioning-flow");
        }
        Check(o.DiscoveryMode == 2 || o.DiscoveryMode == 4 || o.DiscoveryMode == 6, ErrorIds.DiscoveryModeInvalid, "--discovery-mode",
            $"Discovery mode {o.DiscoveryMode} is not 2 (BLE), 4 (on-network) or 6 (both).");
        NumberText.Check(o.ProductId, "--product-id", 0, 0xFFFF);
        NumberText.Check(o.VendorId, "--vendor-id", 0, 0xFFFF);
        if (o.HardwareVersion is long hw)
        {
            NumberText.Check(hw, "--hw-ver", 0, 0xFFFF);
        }
        NumberText.Check(o.Count, "--count", 1, FactoryOptions.MaxCount);
        Check(FactoryEnums.Targets.Contains(o.Target, StringComparer.OrdinalIgnoreCase), ErrorIds.TargetUnknown, "--target",
            $"Target '{o.Target}' is not one of {string.Join(", ", FactoryEnums.Targets)}.");
        CheckSerialNumber(o.SerialNumber, "--serial-num");
        CheckDeviceInstanceValue("vendor-name", o.VendorName, "--vendor-name");
        CheckDeviceInstanceValue("product-name", o.ProductName, "--product-name");
        CheckDeviceInstanceValue("hw-ver-str", o.HardwareVersionString, "--hw-ver-str");
        CheckDeviceInstanceValue("mfg-date", o.ManufacturingDate, "--mfg-date");
        if (o.RotatingDeviceIdUniqueId != null)
        {
            if (!IsHex(o.RotatingDeviceIdUniqueId, 32))
            {
                throw RotatingDeviceIdUniqueIdInvalid(o.RotatingDeviceIdUniqueId, "--rd-id-uid");
            }
        }
        CheckDeviceInstanceValue("part-number", o.PartNumber, "--part-number");
        if (o.ProductFinish != null)
        {
            Check(FactoryEnums.ProductFinishes.Contains(o.ProductFinish), ErrorIds.ProductFinishInvalid, "--product-finish",
                $"Product finish '{o.ProductFinish}' is not one of {string.Join(", ", FactoryEnums.ProductFinishes)}.");
        }
        if (o.ProductColor != null)
        {
            Check(FactoryEnums.ProductColors.Contains(o.ProductColor), ErrorIds.ProductColorInvalid, "--product-color",
                $"Product color '{o.ProductColor}' is not one of {string.Join(", ", FactoryEnums.ProductColors)}.");
        }
        if (o.CalendarTypes != null)
        {
            FactorySchema.CalendarMask(o.CalendarTypes);
        }
        if (o.FixedLabels != null)
        {
            FactorySchema.FixedLabelKeys(o.FixedLabels);
        }
        if (o.SupportedModes != null)
        {
            FactorySchema.SupportedModeKeys(o.SupportedModes);
        }

        bool dacCert = o.DacCertificatePath != null, dacKey = o.DacKeyPath != null;
        if (dacCert != dacKey)
        {
            throw DacPairIncomplete(dacCert ? "--dac-key" : "--dac-cert");
        }
        Check(!dacCert || o.Attestation == AttestationMode.Pai, ErrorIds.DacNeedsPai, "--dac-cert", "Please provide PAI certificate along with DAC certificate and DAC key (--pai -c <PAI>).");
        if (o.Attestation == AttestationMode.Pai || o.Attestation == AttestationMode.Paa)
        {
            if (o.CertificatePath == null || (o.KeyPath == null && !dacCert))
            {
                throw CaCredentialsMissing(o.CertificatePath == null ? "--cert" : "--key");
            }
        }
        if (o.DsPeripheral)
        {
            Check(string.Equals(o.Target, "esp32h2", StringComparison.OrdinalIgnoreCase), ErrorIds.DsPeripheralTarget, "--ds-peripheral", "DS peripheral is only supported for esp32h2 target.");
            Check(o.EfuseKeyId >= 0, ErrorIds.EfuseKeyIdRequired, "--efuse-key-id", $"--efuse-key-id <value> is required when -ds or --ds-peripheral option is used.");
        }
        NumberText.Check(o.EfuseKeyId, "--efuse-key-id", -1, 5);
        Check(o.EfuseKeyId < 0 || o.DsPeripheral, ErrorIds.EfuseKeyIdWithoutDs, "--efuse-key-id",
            $"either both or none of ds-peripheral and efuse-key-id must be provided: --efuse-key-id {o.EfuseKeyId} names the eFuse key block of the DS peripheral, and there is no -ds. Add -ds (with --dac-in-secure-cert and --target esp32h2), or drop --efuse-key-id.");
        // The reference's rule (it applies with or without -ds), then what mattermfg does with a port: nothing, so it refuses it.
        Check(o.Port == null || o.Count == 1, ErrorIds.PortWithManyDevices, "--port",
            $"Port not specified or number of partitions count is greater than 1: --port names the one device whose DS eFuse key is burnt, and -n is {o.Count}.");
        Check(o.Port == null, ErrorIds.PortNotSupported, "--port", PortNotSupportedMessage(o));
        CheckDeviceInstanceValue("product-label", o.ProductLabel, "--product-label");
        CheckDeviceInstanceValue("product-url", o.ProductUrl, "--product-url");
        NumberText.Check(o.IterationCount, "--iteration-count", Commissioning.Spake2pVerifier.MinIterations, Commissioning.Spake2pVerifier.MaxIterations);

        bool salt = o.Salt != null, verifier = o.Verifier != null;
        // As the reference: neither, or both (a salt alone would have the verifier computed, which the reference refuses).
        Check(salt == verifier, ErrorIds.SaltVerifierPair, salt ? "--verifier" : "--salt",
            $"--salt and --verifier must be provided together: {(salt ? "--salt was given without --verifier" : "--verifier was given without --salt")}. Give both (with --passcode), or neither to have them generated.");
        if (verifier)
        {
            Check(o.Passcode != null, ErrorIds.SaltVerifierNeedPasscode, "--passcode", "--passcode is required when --salt and --verifier are provided.");
        }
        Check(!(salt && o.EnableDynamicPasscode), ErrorIds.SaltWithDynamicPasscode, "--salt", "--salt and --verifier cannot be used with --enable-dynamic-passcode.");
        if (salt)
        {
            byte[] s = DecodeBase64(o.Salt!, "--salt");
            if (s.Length < Spake2pVerifier.MinSaltLength || s.Length > Spake2pVerifier.MaxSaltLength)
            {
                throw Spake2pVerifier.SaltLengthWrong(s.Length, "--salt");
            }
        }
        if (verifier)
        {
            byte[] v = DecodeBase64(o.Verifier!, "--verifier");
            if (v.Length != Spake2pVerifier.Length)
            {
                throw Spake2pVerifier.VerifierLengthWrong(v.Length, "--verifier");
            }
        }
        bool single = o.Discriminator != null || o.Passcode != null || dacKey || o.SerialNumber != null || o.RotatingDeviceIdUniqueId != null || salt || verifier;
        Check(!single || o.Count == 1 || mcsv, ErrorIds.CountMustBeOne, "--count",
            "Number of partitions should be 1 when discriminator or passcode or DAC or serial number or rotating device id or salt or verifier is present.");
        bool anyInSc = o.CommissionableDataInSecureCert || o.RotatingDeviceIdUniqueIdInSecureCert;
        Check(!anyInSc || (o.DacInSecureCert && o.CommissionableDataInSecureCert && o.RotatingDeviceIdUniqueIdInSecureCert), ErrorIds.SecureCertFlagsIncomplete, "--dac-in-secure-cert",
            "If --commissionable-data-in-secure-cert or --rd-id-uid-in-secure-cert is provided, then --dac-in-secure-cert, --commissionable-data-in-secure-cert, and --rd-id-uid-in-secure-cert are mandatory.");
        bool anySecureCert = anyInSc || o.DacInSecureCert;
        Check(!(anySecureCert && o.Attestation == AttestationMode.None), ErrorIds.SecureCertNeedsAttestation, o.DacInSecureCert ? "--dac-in-secure-cert" : "--commissionable-data-in-secure-cert",
            "The secure-cert partition is built with the DAC: --dac-in-secure-cert, --commissionable-data-in-secure-cert and --rd-id-uid-in-secure-cert need --pai, --paa or --test-pki (without them no secure-cert partition is made and the flags would be ignored).");
        Check(!(anySecureCert && o.NoSecureCertBin), ErrorIds.SecureCertDataWithoutSecureCert, "--no-secure-cert-bin",
            "--no-secure-cert-bin cannot be combined with --dac-in-secure-cert, --commissionable-data-in-secure-cert or --rd-id-uid-in-secure-cert: they put data in the secure-cert partition that --no-secure-cert-bin suppresses. Drop one or the other.");
        Check(!(o.CommissionableDataInSecureCert && o.EnableDynamicPasscode), ErrorIds.SecureCertDynamicPasscode, "--enable-dynamic-passcode",
            "--commissionable-data-in-secure-cert needs a verifier, which --enable-dynamic-passcode does not produce.");
        NumberText.Check(o.PartitionSize, "--size", 0, FactoryOptions.MaxPartitionSize);
        Nvs.NvsPartitionSize.Check(o.PartitionSize);
        CheckWithoutEffect(o);
        if (o.LifetimeDays is int days)
        {
            NumberText.Check(days, "--lifetime", 1, int.MaxValue);
        }
    }

    /// <summary>
    /// Options that would silently do nothing in this combination are refused: a CA certificate or key without
    /// --pai/--paa (the devices would get no DAC at all), a key password without a key, certificate validity without
    /// certificates to issue.
    /// </summary>
    private static void CheckWithoutEffect(FactoryOptions o)
    {
        bool ca = o.Attestation == AttestationMode.Pai || o.Attestation == AttestationMode.Paa;
        bool issues = o.Attestation != AttestationMode.None && o.DacCertificatePath == null;
        Effect(ca || o.CertificatePath == null, "--cert",
            "-c/--cert is only used with --pai or --paa: without one of them the devices would get no DAC. Add --pai or --paa, or drop -c.");
        Effect(ca || o.KeyPath == null, "--key",
            "-k/--key is only used with --pai or --paa: without one of them the devices would get no DAC. Add --pai or --paa, or drop -k.");
        Effect(ca || (o.KeyPassword == null && o.KeyPasswordFile == null), "--pwd",
            "--pwd/--pwd-file unlock the -c/-k of --pai or --paa; there is none to unlock here.");
        Effect(issues || o.LifetimeDays == null, "--lifetime",
            "-lt/--lifetime sets the validity of issued DACs, and this run issues none (no --pai, --paa or --test-pki, or an external --dac-cert).");
        Effect(issues || o.ValidFrom == null, "--valid-from",
            "-vf/--valid-from sets the validity of issued DACs, and this run issues none (no --pai, --paa or --test-pki, or an external --dac-cert).");
        Effect(!o.DsPeripheral || FactoryFiles.WritesSecureCert(o), "--ds-peripheral",
            "-ds/--ds-peripheral marks the DAC key of the secure-cert partition for the ECDSA peripheral, and this run writes no secure-cert partition. Add --dac-in-secure-cert (with --pai, --paa or --test-pki), or drop -ds.");
        Effect(!(o.Encrypt && o.NoBin), "--encrypt",
            "-e/--encrypt encrypts the NVS image and writes its keys partition, and --no-bin writes neither. Drop one of them.");
        Effect(!(o.EnableDynamicPasscode && o.Passcode != null), "--passcode",
            "--passcode is not used with --enable-dynamic-passcode: the device gets no verifier and no onboarding codes, so the passcode would be stored nowhere. Drop one of them.");
        Effect(o.PartNumber != "", "--part-number",
            "--part-number '' stores nothing (an empty part number is left out of the partition, as esp-matter-mfg-tool does). Give a part number, or drop the option.");
        Effect(o.CdSigningCertificatePath == null || o.CertificationDeclarationPath != null, "--cd-signing-cert",
            "--cd-signing-cert names the key that signed the -cd certification declaration, and there is no -cd. Add -cd, or drop --cd-signing-cert.");
    }

    /// <summary>
    /// The reference's verifier check, before any device: <c>--salt</c>, <c>--verifier</c> and <c>--passcode</c> given
    /// as options must agree at <c>--iteration-count</c> (a row's own values are checked with its device).
    /// </summary>
    public static void CheckVerifier(FactoryOptions o, IFactoryEngine engine)
    {
        if (o.Salt == null || o.Verifier == null || o.Passcode is not long passcode || o.EnableDynamicPasscode)
        {
            return;
        }
        byte[] computed = engine.ComputeVerifier((uint)passcode, DecodeBase64(o.Salt, "--salt"), o.IterationCount);
        if (!DecodeBase64(o.Verifier, "--verifier").AsSpan().SequenceEqual(computed))
        {
            throw VerifierMismatch(null, o.IterationCount, "--verifier");
        }
    }

    /// <summary>The one wording of <see cref="ErrorIds.VerifierMismatch"/>, for the options (<paramref name="row"/> null) or a row.</summary>
    public static MfgException VerifierMismatch(int? row, int iterationCount, object target) =>
        new(ErrorIds.VerifierMismatch, MfgErrorKind.InvalidArgument,
            (row is int r ? $"Row {r.ToString(CultureInfo.InvariantCulture)}: " : "")
            + $"Verifier validation failed: the provided verifier does not match the computed verifier from passcode and salt (iteration count {iterationCount.ToString(CultureInfo.InvariantCulture)}); "
            + "give the verifier computed from this passcode, salt and iteration count, or neither salt nor verifier to have both generated.", target);

    /// <summary>
    /// Options whose value only counts once the key schema is known (a <c>--csv</c> schema may redeclare chip-factory
    /// keys): a <c>--rd-id-uid</c> that neither the partition nor the secure-cert partition stores is refused, not dropped.
    /// </summary>
    public static void CheckStored(FactoryOptions o, FactorySchema schema)
    {
        Effect(o.RotatingDeviceIdUniqueId == null || StoresRotatingDeviceIdUniqueId(o, schema),
            "--rd-id-uid",
            "--rd-id-uid is stored only with --enable-rotating-device-id (in the partition) or --rd-id-uid-in-secure-cert (in the secure-cert partition); without either it would be dropped. Add --enable-rotating-device-id, or drop --rd-id-uid.");
    }

    /// <summary>Whether a device's rotating device id unique id is kept: in the partition (its key in the schema) or in the secure cert.</summary>
    public static bool StoresRotatingDeviceIdUniqueId(FactoryOptions o, FactorySchema schema) =>
        FactoryFiles.SecureCertHoldsRdIdUid(o) || schema.Keys.Any(k => k.Source == FactoryValueSource.RotatingDeviceIdUniqueId);

    /// <summary>The one wording of <see cref="ErrorIds.PortNotSupported"/>: what esp-matter-mfg-tool does with the port, and what to use instead.</summary>
    private static string PortNotSupportedMessage(FactoryOptions o)
    {
        string block = o.EfuseKeyId >= 0 ? "BLOCK_KEY" + o.EfuseKeyId.ToString(CultureInfo.InvariantCulture) : "BLOCK_KEY<n>";
        return $"--port '{o.Port}' is not supported: esp-matter-mfg-tool uses the port to burn the DAC key into an eFuse key block (-ds, through esp-secure-cert-tool), "
            + "and mattermfg makes files only and never opens a serial port. Drop --port (with -ds the secure-cert partition is still made for the ECDSA peripheral); "
            + $"burn each device's key with 'espefuse.py --chip esp32h2 --port {o.Port} burn_key {block} <device folder>/internal/DAC_key.pem ECDSA_KEY', "
            + "and flash the images with Write-EspPartition -Port.";
    }

    /// <summary>The serial-number rule of <c>--serial-num</c>, for the option and for every row (empty passes, as in the reference).</summary>
    public static void CheckSerialNumber(string? value, string option) =>
        Length(value, 1, 16, ErrorIds.SerialNumberLength, option, "Serial number");

    /// <summary>
    /// The rule of a device-instance key (vendor-name, product-name, serial-num, hw-ver-str, mfg-date, part-number,
    /// product-label, product-url) whether its value comes from an option or a per-device CSV record; other keys pass.
    /// </summary>
    public static void CheckDeviceInstanceValue(string key, string? value, string? option = null)
    {
        string where = option ?? key;
        switch (key)
        {
            case "serial-num": CheckSerialNumber(value, where); break;
            case "vendor-name": Length(value, 1, 32, ErrorIds.VendorNameLength, where, "Vendor name"); break;
            case "product-name": Length(value, 1, 32, ErrorIds.ProductNameLength, where, "Product name"); break;
            case "hw-ver-str": Length(value, 1, 64, ErrorIds.HardwareVersionStringLength, where, "Hardware version string"); break;
            case "part-number": Length(value, 1, 32, ErrorIds.PartNumberLength, where, "Part number"); break;
            case "product-label": Length(value, 1, 64, ErrorIds.ProductLabelLength, where, "Product Label"); break;
            case "product-url": Length(value, 1, 256, ErrorIds.ProductUrlLength, where, "Product URL"); break;
            case "mfg-date":
                Length(value, 8, 16, ErrorIds.ManufacturingDateLength, where, "Manufacturing date");
                if (value is { Length: > 0 } md)
                {
                    string day = md.Substring(0, Math.Min(8, md.Length));
                    Check(Regex.IsMatch(day, "^[0-9]{8}$"), ErrorIds.ManufacturingDateFormat, where,
                        "First 8 bytes should be in ISO 8601 format YYYYMMDD (e.g., 20250416), last 8 can be anything specific to the manufacturer.");
                    Check(DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), ErrorIds.ManufacturingDateInvalid, where,
                        $"'{day}' is not a calendar date (YYYYMMDD).");
                }
                break;
        }
    }

    /// <summary>Strict base64 (the reference drops non-alphabet characters silently; a typo is an error here).</summary>
    public static byte[] DecodeBase64(string text, string what)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw Base64Invalid(text, what);
        }
    }

    /// <summary>
    /// The one wording of <see cref="ErrorIds.Base64Invalid"/>, the reference's sentence first: <c>Failed to decode
    /// &lt;what&gt; from base64: '&lt;text&gt;' is not valid base64.</c>
    /// </summary>
    public static MfgException Base64Invalid(string text, string what) =>
        new(ErrorIds.Base64Invalid, MfgErrorKind.InvalidArgument, $"Failed to decode {what.TrimStart('-')} from base64: '{text}' is not valid base64.", what);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.RotatingDeviceIdUniqueIdInvalid"/>, the reference's sentence first:
    /// <c>Rotating device Unique id must be between 32 and 32 characters (&lt;field&gt;): 32 hexadecimal digits (16 bytes),
    /// got '&lt;value&gt;'.</c> The field is left out where a frame around the message names it (a row of a device list).
    /// </summary>
    public static MfgException RotatingDeviceIdUniqueIdInvalid(string value, string? field) =>
        new(ErrorIds.RotatingDeviceIdUniqueIdInvalid, MfgErrorKind.InvalidArgument,
            $"Rotating device Unique id must be between 32 and 32 characters{(field == null ? "" : $" ({field})")}: 32 hexadecimal digits (16 bytes), got '{value}'.", field);

    public static bool IsHex(string s, int length) => s.Length == length && s.All(Uri.IsHexDigit);

    private static void Length(string? s, int min, int max, string errorId, string option, string what)
    {
        // As the reference: the empty string passes and is stored.
        if (!string.IsNullOrEmpty(s))
        {
            Check(s!.Length >= min && s.Length <= max, errorId, option, $"{what} must be between {min} and {max} characters (got {s.Length}).");
        }
    }

    /// <summary>The one wording of <see cref="ErrorIds.CaCredentialsMissing"/> (the reference's sentence).</summary>
    internal static MfgException CaCredentialsMissing(string option) =>
        new(ErrorIds.CaCredentialsMissing, MfgErrorKind.InvalidArgument, "CA key and certificate are required to generate DAC key and certificate (-c and -k).", option);

    /// <summary>The one wording of <see cref="ErrorIds.DacPairIncomplete"/> (the reference's sentence).</summary>
    internal static MfgException DacPairIncomplete(string option) =>
        new(ErrorIds.DacPairIncomplete, MfgErrorKind.InvalidArgument, "dac_key and dac_cert should be both present or none.", option);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.OptionWithoutEffect"/>, a family: <paramref name="reason"/> says what the
    /// option does, why it would do nothing in this run, and what to do instead (<c>-e/--encrypt encrypts the NVS image …,
    /// and --no-bin writes neither. Drop one of them.</c>).
    /// </summary>
    public static MfgException OptionWithoutEffect(string option, string reason) =>
        new(ErrorIds.OptionWithoutEffect, MfgErrorKind.InvalidArgument, reason, option);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.NoInputRows"/>: <c>&lt;source&gt; has no device rows (&lt;what&gt;): there is
    /// nothing to make.[ &lt;hint&gt;]</c>
    /// </summary>
    internal static MfgException NoInputRows(string source, string what, string? hint, object target) =>
        new(ErrorIds.NoInputRows, MfgErrorKind.InvalidArgument, $"{source} has no device rows ({what}): there is nothing to make." + (hint == null ? "" : " " + hint), target);

    /// <summary>
    /// The one wording of <see cref="ErrorIds.CountMismatch"/>: <c>&lt;option&gt; &lt;count&gt; is given with &lt;n&gt; device rows
    /// &lt;source&gt;: the rows decide the count. Drop &lt;option&gt;.</c>
    /// </summary>
    internal static MfgException CountMismatch(string option, int count, int rows, string source, object target) =>
        new(ErrorIds.CountMismatch, MfgErrorKind.InvalidArgument,
            $"{option} {count.ToString(CultureInfo.InvariantCulture)} is given with {rows.ToString(CultureInfo.InvariantCulture)} device rows {source}: the rows decide the count. Drop {option}.", target);

    private static void Effect(bool ok, string option, string reason)
    {
        if (!ok)
        {
            throw OptionWithoutEffect(option, reason);
        }
    }

    private static void Check(bool ok, string errorId, string option, string message)
    {
        if (!ok)
        {
            throw new MfgException(errorId, MfgErrorKind.InvalidArgument, message, option);
        }
    }
}
