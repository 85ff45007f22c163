using System;
using System.Management.Automation;
using System.Security;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Attestation;

/// <summary>Checks a DAC → PAI → PAA chain against the Matter attestation rules and reports each rule's result.</summary>
/// <remarks>
/// <para>Every rule is checked and reported on its own: the profile of each certificate (X.509 v3, ecdsa-with-SHA256,
/// EC P-256 key, basic constraints, key usage, key identifiers, the VID/PID attributes and which certificate may carry
/// them), validity at -At (default now), the links (issuer name, authority key id, signature, the child starting within
/// its issuer's validity), VID/PID consistency down the chain, and, when given, the device's -VendorId/-ProductId, the DAC
/// private key (-DacKey) and a certification declaration (-CertificationDeclaration: signature under -CdSigningCertificate,
/// or else under the CD signing keys Matter commissioners trust (CSA Signing Key 001-005, the test key), VID and PID coverage, DAC origin, authorized PAAs).</para>
/// <para>Without -PaiCertificate or -PaaCertificate, a DAC issued under the built-in test PKI is checked against the
/// built-in test PAI/PAA (with a warning); a CD signed by the test CD key also warns. Without a PAA otherwise, the PAA
/// rules are not checked.</para>
/// <para>The output is a report whose Checks list every rule (Rule, Subject, Passed, Message); IsValid is true when all
/// passed. -Quiet returns only $true or $false. Rule ids are stable: DacBasicConstraints, DacSignature,
/// DacVendorIdExpected, CdProductId, … A file that cannot be read is a non-terminating error and the pipeline goes on.</para>
/// </remarks>
/// <example>
/// <code>PS> Test-MatterAttestationChain -DacCertificate .\DAC_cert.der -PaiCertificate .\pai.pem -PaaCertificate .\paa.pem -VendorId 0xFFF2 -ProductId 0x8001</code>
/// <para>A report of every rule; IsValid says whether the device would pass attestation.</para>
/// </example>
/// <example>
/// <code>PS> (Test-MatterAttestationChain .\DAC_cert.der -PaiCertificate .\pai.pem -PaaCertificate .\paa.pem).Checks | Where-Object { -not $_.Passed }</code>
/// <para>Only the rules that failed, each with its reason.</para>
/// </example>
/// <example>
/// <code>PS> New-MatterDac -TestAttestation -OutputPath .\dacs | Test-MatterAttestationChain -Quiet</code>
/// <para>$true: the new test DAC chains to the built-in test PAI and PAA.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "MatterAttestationChain")]
[OutputType(typeof(AttestationChainReport), typeof(bool))]
public sealed class TestMatterAttestationChainCommand : MatterMfgCmdlet
{
    private bool _warned;

    /// <summary>The DAC (PEM or DER).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CertificatePath", "Dac")]
    public string DacCertificate { get; set; } = "";

    /// <summary>The PAI (PEM or DER); default: the built-in test PAI for a DAC it issued.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("PaiCertificatePath", "Pai")]
    public string? PaiCertificate { get; set; }

    /// <summary>The PAA (PEM or DER); default: the built-in test PAA for a test PAI.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Paa")]
    public string? PaaCertificate { get; set; }

    /// <summary>The DAC private key: it must match the DAC.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("KeyPath")]
    public string? DacKey { get; set; }

    /// <summary>Password of an encrypted DAC key.</summary>
    [Parameter]
    public SecureString? DacKeyPassword { get; set; }

    /// <summary>The device's vendor id: the DAC (and CD) must carry it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Vid")]
    public int VendorId { get; set; } = -1;

    /// <summary>The device's product id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [IntegerTransformation(0, 0xFFFF)]
    [Alias("Pid")]
    public int ProductId { get; set; } = -1;

    /// <summary>A certification declaration (CMS DER) to check against the device.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? CertificationDeclaration { get; set; }

    /// <summary>The CD signing certificate; default: the CD signing keys Matter commissioners trust (CSA Signing Key 001-005, the public test key).</summary>
    [Parameter]
    public string? CdSigningCertificate { get; set; }

    /// <summary>When the validity rules apply (default: now).</summary>
    [Parameter]
    public DateTime? At { get; set; }

    /// <summary>Return only $true (every rule passed) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecordCore()
    {
        string dacPath = ResolvePath(DacCertificate);
        try
        {
            var dac = AttestationCredentials.ReadCertificate(dacPath);
            var pai = PaiCertificate != null ? AttestationCredentials.ReadCertificate(ResolvePath(PaiCertificate))
                : IssuedBy(dac, MatterTestPki.Pai) ? Test(MatterTestPki.Pai)
                : throw new MfgException(ErrorIds.PaiRequired, MfgErrorKind.InvalidArgument, $"-PaiCertificate is required: the DAC '{dacPath}' was not issued by the built-in test PAI.", dacPath);
            var paa = PaaCertificate != null ? AttestationCredentials.ReadCertificate(ResolvePath(PaaCertificate))
                : IssuedBy(pai, MatterTestPki.Paa) ? Test(MatterTestPki.Paa)
                : null;
            var options = new AttestationChainOptions
            {
                At = At?.ToUniversalTime(),
                VendorId = VendorId >= 0 ? (ushort)VendorId : null,
                ProductId = ProductId >= 0 ? (ushort)ProductId : null,
                DacKey = DacKey != null ? CredentialInput.ReadKey(ResolvePath(DacKey), DacKeyPassword) : null,
            };
            if (CertificationDeclaration != null)
            {
                var cd = MatterMfg.Attestation.CertificationDeclaration.Read(ResolvePath(CertificationDeclaration));
                options.CertificationDeclaration = cd;
                // Without -CdSigningCertificate the signature is checked against the CD signing keys commissioners trust.
                options.CdSigner = CdSigningCertificate != null ? AttestationCredentials.ReadCertificate(ResolvePath(CdSigningCertificate)) : null;
                if (cd.IsTestPki)
                {
                    Test(MatterTestPki.CdSigner);
                }
            }
            var report = AttestationChain.Check(dac, pai, paa, options);
            if (Quiet)
            {
                WriteObject(report.IsValid);
            }
            else
            {
                WriteObject(report);
            }
        }
        catch (MfgException e)
        {
            WriteItemError(e, dacPath);
        }
    }

    private static bool IssuedBy(MatterCertificate child, MatterCertificate issuer) =>
        child.AuthorityKeyId != null && issuer.SubjectKeyId != null && System.Linq.Enumerable.SequenceEqual(child.AuthorityKeyId, issuer.SubjectKeyId);

    private MatterCertificate Test(MatterCertificate builtIn)
    {
        if (!_warned)
        {
            WriteWarning("Checking against the built-in public Matter test PKI: a chain that passes is a test chain, never a production one.");
            _warned = true;
        }
        return builtIn;
    }
}
