namespace MatterMfg.Attestation;

/// <summary>
/// A P-256 signing key whose private half may live anywhere: in memory (<see cref="P256Key"/>), in an HSM or a
/// non-exportable key store. Certificate issuance (<see cref="DacIssuer"/>, <see cref="PaiIssuer"/>) only needs the
/// public point and an ECDSA-SHA256 signature, so the certificates are the same bytes (the same TBS, a signature that
/// verifies under the public key) whichever kind of key signs. Implementations are thread-safe: the factory signs in
/// parallel.
/// </summary>
public interface ISigningKey
{
    /// <summary>65 bytes 04 ‖ X ‖ Y.</summary>
    byte[] PublicKey { get; }

    /// <summary>ECDSA with SHA-256 over <paramref name="data"/>; the signature DER-encoded (Ecdsa-Sig-Value).</summary>
    byte[] Sign(byte[] data);
}
