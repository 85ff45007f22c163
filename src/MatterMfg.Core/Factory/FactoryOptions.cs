using System;
using System.Collections.Generic;

namespace MatterMfg.Factory;

/// <summary>Where the device attestation credentials come from (esp-matter-mfg-tool's <c>--paa</c>/<c>--pai</c>).</summary>
public enum AttestationMode
{
    /// <summary>No DAC, key or PAI in the outputs (pre-provisioned modules).</summary>
    None,
    /// <summary><c>--pai</c>: the certificate is a PAI; DACs are issued under it (or an external DAC is taken).</summary>
    Pai,
    /// <summary><c>--paa</c>: the certificate is a PAA; a PAI is made from it once per run, DACs are issued under that PAI.</summary>
    Paa,
    /// <summary><c>--test-pki</c>: the built-in Matter test PAI (VID 0xFFF1, PID 0x8000). Never for production.</summary>
    TestPki,
}

/// <summary>
/// Every option of esp-matter-mfg-tool 1.0.x, shared by all devices of a run. Per-device values (passcode,
/// discriminator, serial number, …) given here apply to a single device, as in the reference; a batch gives them per
/// device through <see cref="DeviceInput"/> or the per-device CSV (<see cref="PerDeviceCsvPath"/>).
/// </summary>
public sealed class FactoryOptions
{
    /// <summary>
    /// The most devices one run makes (<c>-n</c>, <c>-Count</c>, the rows of <c>--mcsv</c> or of the pipeline): each is a
    /// folder of about a dozen files (some 75 KB on disk), so a million is some 75 GB and 11 million files, hours of
    /// PBKDF2 even at full speed, and 1,000,000 is what a six-digit serial-number counter holds. Larger orders are
    /// several runs (batches of one manifest), each resumable on its own.
    /// </summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The largest NVS partition <c>-s</c>/<c>-PartitionSize</c> takes (256 MiB, beyond any ESP32 flash).</summary>
    public const int MaxPartitionSize = 0x10000000;

    // General
    /// <summary><c>-n</c>: number of devices, 1..<see cref="MaxCount"/> (overridden by the per-device CSV's row count).</summary>
    public int Count { get; set; } = 1;

    /// <summary><c>--target</c>: chip name, one of <see cref="FactoryEnums.Targets"/> (the DS peripheral needs esp32h2).</summary>
    public string Target { get; set; } = "esp32";

    /// <summary><c>-s</c>: NVS partition size in bytes.</summary>
    public int PartitionSize { get; set; } = 0x6000;

    /// <summary><c>-e</c>: encrypt the NVS image and write a keys partition per device.</summary>
    public bool Encrypt { get; set; }

    /// <summary><c>--outdir</c>: root of the output tree; relative paths resolve against <see cref="WorkingDirectory"/>.</summary>
    public string OutputDirectory { get; set; } = "out";

    /// <summary><c>--no-bin</c>: skip the NVS (and keys) binaries.</summary>
    public bool NoBin { get; set; }

    /// <summary><c>--no-secure-cert-bin</c>: never write the secure-cert partition.</summary>
    public bool NoSecureCertBin { get; set; }

    // Commissioning
    /// <summary><c>--passcode</c> (one device only).</summary>
    public long? Passcode { get; set; }

    /// <summary><c>--discriminator</c> (one device only). 0 is a valid discriminator (the reference ignores it).</summary>
    public long? Discriminator { get; set; }

    /// <summary><c>-cf</c>: 0 standard, 1 user intent, 2 custom.</summary>
    public int CommissioningFlow { get; set; }

    /// <summary><c>-dm</c>: discovery capabilities bitmask 2 BLE, 4 on-network, 6 both.</summary>
    public int DiscoveryMode { get; set; } = 2;

    /// <summary><c>--enable-dynamic-passcode</c>: no verifier, no passcode, no onboarding codes.</summary>
    public bool EnableDynamicPasscode { get; set; }

