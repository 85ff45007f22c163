using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MatterMfg.Attestation;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Attestation;

/// <summary>The upstream test PKI files in vectors/matter/attestation.</summary>
public static class AttestationVectors
{
    public static string VectorFile(string name) => Repo.Vector("matter", "attestation", name);

    public static MatterCertificate Cert(string name) => AttestationCredentials.ReadCertificate(VectorFile(name));

    public static P256Key Key(string name) => AttestationCredentials.ReadPrivateKey(VectorFile(name));

    public static MatterCertificate PaaFff1 => Cert("Chip-Test-PAA-FFF1-Cert.pem");

    public static MatterCertificate PaiFff1 => Cert("Chip-Test-PAI-FFF1-8000-Cert.pem");

    public static MatterCertificate PaaNoVid => Cert("Chip-Test-PAA-NoVID-Cert.pem");

    public static MatterCertificate PaiFff2 => Cert("Chip-Test-PAI-FFF2-8001-Cert.pem");

    public static MatterCertificate Dac(int n) => Cert($"Chip-Test-DAC-FFF1-8000-000{n}-Cert.pem");
}

/// <summary>A fact that needs the openssl command; skipped, visibly, where it is not installed.</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!OpenSsl.Available)
        {
            Skip = "openssl is not on PATH: the cross-check with OpenSSL did not run.";
        }
    }
}

/// <summary>Runs the openssl command line.</summary>
public static class OpenSsl
{
    public static readonly bool Available = Probe();

    /// <summary>Runs openssl with <paramref name="args"/>; returns the exit code and stdout+stderr.</summary>
    public static (int Code, string Output) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    private static bool Probe()
    {
        try
        {
            return Run("version").Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
