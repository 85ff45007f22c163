using System.Collections.Generic;
using System.Linq;

namespace MatterMfg.EndOfLine;

/// <summary>The outcome of one end-of-line rule.</summary>
public enum CheckOutcome
{
    Passed,
    Failed,

    /// <summary>Not checked: the input it needs is absent (e.g. no passcode known, no PAA given).</summary>
    Skipped,
}

/// <summary>One rule of the end-of-line check and its result. <see cref="Name"/> is stable (scripts match on it).</summary>
public sealed class FactoryImageCheck
{
    public FactoryImageCheck(string name, CheckOutcome outcome, string message)
    {
        Name = name;
        Outcome = outcome;
        Message = message;
    }

    public string Name { get; }

    public CheckOutcome Outcome { get; }

    public bool Passed => Outcome != CheckOutcome.Failed;

    public string Message { get; }

    public override string ToString() => $"{Name}: {Outcome} ({Message})";
}

/// <summary>Everything the end-of-line check found in one factory partition.</summary>
public sealed class FactoryImageReport
{
    internal FactoryImageReport(IReadOnlyList<FactoryImageCheck> checks, string? serialNumber, int? vendorId, int? productId, int? discriminator,
        string? dacSerial, string? dacSha256)
    {
        Checks = checks;
        SerialNumber = serialNumber;
        VendorId = vendorId;
        ProductId = productId;
        Discriminator = discriminator;
        DacSerial = dacSerial;
        DacSha256 = dacSha256;
    }

    public IReadOnlyList<FactoryImageCheck> Checks { get; }

    /// <summary>True when no rule failed (skipped rules do not fail a board).</summary>
    public bool Passed => Checks.All(c => c.Passed);

    public IEnumerable<FactoryImageCheck> Failures => Checks.Where(c => !c.Passed);

    public string? SerialNumber { get; }

    public int? VendorId { get; }

    public int? ProductId { get; }

    public int? Discriminator { get; }

    /// <summary>The DAC's serial number in hex, as the manifest records it.</summary>
    public string? DacSerial { get; }

    /// <summary>SHA-256 of the DAC's DER, lower-case hex, as the manifest records it.</summary>
    public string? DacSha256 { get; }
}

/// <summary>What the check knows besides the partition: each member that is null makes its rule skip (or use the partition's own data).</summary>
public sealed class FactoryImageExpectations
{
    /// <summary>The device's passcode (a parameter, or the device's onb_codes.csv): the verifier must match it.</summary>
    public uint? Passcode { get; set; }

    /// <summary>The device's QR code (<c>MT:…</c>): must carry the partition's VID, PID, discriminator and a passcode matching the verifier.</summary>
    public string? QrCode { get; set; }

    /// <summary>The device's manual pairing code: must carry the short discriminator and a passcode matching the verifier.</summary>
    public string? ManualCode { get; set; }

    /// <summary>The VID the board must have.</summary>
    public int? VendorId { get; set; }

    /// <summary>The PID the board must have.</summary>
    public int? ProductId { get; set; }

    /// <summary>The PAI (DER) the DAC must chain to; the partition's pai-cert must be this one.</summary>
    public byte[]? PaiCertificateDer { get; set; }

    /// <summary>The PAA (DER) the PAI must chain to.</summary>
    public byte[]? PaaCertificateDer { get; set; }

    /// <summary>The certificate (DER) the Certification Declaration must be signed by; without it, one of the CD signing keys Matter commissioners trust.</summary>
    public byte[]? CdSigningCertificateDer { get; set; }

    /// <summary>The DAC, its key and the PAI are not in this partition (secure-cert partition, or a pre-provisioned module).</summary>
    public bool DacElsewhere { get; set; }

    /// <summary>The firmware computes the verifier at run time: no verifier key is expected.</summary>
    public bool DynamicPasscode { get; set; }

    /// <summary>The moment certificates must be valid at (default: now).</summary>
    public System.DateTime? At { get; set; }
}