    /// <summary><c>--salt</c>: base64, stored verbatim.</summary>
    public string? Salt { get; set; }

    /// <summary><c>--verifier</c>: base64, must match passcode + salt + iterations.</summary>
    public string? Verifier { get; set; }

    /// <summary><c>--iteration-count</c>: PBKDF2 iterations 1000..100000.</summary>
    public int IterationCount { get; set; } = 10000;

    /// <summary><c>--commissionable-data-in-secure-cert</c>.</summary>
    public bool CommissionableDataInSecureCert { get; set; }

    // DAC
    /// <summary><c>--dac-in-secure-cert</c>.</summary>
    public bool DacInSecureCert { get; set; }

    /// <summary><c>-lt</c>: lifetime of generated certificates in days. Null: the DAC ends with its PAI.</summary>
    public int? LifetimeDays { get; set; }

    /// <summary><c>-vf</c>: notBefore of generated certificates (UTC). Null: now.</summary>
    public DateTime? ValidFrom { get; set; }

    /// <summary><c>-cn</c>: common-name prefix of the PAI made in PAA mode.</summary>
    public string CnPrefix { get; set; } = "ESP32";

    /// <summary>Which kind of certificate <see cref="CertificatePath"/> is.</summary>
    public AttestationMode Attestation { get; set; }

    /// <summary><c>-c</c>: the PAA or PAI certificate (PEM or DER).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// <c>-k</c>: its private key: a file (relative to <see cref="WorkingDirectory"/>), a <c>pkcs11:</c> URI (a key on a
    /// PKCS#11 token) or a <c>cert:\LocalMachine\My\&lt;thumbprint&gt;</c> path (Windows certificate store).
    /// </summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// <c>--pwd</c>/<c>--pwd-file</c>: the password of an encrypted <see cref="KeyPath"/> (encrypted PKCS#8 or legacy PEM)
    /// or of a PFX given as the certificate, or the user PIN of the token of a <c>pkcs11:</c> key. A secret: never recorded in the manifest, never printed. The caller owns
    /// the array and wipes it after the run.
    /// </summary>
    public char[]? KeyPassword { get; set; }

    /// <summary><c>--pwd-file</c>: a file whose first line is that password (keeps it off the command line).</summary>
    public string? KeyPasswordFile { get; set; }

    /// <summary>Reads environment variables (a <c>pkcs11:</c> key's PIN may come from MATTERMFG_PKCS11_PIN); tests pass their own.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary><c>-cd</c>: the certification declaration, stored verbatim.</summary>
    public string? CertificationDeclarationPath { get; set; }

    /// <summary>
    /// <c>--cd-signing-cert</c>: the certificate the <c>-cd</c> must be signed by. Without it the CD must verify under one of
    /// the CD signing keys Matter commissioners trust (<see cref="Attestation.CertificationDeclarationTrust"/>).
    /// </summary>
    public string? CdSigningCertificatePath { get; set; }

    /// <summary><c>--dac-cert</c>: an external DAC (one device only).</summary>
    public string? DacCertificatePath { get; set; }

    /// <summary><c>--dac-key</c>: its private key.</summary>
    public string? DacKeyPath { get; set; }

    /// <summary><c>-ds</c>: DAC key used through the ECDSA peripheral (recorded in the secure-cert partition; refused without one).</summary>
    public bool DsPeripheral { get; set; }

    /// <summary><c>--efuse-key-id</c>: -1..5.</summary>
    public int EfuseKeyId { get; set; } = -1;

    /// <summary><c>--port</c>: parsed to be refused by <see cref="FactoryValidation"/> (<c>PortNotSupported</c>): eFuses are never burnt, no port is opened.</summary>
    public string? Port { get; set; }

    // Device instance information
    public int VendorId { get; set; } = -1;

    public string? VendorName { get; set; }

    public int ProductId { get; set; } = -1;

