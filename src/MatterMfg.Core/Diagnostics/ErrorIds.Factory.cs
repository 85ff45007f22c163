namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>DACs were asked for but no attestation source was chosen. Fix: give --pai with -c/-k (or --paa, or --test-pki for test devices).</summary>
    public const string AttestationModeNone = nameof(AttestationModeNone);

    /// <summary>A base64 value (salt, verifier, key) is not valid base64. Fix: give the value in standard base64.</summary>
    public const string Base64Invalid = nameof(Base64Invalid);

    /// <summary>DACs are to be issued but the CA certificate and key are missing. Fix: give -c &lt;PAI cert&gt; and -k &lt;PAI key&gt;.</summary>
    public const string CaCredentialsMissing = nameof(CaCredentialsMissing);

    /// <summary>A calendar type is not one Matter knows. Fix: use one of the names the message lists.</summary>
    public const string CalendarTypeInvalid = nameof(CalendarTypeInvalid);

    /// <summary>The certification declaration does not cover the run's vendor id or product id. Fix: use the CD issued for this product, or correct --vendor-id/--product-id.</summary>
    public const string CertificationDeclarationMismatch = nameof(CertificationDeclarationMismatch);

    /// <summary>The commissioning flow is not 0 (standard), 1 (user intent) or 2 (custom). Fix: give 0, 1 or 2.</summary>
    public const string CommissioningFlowInvalid = nameof(CommissioningFlowInvalid);

    /// <summary>A value that belongs to one device (discriminator, passcode, DAC, serial number, unique id) was given for more than one device. Fix: use -n 1, or give per-device values through --csv/--mcsv.</summary>
    public const string CountMustBeOne = nameof(CountMustBeOne);

    /// <summary>A CSV file has a quoted field that is never closed. Fix: close the quote on the line the message names.</summary>
    public const string CsvUnterminatedQuote = nameof(CsvUnterminatedQuote);

    /// <summary>A DAC certificate and key were given without the PAI certificate. Fix: add --pai -c &lt;PAI certificate&gt;.</summary>
    public const string DacNeedsPai = nameof(DacNeedsPai);

    /// <summary>Only one of the DAC certificate and DAC key was given. Fix: give both --dac-cert and --dac-key, or neither.</summary>
    public const string DacPairIncomplete = nameof(DacPairIncomplete);

    /// <summary>A device's output folder already exists. Fix: choose another output folder, or remove the old device folder.</summary>
    public const string DeviceFolderExists = nameof(DeviceFolderExists);

    /// <summary>A device id cannot be used as a folder name. Fix: use a device id without path separators or characters a folder name cannot hold.</summary>
    public const string DeviceIdInvalid = nameof(DeviceIdInvalid);

    /// <summary>The discovery mode is not 2 (BLE), 4 (on-network) or 6 (both). Fix: give 2, 4 or 6.</summary>
    public const string DiscoveryModeInvalid = nameof(DiscoveryModeInvalid);

    /// <summary>The DS peripheral was asked for on a chip other than esp32h2. Fix: drop -ds, or use --target esp32h2.</summary>
    public const string DsPeripheralTarget = nameof(DsPeripheralTarget);

    /// <summary>The DS peripheral was asked for without an eFuse key id. Fix: add --efuse-key-id.</summary>
    public const string EfuseKeyIdRequired = nameof(EfuseKeyIdRequired);

    /// <summary>An eFuse key id was given without the DS peripheral. Fix: give both -ds and --efuse-key-id, or neither.</summary>
    public const string EfuseKeyIdWithoutDs = nameof(EfuseKeyIdWithoutDs);

    /// <summary>The DAC given with --dac-cert does not chain to the PAI given with -c: another issuer name, authority key id or signature, or it starts outside the PAI's validity. Fix: give the PAI that issued this DAC, or a DAC issued by this PAI.</summary>
    public const string ExternalDacChainInvalid = nameof(ExternalDacChainInvalid);

    /// <summary>The DAC given with --dac-cert breaks a Matter DAC rule (version, algorithm, key, basic constraints, key usage, key ids, VID/PID attributes, validity). Fix: use a Matter DAC (a certificate issued as a DAC by a PAI, not a PAI or PAA).</summary>
    public const string ExternalDacInvalid = nameof(ExternalDacInvalid);

    /// <summary>The DAC given with --dac-cert is a valid DAC of the PAI but for another vendor or product than the run's --vendor-id/--product-id. Fix: use a DAC issued for this vendor and product, or run with its vendor and product id.</summary>
    public const string ExternalDacNotForRun = nameof(ExternalDacNotForRun);

    /// <summary>Only one of --csv and --mcsv was given. Fix: give both (the key schema and the per-device values), or neither.</summary>
    public const string ExtraCsvPairIncomplete = nameof(ExtraCsvPairIncomplete);

    /// <summary>An extra-key schema row has an encoding the NVS generator does not know. Fix: use u8..i64, string, hex2bin, base64 or binary.</summary>
    public const string ExtraKeySchemaBadEncoding = nameof(ExtraKeySchemaBadEncoding);

    /// <summary>A namespace or key name in the extra-key schema is not 1..15 characters. Fix: shorten or fill in the name.</summary>
    public const string ExtraKeySchemaBadName = nameof(ExtraKeySchemaBadName);

    /// <summary>An extra-key schema row has a type other than data or file. Fix: use 'data' or 'file'.</summary>
    public const string ExtraKeySchemaBadType = nameof(ExtraKeySchemaBadType);

    /// <summary>An extra-key schema line is not 'key,type,encoding'. Fix: correct the line the message names.</summary>
    public const string ExtraKeySchemaMalformed = nameof(ExtraKeySchemaMalformed);

    /// <summary>A per-device CSV row has no value for a key the schema declares. Fix: fill in the value on the row the message names.</summary>
    public const string ExtraKeyValueMissing = nameof(ExtraKeyValueMissing);

    /// <summary>A fixed label is not &lt;endpoint&gt;/&lt;label&gt;/&lt;value&gt;. Fix: use a decimal endpoint and a label and value of 1..15 characters without '/'.</summary>
    public const string FixedLabelInvalid = nameof(FixedLabelInvalid);

    /// <summary>The hardware version string is not 1..64 characters. Fix: shorten it.</summary>
    public const string HardwareVersionStringLength = nameof(HardwareVersionStringLength);

    /// <summary>An option that needs a manifest was given without one (e.g. a serial number format). Fix: add --manifest (-Manifest).</summary>
    public const string ManifestRequired = nameof(ManifestRequired);

    /// <summary>The manufacturing date does not start with YYYYMMDD. Fix: give the date as YYYYMMDD (the last 8 of 16 characters may be anything).</summary>
    public const string ManufacturingDateFormat = nameof(ManufacturingDateFormat);

    /// <summary>The manufacturing date is not 8..16 characters. Fix: give YYYYMMDD, optionally followed by up to 8 characters.</summary>
    public const string ManufacturingDateLength = nameof(ManufacturingDateLength);

    /// <summary>Another MatterMfg run is writing to the same output folder. Fix: wait for it to finish, or choose another output folder.</summary>
    public const string OutputFolderInUse = nameof(OutputFolderInUse);

    /// <summary>DACs are to be issued but no PAI private key was given. Fix: give -k &lt;PAI key&gt;.</summary>
    public const string PaiKeyMissing = nameof(PaiKeyMissing);

    /// <summary>The part number is not 1..32 characters. Fix: shorten it.</summary>
    public const string PartNumberLength = nameof(PartNumberLength);

    /// <summary>The setup passcode is not valid: one of the values Matter forbids (00000000, 11111111, ..., 99999999, 12345678, 87654321), or a code holds one outside 1..99999998 (a passcode given as an option, parameter or CSV cell outside 0..99999999 is NumberOutOfRange). Fix: give another passcode, or none for a random one.</summary>
    public const string PasscodeInvalid = nameof(PasscodeInvalid);

    /// <summary>The per-device CSV (--mcsv) has no header row. Fix: add the header naming the schema's keys.</summary>
    public const string PerDeviceCsvEmpty = nameof(PerDeviceCsvEmpty);

    /// <summary>A per-device CSV row has more or fewer fields than the header. Fix: correct the row the message names.</summary>
    public const string PerDeviceCsvFieldCount = nameof(PerDeviceCsvFieldCount);

    /// <summary>The per-device CSV lacks a column the key schema declares. Fix: add the column to the header.</summary>
    public const string PerDeviceCsvMissingColumn = nameof(PerDeviceCsvMissingColumn);

    /// <summary>
    /// --port was given: esp-matter-mfg-tool uses it to burn the DAC key into an eFuse key block through
    /// esp-secure-cert-tool (with -ds); mattermfg makes files only and never opens a serial port, so the flag would be
    /// ignored. Fix: drop --port; burn the key with espefuse.py burn_key (ECDSA_KEY purpose, the device's
    /// internal/DAC_key.pem) and flash the images with Write-EspPartition -Port.
    /// </summary>
    public const string PortNotSupported = nameof(PortNotSupported);

    /// <summary>--port was given for more than one device (esp-matter-mfg-tool's rule: the port names the one device whose DS eFuse key is burnt). Fix: drop --port; mattermfg never opens a serial port (see PortNotSupported).</summary>
    public const string PortWithManyDevices = nameof(PortWithManyDevices);

    /// <summary>The product color is not one Matter knows. Fix: use one of the names the message lists.</summary>
    public const string ProductColorInvalid = nameof(ProductColorInvalid);

    /// <summary>The product finish is not one Matter knows. Fix: use one of the names the message lists.</summary>
    public const string ProductFinishInvalid = nameof(ProductFinishInvalid);

    /// <summary>The product id is 0 with a non-zero vendor id (one that does not fit 16 bits is NumberOutOfRange). Fix: give a product id from 1 to 0xFFFF.</summary>
    public const string ProductIdInvalid = nameof(ProductIdInvalid);

    /// <summary>The product label is not 1..64 characters. Fix: shorten it.</summary>
    public const string ProductLabelLength = nameof(ProductLabelLength);

    /// <summary>The product name is not 1..32 characters. Fix: shorten it.</summary>
    public const string ProductNameLength = nameof(ProductNameLength);

    /// <summary>The product URL is not 1..256 characters. Fix: shorten it.</summary>
    public const string ProductUrlLength = nameof(ProductUrlLength);

    /// <summary>The rotating device id unique id for a factory partition is not exactly 32 hexadecimal digits (16 bytes). Fix: give 32 hex digits.</summary>
    public const string RotatingDeviceIdUniqueIdInvalid = nameof(RotatingDeviceIdUniqueIdInvalid);

    /// <summary>A salt and verifier were given without the passcode they were made from. Fix: add --passcode.</summary>
    public const string SaltVerifierNeedPasscode = nameof(SaltVerifierNeedPasscode);

    /// <summary>Only one of the salt and the verifier was given. Fix: give --salt with --verifier, or neither.</summary>
    public const string SaltVerifierPair = nameof(SaltVerifierPair);

    /// <summary>A salt and verifier cannot be used with a dynamic passcode. Fix: drop --salt/--verifier or --enable-dynamic-passcode.</summary>
    public const string SaltWithDynamicPasscode = nameof(SaltWithDynamicPasscode);

    /// <summary>Data for the secure-cert partition was asked for with --no-secure-cert-bin. Fix: drop --no-secure-cert-bin, or the --*-in-secure-cert options.</summary>
    public const string SecureCertDataWithoutSecureCert = nameof(SecureCertDataWithoutSecureCert);

    /// <summary>Commissionable data in the secure cert needs a verifier, which a dynamic passcode does not produce. Fix: drop one of the two options.</summary>
    public const string SecureCertDynamicPasscode = nameof(SecureCertDynamicPasscode);

    /// <summary>Commissionable data or the unique id in the secure cert needs --dac-in-secure-cert. Fix: add --dac-in-secure-cert.</summary>
    public const string SecureCertFlagsIncomplete = nameof(SecureCertFlagsIncomplete);

    /// <summary>The secure-cert partition is built with the DAC, but no DAC is made. Fix: give an attestation source (--pai, --paa or --test-pki).</summary>
    public const string SecureCertNeedsAttestation = nameof(SecureCertNeedsAttestation);

    /// <summary>The serial number format is malformed. Fix: use text with one {n} or {n:width} counter placeholder.</summary>
    public const string SerialNumberFormatInvalid = nameof(SerialNumberFormatInvalid);

    /// <summary>The serial number is not 1..32 characters. Fix: shorten it.</summary>
    public const string SerialNumberLength = nameof(SerialNumberLength);

    /// <summary>A supported mode is not &lt;mode&gt;/&lt;label&gt;/&lt;endpoint&gt;[/&lt;value&gt;\&lt;mfgcode&gt;...]. Fix: correct it as the message shows.</summary>
    public const string SupportedModeInvalid = nameof(SupportedModeInvalid);

    /// <summary>The built-in test PKI was asked for with a vendor id other than 0xFFF1. Fix: drop --vendor-id, or use your own PAI.</summary>
    public const string TestPkiVendorId = nameof(TestPkiVendorId);

    /// <summary>The vendor id is reserved (Matter allows 0x0001..0xFFF4 in a payload; one that does not fit 16 bits is NumberOutOfRange). Fix: give your CSA vendor id (0xFFF1..0xFFF4 for tests).</summary>
    public const string VendorIdInvalid = nameof(VendorIdInvalid);

    /// <summary>The vendor name is not 1..32 characters. Fix: shorten it.</summary>
    public const string VendorNameLength = nameof(VendorNameLength);

    /// <summary>The vendor id and product id are missing. Fix: give both (-v/-p, -VendorId/-ProductId).</summary>
    public const string VendorProductRequired = nameof(VendorProductRequired);

    /// <summary>The given verifier does not match the passcode, salt and iteration count. Fix: give the verifier made from these values, or drop it.</summary>
    public const string VerifierMismatch = nameof(VerifierMismatch);

    /// <summary>Two input rows name the same device id. Fix: give every row its own DeviceId (or leave the cell empty for a fresh UUID).</summary>
    public const string DuplicateDeviceId = nameof(DuplicateDeviceId);

    /// <summary>Two input rows give the same serial number. Fix: give every row its own SerialNumber (or leave the cells empty).</summary>
    public const string DuplicateSerialNumber = nameof(DuplicateSerialNumber);

    /// <summary>The input has no device rows (a header-only CSV, an empty pipeline). Fix: add rows, or run without input and use -Count/-n.</summary>
    public const string NoInputRows = nameof(NoInputRows);

    /// <summary>The device count contradicts the input: -n differs from the per-device CSV's rows, or -Count is given with pipeline input. Fix: drop the count; the rows decide.</summary>
    public const string CountMismatch = nameof(CountMismatch);

    /// <summary>An option would have no effect in this combination (e.g. -c/-k without --pai/--paa). Fix: add the option it needs, or drop it.</summary>
    public const string OptionWithoutEffect = nameof(OptionWithoutEffect);

    /// <summary>The target chip is not one MatterMfg knows. Fix: use one of esp32, esp32s2, esp32s3, esp32c2, esp32c3, esp32c5, esp32c6, esp32c61, esp32h2, esp32p4.</summary>
    public const string TargetUnknown = nameof(TargetUnknown);

    /// <summary>The manufacturing date's first 8 characters are digits but not a calendar date (e.g. 20250231). Fix: give a real date as YYYYMMDD.</summary>
    public const string ManufacturingDateInvalid = nameof(ManufacturingDateInvalid);

    /// <summary>The run was stopped (Ctrl+C, SIGTERM, Stop) before every device was made; the summaries list the devices made. Fix: run the same command again to resume (with a manifest, made devices are skipped).</summary>
    public const string RunInterrupted = nameof(RunInterrupted);
}
