using System;
using System.Text;

namespace MatterMfg.Attestation;

/// <summary>PEM armour as OpenSSL and Python's cryptography write it: 64-character base64 lines, LF line ends, a final LF.</summary>
public static class PemText
{
    public static string Encode(string label, byte[] der)
    {
        string b64 = Convert.ToBase64String(der);
        var sb = new StringBuilder(b64.Length + b64.Length / 64 + 64);
        sb.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (int i = 0; i < b64.Length; i += 64)
        {
            sb.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
        }
        return sb.Append("-----END ").Append(label).Append("-----\n").ToString();
    }
}
