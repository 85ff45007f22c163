using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using MatterMfg.Attestation;
using MatterMfg.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace MatterMfg.SigningKeys;

/// <summary>
/// An EC P-256 private key on a PKCS#11 token (an HSM, a smart card, SoftHSM), named by a <see cref="Pkcs11Uri"/>. The
/// key never leaves the token: the digest is computed here and the token signs it (CKM_ECDSA). Each thread that signs
/// gets its own read-only session, opened on first use, so the factory's parallel workers never wait for one another's
/// session; the login (one per application and token, as PKCS#11 defines it) is done once. Dispose closes the sessions
/// and releases the module.
/// </summary>
public sealed class Pkcs11SigningKey : ISigningKey, IDisposable
{
    // DER of the prime256v1 OID, as CKA_EC_PARAMS holds it.
    private static readonly byte[] P256Params = { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 };

    private readonly Pkcs11Uri _uri;
    private readonly string _module;
    private readonly ISlot _slot;
    private readonly ISession _setup;
    private readonly IObjectHandle _key;
    private readonly ThreadLocal<Worker> _workers;
    private int _disposed;

    private Pkcs11SigningKey(Pkcs11Uri uri, string module, ISlot slot, ISession setup, IObjectHandle key, byte[] publicKey)
    {
        _uri = uri;
        _module = module;
        _slot = slot;
        _setup = setup;
        _key = key;
        PublicKey = publicKey;
        _workers = new ThreadLocal<Worker>(() => new Worker(_slot.OpenSession(SessionType.ReadOnly)), trackAllValues: true);
    }

    /// <summary>65 bytes 04 ‖ X ‖ Y.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The key's URI without any PIN.</summary>
    public string Source => _uri.Redacted;

    /// <summary>
    /// Loads the module, finds the one token and the one private key the URI names, logs in with <paramref name="pin"/>
    /// (null: only when the token needs no login), and checks with one signature that the key works and is the key of
    /// <paramref name="expectedPublicKey"/> when given (the certificate's). The public point comes from the token's
    /// public key object with the same id/label, else from <paramref name="expectedPublicKey"/>.
    /// </summary>
    public static Pkcs11SigningKey Open(Pkcs11Uri uri, char[]? pin, byte[]? expectedPublicKey, string baseDirectory)
    {
        string module = uri.ModuleLibrary(baseDirectory);
        var library = Pkcs11Modules.Acquire(module, uri);
        ISession? setup = null;
        Pkcs11SigningKey? signer = null;
        try
        {
            var slot = FindSlot(library, uri);
            setup = Call(uri, () => slot.OpenSession(SessionType.ReadOnly), "open a session");
            Login(setup, slot, uri, pin);
            var key = FindKey(setup, uri);
            byte[] publicKey = ReadPublicKey(setup, uri) ?? expectedPublicKey
                ?? throw new MfgException(ErrorIds.Pkcs11PublicKeyNotFound, MfgErrorKind.ObjectNotFound,
                    $"The public key of the PKCS#11 key '{uri.Redacted}' cannot be read: the token has no public key object with its id or label, and no certificate was given.", uri.Redacted);
            signer = new Pkcs11SigningKey(uri, module, slot, setup, key, publicKey);
            signer.CheckSigns();
            return signer;
        }
        catch
        {
            if (signer != null)
            {
                signer.Dispose();
            }
            else
            {
                if (setup != null)
                {
                    CloseQuietly(setup);
                }
                Pkcs11Modules.Release(module);
            }
            throw;
        }
    }

