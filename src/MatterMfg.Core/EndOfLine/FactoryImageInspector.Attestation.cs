using System;
using System.Linq;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;

namespace MatterMfg.EndOfLine;

public static partial class FactoryImageInspector
{
    private sealed partial class Context
    {
        /// <summary>
        /// DAC, its keys, the PAI and the CD of the partition, through the Matter attestation rules
        /// (<see cref="AttestationChain.Check"/>): each failed rule is named in the result.
        /// </summary>
        public void CheckAttestation()
        {
            byte[]? dacDer = Blob("dac-cert"), paiDer = Blob("pai-cert"), cdDer = Blob("cert-dclrn");
            byte[]? dacKey = Blob("dac-key"), dacPub = Blob("dac-pub-key");
            if (dacDer == null)
            {
                string why = _expect.DacElsewhere ? "the DAC is not in this partition (secure cert or pre-provisioned)" : "no dac-cert in the partition";
                Skip("DacKeys", why);
                Skip("AttestationChain", why);
            }
            else
            {
                CheckDac(dacDer, paiDer, dacKey, dacPub);
            }
            CheckCertificationDeclaration(cdDer);
        }

        private void CheckDac(byte[] dacDer, byte[]? paiDer, byte[]? dacKey, byte[]? dacPub)
        {
            MatterCertificate dac;
            try
            {
                dac = AttestationCredentials.ParseCertificate(dacDer, "dac-cert");
            }
            catch (MfgException e)
            {
                Fail("DacKeys", "dac-cert is not a certificate: " + e.Message);
                Fail("AttestationChain", "dac-cert is not a certificate");
                return;
            }
            DacSerial = dac.SerialNumber;
            DacSha256 = dac.Sha256Fingerprint.Replace(":", "").ToLowerInvariant();

            P256Key? key = null;
            var keyProblems = new System.Collections.Generic.List<string>();
            if (dacKey == null || dacKey.Length != 32)
            {
                keyProblems.Add(dacKey == null ? "no dac-key" : $"dac-key is {dacKey.Length} bytes, the firmware reads a raw 32-byte scalar");
            }
            else
            {
                try
                {
                    key = P256Key.FromScalar(dacKey);
                    if (!key.Matches(dac.PublicKey))
                    {
                        keyProblems.Add("dac-key does not belong to dac-cert");
                    }
                }
                catch (MfgException e)
                {
                    keyProblems.Add("dac-key is not a P-256 private key: " + e.Message);
                }
            }
            if (dacPub == null || !dacPub.AsSpan().SequenceEqual(dac.PublicKey))
            {
                keyProblems.Add(dacPub == null ? "no dac-pub-key" : "dac-pub-key is not dac-cert's public key");
            }
            if (keyProblems.Count == 0)
            {
                Pass("DacKeys", "dac-key and dac-pub-key are the DAC's key pair");
            }
            else
            {
                Fail("DacKeys", string.Join("; ", keyProblems));
            }

            if (paiDer == null)
            {
                Fail("AttestationChain", "no pai-cert in the partition: the DAC cannot be checked");
                return;
            }
            if (_expect.PaiCertificateDer != null && !paiDer.AsSpan().SequenceEqual(_expect.PaiCertificateDer))
            {
                Fail("AttestationChain", "the partition's pai-cert is not the expected PAI");
                return;
            }
            MatterCertificate pai;
            MatterCertificate? paa = null;
            try
            {
                pai = AttestationCredentials.ParseCertificate(paiDer, "pai-cert");
                if (_expect.PaaCertificateDer != null)
                {
                    paa = AttestationCredentials.ParseCertificate(_expect.PaaCertificateDer, "PAA");
                }
            }
            catch (MfgException e)
            {
                Fail("AttestationChain", e.Message);
                return;
            }
            int? vid = U32("vendor-id"), pid = U32("product-id");
            var report = AttestationChain.Check(dac, pai, paa, new AttestationChainOptions
            {
                At = _expect.At,
                VendorId = vid is { } v and <= 0xFFFF ? (ushort)v : null,
                ProductId = pid is { } p and <= 0xFFFF ? (ushort)p : null,
            });
            if (report.IsValid)
            {
                Pass("AttestationChain", paa == null
                    ? "the DAC chains to the PAI and carries the partition's VID/PID (no PAA given)"
                    : "the DAC chains to the PAI and the PAA and carries the partition's VID/PID");
            }
            else
            {
                Fail("AttestationChain", string.Join("; ", report.Failures.Select(f => $"{f.Rule}: {f.Message}")));
            }
        }

        private void CheckCertificationDeclaration(byte[]? cdDer)
        {
            if (cdDer == null)
            {
                if (_expect.DacElsewhere)
                {
                    Skip("CertificationDeclaration", "no cert-dclrn in the partition");
                }
                else
                {
                    Fail("CertificationDeclaration", "no cert-dclrn in the partition");
                }
                return;
            }
            CertificationDeclaration cd;
            try
            {
                cd = CertificationDeclaration.Decode(cdDer, "cert-dclrn");
            }
            catch (MfgException e)
            {
                Fail("CertificationDeclaration", "cert-dclrn does not decode: " + e.Message);
                return;
            }
            var problems = new System.Collections.Generic.List<string>();
            int? vid = U32("vendor-id"), pid = U32("product-id");
            if (vid is not { } v || pid is not { } p || v > 0xFFFF || p > 0xFFFF || !cd.Covers((ushort)v, (ushort)p))
            {
                problems.Add($"the CD (VID 0x{cd.VendorId:X4}, PIDs {string.Join(",", cd.ProductIds.Select(x => "0x" + x.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}) does not cover VID {Hex(vid)} PID {Hex(pid)}");
            }
            CdSigningKey? key = null;
            try
            {
                CdSigningKey? signer = _expect.CdSigningCertificateDer == null ? null
                    : CdSigningKey.FromCertificate(AttestationCredentials.ParseCertificate(_expect.CdSigningCertificateDer, "CD signing certificate"));
                key = CertificationDeclarationTrust.TryVerify(cd, signer, out string why);
                if (key == null)
                {
                    problems.Add("CD signature: " + why);
                }
            }
            catch (MfgException e)
            {
                problems.Add(e.Message);
            }
            if (problems.Count == 0)
            {
                Pass("CertificationDeclaration", $"the CD covers the partition's VID/PID and its signature verifies under {key!.Name}"
                    + (key.IsTestOnly ? " (test-only: never ship)" : ""));
            }
            else
            {
                Fail("CertificationDeclaration", string.Join("; ", problems));
            }
        }
    }
}