    public string? ProductName { get; set; }

    public long? HardwareVersion { get; set; }

    public string? HardwareVersionString { get; set; }

    /// <summary><c>--mfg-date</c>: YYYYMMDD plus up to 8 free characters.</summary>
    public string? ManufacturingDate { get; set; }

    /// <summary><c>--serial-num</c> (one device only).</summary>
    public string? SerialNumber { get; set; }

    public bool EnableRotatingDeviceId { get; set; }

    /// <summary><c>--rd-id-uid</c>: 32 hex characters (one device only).</summary>
    public string? RotatingDeviceIdUniqueId { get; set; }

    public bool RotatingDeviceIdUniqueIdInSecureCert { get; set; }

    /// <summary><c>--product-finish</c>: one of <see cref="FactoryEnums.ProductFinishes"/>.</summary>
    public string? ProductFinish { get; set; }

    /// <summary><c>--product-color</c>: one of <see cref="FactoryEnums.ProductColors"/>.</summary>
    public string? ProductColor { get; set; }

    public string? PartNumber { get; set; }

    /// <summary><c>--calendar-types</c>: names of <see cref="FactoryEnums.CalendarTypes"/>.</summary>
    public IList<string>? CalendarTypes { get; set; }

    public IList<string>? Locales { get; set; }

    /// <summary><c>--fixed-labels</c>: <c>endpoint/label/value</c>.</summary>
    public IList<string>? FixedLabels { get; set; }

    /// <summary><c>--supported-modes</c>: <c>mode/label/endpoint[/value\mfgcode, …]</c>.</summary>
    public IList<string>? SupportedModes { get; set; }

    public string? ProductLabel { get; set; }

    public string? ProductUrl { get; set; }

    // Extra keys
    /// <summary><c>--csv</c>: the extra key schema.</summary>
    public string? ExtraKeyCsvPath { get; set; }

    /// <summary><c>--mcsv</c>: the per-device values.</summary>
    public string? PerDeviceCsvPath { get; set; }

    /// <summary>Folder that relative input paths resolve against, and that <c>cert-dclrn</c>'s path in the CSVs is relative to.</summary>
    public string WorkingDirectory { get; set; } = Environment.CurrentDirectory;

    /// <summary>Number of devices generated at the same time (default: the processor count).</summary>
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    /// <summary>Resolves <paramref name="path"/> against <see cref="WorkingDirectory"/>.</summary>
    public string Resolve(string path) => System.IO.Path.GetFullPath(System.IO.Path.Combine(WorkingDirectory, path));
}

/// <summary>The reference's enumerations (T:utils.py), by name and value.</summary>
public static class FactoryEnums
{
    public static readonly string[] ProductFinishes = { "other", "matte", "satin", "polished", "rugged", "fabric" };

    public static readonly string[] ProductColors =
    {
        "black", "navy", "green", "teal", "maroon", "purple", "olive", "gray", "blue", "lime", "aqua", "red", "fuchsia",
        "yellow", "white", "nickel", "chrome", "brass", "copper", "silver", "gold",
    };

    public static readonly string[] CalendarTypes =
    {
        "Buddhist", "Chinese", "Coptic", "Ethiopian", "Gregorian", "Hebrew", "Indian", "Islamic", "Japanese", "Korean",
        "Persian", "Taiwanese",
    };

    /// <summary>The chips <c>--target</c> accepts (esp-idf's targets that run Matter).</summary>
    public static readonly string[] Targets =
    {
        "esp32", "esp32s2", "esp32s3", "esp32c2", "esp32c3", "esp32c5", "esp32c6", "esp32c61", "esp32h2", "esp32p4",
    };

    /// <summary>The encodings the reference's mass-manufacturing step accepts in a key schema (i16 is not among them there; it is here).</summary>
    public static readonly string[] SchemaEncodings = { "string", "binary", "hex2bin", "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "base64" };
}
