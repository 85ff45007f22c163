using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MatterMfg.Attestation;
using MatterMfg.Factory;
using MatterMfg.SigningKeys;

namespace MatterMfg.Benchmarks;

/// <summary>
/// The PAI key on a PKCS#11 token (SoftHSM, from .ci/services/softhsm.sh) against the same key as a file, in the same
/// process, turn by turn: DAC issuance alone (what the token changes) on one thread and on all cores, and whole factory
/// devices through FactoryBatch. Needs MATTERMFG_TEST_PKCS11_MODULE/TOKEN/PIN_FILE (source the script first).
/// </summary>
public sealed class HsmBenchmark : IBenchmark
{
    public string Name => "hsm";

    public string Description => "PAI key in a SoftHSM token vs a key file: DACs/s (1 thread, all cores) and factory devices/s, ratio in the same run";

    public void Run()
    {
        string? module = Environment.GetEnvironmentVariable("MATTERMFG_TEST_PKCS11_MODULE");
        string? token = Environment.GetEnvironmentVariable("MATTERMFG_TEST_PKCS11_TOKEN");
        string? pinFile = Environment.GetEnvironmentVariable("MATTERMFG_TEST_PKCS11_PIN_FILE");
        if (module == null || token == null || pinFile == null)
        {
            Console.WriteLine("  not run: the SoftHSM token is not set up (source .ci/services/softhsm.sh first, see the README).");
            return;
        }
        string vectors = Path.Combine(AppContext.BaseDirectory, "vectors", "matter", "attestation");
        string paiCert = Path.Combine(vectors, "Chip-Test-PAI-FFF1-8000-Cert.pem");
        string paiKey = Path.Combine(vectors, "Chip-Test-PAI-FFF1-8000-Key.pem");
        string uri = $"pkcs11:token={token};object=pai-key?module-path={module}&pin-source={pinFile}";

        var (pai, software) = SigningKeySource.ReadPair(paiCert, paiKey, new SigningKeySecret(), "PAI");
        var (_, hsm) = SigningKeySource.ReadPair(paiCert, uri, new SigningKeySecret(), "PAI");
        try
        {
            var validity = CertificateValidity.Resolve(null, 365, false, pai, ValidityLimit.Reject, "DAC");
            var soft = new DacIssuer(pai, software, 0xFFF1, 0x8000, validity);
            var token11 = new DacIssuer(pai, hsm, 0xFFF1, 0x8000, validity);
            Console.WriteLine("  DAC issuance (key generation + TBS + PAI signature), best of 3 alternating rounds:");
            foreach (int threads in new[] { 1, Environment.ProcessorCount })
            {
                int n = threads == 1 ? 1000 : 4000;
                double s = 0, h = 0;
                for (int round = 0; round < 3; round++)
                {
                    s = Math.Max(s, DacsPerSecond(soft, n, threads));
                    h = Math.Max(h, DacsPerSecond(token11, n, threads));
                }
                Console.WriteLine($"    {threads} thread(s), {n} DACs: key file {s,6:F0}/s, token {h,6:F0}/s, token/file {h / s:P0}");
            }
            // The PAI signature alone, one thread: the token's own cost per DAC.
            byte[] tbs = new byte[400];
            double signSoft = Measure.PerCall(() => software.Sign(tbs), 1.0);
            double signHsm = Measure.PerCall(() => hsm.Sign(tbs), 1.0);
            Console.WriteLine($"    one PAI signature, 1 thread: key file {signSoft * 1e3:F3} ms, token {signHsm * 1e3:F3} ms");
        }
        finally
        {
            (software as IDisposable)?.Dispose();
            (hsm as IDisposable)?.Dispose();
        }

        string root = Path.Combine(Path.GetTempPath(), "mattermfg-bench-hsm-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(root);
        try
        {
            const int devices = 300;
            double fileRate = 0, tokenRate = 0;
            for (int round = 0; round < 2; round++)
            {
                fileRate = Math.Max(fileRate, Factory(devices, root, paiCert, paiKey, vectors));
                tokenRate = Math.Max(tokenRate, Factory(devices, root, paiCert, uri, vectors));
            }
            Console.WriteLine($"  factory, {devices} devices (default settings, {Environment.ProcessorCount} threads), best of 2 alternating: " +
                $"key file {fileRate:F1} devices/s, token {tokenRate:F1} devices/s, token/file {tokenRate / fileRate:P0}");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static double DacsPerSecond(DacIssuer issuer, int n, int threads)
    {
        var sw = Stopwatch.StartNew();
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => issuer.Issue("bench"));
        return n / sw.Elapsed.TotalSeconds;
    }

    private static double Factory(int n, string root, string cert, string key, string vectors)
    {
        var o = new FactoryOptions
        {
            VendorId = 0xFFF1, ProductId = 0x8000, Count = n, WorkingDirectory = root, OutputDirectory = "out",
            Attestation = AttestationMode.Pai, CertificatePath = cert, KeyPath = key,
            CertificationDeclarationPath = Path.Combine(vectors, "Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der"),
        };
        var sw = Stopwatch.StartNew();
        int made;
        using (var batch = new FactoryBatch(new FactoryBatchSettings { Options = o }, new MatterFactoryEngine()))
        {
            made = batch.Run(null).Count(r => r.Kind == FactoryOutcomeKind.Made);
        }
        double rate = made / sw.Elapsed.TotalSeconds;
        if (made != n)
        {
            throw new InvalidOperationException($"only {made} of {n} devices were made");
        }
        Directory.Delete(Path.Combine(root, "out"), true);
        return rate;
    }
}