    /// <summary>ECDSA-SHA256 by the token; the DER signature.</summary>
    public byte[] Sign(byte[] data)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(Pkcs11SigningKey));
        }
        var worker = Call(_uri, () => _workers.Value!, "open a session");
        byte[] digest = worker.Sha256.ComputeHash(data);
        byte[] raw = Call(_uri, () => worker.Session.Sign(worker.Session.Factories.MechanismFactory.Create(CKM.CKM_ECDSA), _key, digest), "sign");
        if (raw.Length != 64)
        {
            throw SignFailed(_uri, "sign", $"it returned a {raw.Length}-byte signature; a P-256 signature is 64 bytes (r ‖ s)", null);
        }
        return P256Key.DerFromRaw(raw);
    }

    /// <summary>Reads the key object's CKA_EXTRACTABLE and CKA_SENSITIVE (what a PAI key in hardware must be: false, true).</summary>
    public (bool Extractable, bool Sensitive) ReadProtection()
    {
        var attrs = _setup.GetAttributeValue(_key, new List<CKA> { CKA.CKA_EXTRACTABLE, CKA.CKA_SENSITIVE });
        return (attrs[0].GetValueAsBool(), attrs[1].GetValueAsBool());
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (var w in _workers.Values)
        {
            w.Dispose();
        }
        _workers.Dispose();
        CloseQuietly(_setup);
        Pkcs11Modules.Release(_module);
    }

    public override string ToString() => _uri.Redacted;

    private void CheckSigns()
    {
        byte[] probe = Encoding.ASCII.GetBytes("MatterMfg PKCS#11 key check");
        if (!P256Key.Verify(PublicKey, probe, Sign(probe)))
        {
            throw new MfgException(ErrorIds.Pkcs11KeyPairMismatch, MfgErrorKind.SecurityError,
                $"The PKCS#11 key '{_uri.Redacted}' does not sign for its public key (the token's public key object with its id or label, else the certificate's): a signature it made does not verify.", _uri.Redacted);
        }
    }

    private static ISlot FindSlot(IPkcs11Library library, Pkcs11Uri uri)
    {
        var slots = Call(uri, () => library.GetSlotList(SlotsType.WithTokenPresent), "list the slots");
        var seen = new List<string>();
        var matches = new List<ISlot>();
        foreach (var slot in slots)
        {
            var info = Call(uri, () => slot.GetTokenInfo(), "read the token information");
            string label = info.Label.Trim();
            seen.Add($"'{label}' (slot {slot.SlotId})");
            if ((uri.SlotId == null || uri.SlotId == slot.SlotId)
                && Same(uri.Token, label) && Same(uri.Manufacturer, info.ManufacturerId) && Same(uri.Model, info.Model) && Same(uri.Serial, info.SerialNumber))
            {
                matches.Add(slot);
            }
        }
        if (matches.Count == 0)
        {
            throw new MfgException(ErrorIds.Pkcs11TokenNotFound, MfgErrorKind.ObjectNotFound,
                $"No token matches the PKCS#11 key URI '{uri.Redacted}'. Tokens present: {(seen.Count == 0 ? "none" : string.Join(", ", seen))}.", uri.Redacted);
        }
        if (matches.Count > 1)
        {
            throw new MfgException(ErrorIds.Pkcs11TokenAmbiguous, MfgErrorKind.InvalidArgument,
                $"{matches.Count} tokens match the PKCS#11 key URI '{uri.Redacted}' ({string.Join(", ", seen)}): add token=, serial= or slot-id= to name one.", uri.Redacted);
        }
        return matches[0];
    }

    private static bool Same(string? wanted, string? actual) => wanted == null || string.Equals(wanted, actual?.Trim(), StringComparison.Ordinal);

    private static void Login(ISession session, ISlot slot, Pkcs11Uri uri, char[]? pin)
    {
        if (pin == null || pin.Length == 0)
        {
            if (Call(uri, () => slot.GetTokenInfo(), "read the token information").TokenFlags.LoginRequired)
            {
                throw new MfgException(ErrorIds.Pkcs11PinRequired, MfgErrorKind.InvalidArgument,
                    $"The token of the PKCS#11 key '{uri.Redacted}' needs its user PIN: add pin-source=<file> to the URI, give -PaiKeyPin/-PaaKeyPin (or --pwd-file), or set {SigningKeySource.PinEnvironmentVariable}.", uri.Redacted);
            }
            return;
        }
        byte[] bytes = new UTF8Encoding(false).GetBytes(pin);
        try
        {
            session.Login(CKU.CKU_USER, bytes);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another key of this process is logged in to the same token: the login is shared.
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_PIN_INCORRECT || e.RV == CKR.CKR_PIN_LEN_RANGE || e.RV == CKR.CKR_PIN_INVALID)
        {
            throw new MfgException(ErrorIds.Pkcs11PinWrong, MfgErrorKind.SecurityError,
                $"The token refused the PIN for the PKCS#11 key '{uri.Redacted}' ({e.RV}): the PIN is wrong.", uri.Redacted);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_PIN_LOCKED || e.RV == CKR.CKR_PIN_EXPIRED)
        {
            throw new MfgException(ErrorIds.Pkcs11PinLocked, MfgErrorKind.SecurityError,
                $"The user PIN of the token of '{uri.Redacted}' is locked or expired ({e.RV}): the security officer has to unlock or reset it.", uri.Redacted);
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    private static IObjectHandle FindKey(ISession session, Pkcs11Uri uri)
    {
        var found = Call(uri, () => session.FindAllObjects(Template(session, uri, CKO.CKO_PRIVATE_KEY)), "search the token");
        if (found.Count == 0)
        {
            throw new MfgException(ErrorIds.Pkcs11KeyNotFound, MfgErrorKind.ObjectNotFound,
                $"The token has no private key {Named(uri)} (PKCS#11 key URI '{uri.Redacted}').", uri.Redacted);
        }
        if (found.Count > 1)
        {
            throw new MfgException(ErrorIds.Pkcs11KeyAmbiguous, MfgErrorKind.InvalidArgument,
                $"The token has {found.Count} private keys {Named(uri)} (PKCS#11 key URI '{uri.Redacted}'): add id= to name one.", uri.Redacted);
        }
        var attrs = Call(uri, () => session.GetAttributeValue(found[0], new List<CKA> { CKA.CKA_KEY_TYPE, CKA.CKA_EC_PARAMS, CKA.CKA_SIGN }), "read the key's attributes");
        bool ec = attrs[0].CannotBeRead == false && attrs[0].GetValueAsUlong() == (ulong)CKK.CKK_EC;
        if (!ec || attrs[1].CannotBeRead || !attrs[1].GetValueAsByteArray().SequenceEqual(P256Params))
        {
            throw new MfgException(ErrorIds.Pkcs11KeyNotP256, MfgErrorKind.InvalidData,
                $"The PKCS#11 key '{uri.Redacted}' is not an EC P-256 key ({(ec ? "another curve" : "key type 0x" + attrs[0].GetValueAsUlong().ToString("X"))}); Matter attestation keys are EC P-256.", uri.Redacted);
        }
        if (!attrs[2].CannotBeRead && !attrs[2].GetValueAsBool())
        {
            throw new MfgException(ErrorIds.Pkcs11KeyCannotSign, MfgErrorKind.InvalidData,
                $"The PKCS#11 key '{uri.Redacted}' may not sign (CKA_SIGN is false).", uri.Redacted);
        }
        return found[0];
    }

    /// <summary>CKA_EC_POINT of the public key object with the key's id/label (DER OCTET STRING, or the bare point as some tokens store it).</summary>
    private static byte[]? ReadPublicKey(ISession session, Pkcs11Uri uri)
    {
        var found = Call(uri, () => session.FindAllObjects(Template(session, uri, CKO.CKO_PUBLIC_KEY)), "search the token");
        if (found.Count != 1)
        {
            return null;
        }
        var point = Call(uri, () => session.GetAttributeValue(found[0], new List<CKA> { CKA.CKA_EC_POINT }), "read the public key")[0];
        if (point.CannotBeRead)
        {
            return null;
        }
        byte[] v = point.GetValueAsByteArray();
        if (v.Length == 67 && v[0] == 0x04 && v[1] == 65 && v[2] == 0x04)
        {
            return v.Skip(2).ToArray();
        }
        return v.Length == 65 && v[0] == 0x04 ? v : null;
    }

    private static List<IObjectAttribute> Template(ISession session, Pkcs11Uri uri, CKO kind)
    {
        var f = session.Factories.ObjectAttributeFactory;
        var t = new List<IObjectAttribute> { f.Create(CKA.CKA_CLASS, kind) };
        if (uri.Object != null)
        {
            t.Add(f.Create(CKA.CKA_LABEL, uri.Object));
        }
        if (uri.Id is { } id)
        {
            t.Add(f.Create(CKA.CKA_ID, id));
        }
        return t;
    }

    private static string Named(Pkcs11Uri uri) =>
        string.Join(" and ", new[] { uri.Object != null ? $"labelled '{uri.Object}'" : null, uri.Id != null ? $"with id {BitConverter.ToString(uri.Id).Replace("-", "")}" : null }.Where(s => s != null));

    /// <summary>Runs a PKCS#11 call; a failure becomes an <see cref="MfgException"/> naming the URI (never the PIN) and the return code.</summary>
    private static T Call<T>(Pkcs11Uri uri, Func<T> call, string what)
    {
        try
        {
            return call();
        }
        catch (Pkcs11Exception e)
        {
            throw SignFailed(uri, what, e.RV.ToString(), e);
        }
    }

    /// <summary>The one wording of <see cref="ErrorIds.Pkcs11SignFailed"/>: <c>The token of the PKCS#11 key '&lt;uri&gt;' failed to &lt;what&gt;: &lt;why&gt;.</c></summary>
    private static MfgException SignFailed(Pkcs11Uri uri, string what, string why, Exception? inner) =>
        new(ErrorIds.Pkcs11SignFailed, MfgErrorKind.InvalidOperation, $"The token of the PKCS#11 key '{uri.Redacted}' failed to {what}: {why}.", uri.Redacted, inner);

    private static void CloseQuietly(ISession session)
    {
        try
        {
            session.CloseSession();
        }
        catch (Pkcs11Exception)
        {
            // The token went away: nothing left to close.
        }
    }

    /// <summary>One thread's session and digest.</summary>
    private sealed class Worker : IDisposable
    {
        public Worker(ISession session) => Session = session;

        public ISession Session { get; }

        public SHA256 Sha256 { get; } = SHA256.Create();

        public void Dispose()
        {
            CloseQuietly(Session);
            Sha256.Dispose();
        }
    }
}

/// <summary>
/// PKCS#11 modules loaded in this process. C_Initialize may run once per process, so two keys on the same module (a PAI
/// key and a PAA key, or two runs at once) share one loaded library; the last one released finalizes it.
/// </summary>
internal static class Pkcs11Modules
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, (IPkcs11Library Library, int Users)> Loaded = new(StringComparer.Ordinal);

    public static IPkcs11Library Acquire(string module, Pkcs11Uri uri)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(module, out var entry))
            {
                Loaded[module] = (entry.Library, entry.Users + 1);
                return entry.Library;
            }
            if (Path.IsPathRooted(module) && !File.Exists(module))
            {
                throw NotLoaded(module, uri, "the file does not exist", null);
            }
            IPkcs11Library library;
            Pkcs11NativeLoader.Install();
            try
            {
                var factories = new Pkcs11InteropFactories();
                library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, module, AppType.MultiThreaded);
            }
            catch (Exception e) when (e is UnmanagedException || e is LibraryArchitectureException || e is Pkcs11Exception
                || e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                throw NotLoaded(module, uri, e.Message, e);
            }
            Loaded[module] = (library, 1);
            return library;
        }
    }

    public static void Release(string module)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(module, out var entry))
            {
                return;
            }
            if (entry.Users > 1)
            {
                Loaded[module] = (entry.Library, entry.Users - 1);
                return;
            }
            Loaded.Remove(module);
            try
            {
                entry.Library.Dispose();
            }
            catch (Pkcs11Exception)
            {
                // C_Finalize failing leaves nothing to do.
            }
        }
    }

    private static MfgException NotLoaded(string module, Pkcs11Uri uri, string reason, Exception? inner) =>
        new(ErrorIds.Pkcs11ModuleNotFound, MfgErrorKind.ObjectNotFound,
            $"Cannot load the PKCS#11 module '{module}' of the key '{uri.Redacted}': {reason}.", uri.Redacted, inner);
}
