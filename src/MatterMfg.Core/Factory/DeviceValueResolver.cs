using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.Text;

namespace MatterMfg.Factory;

/// <summary>
/// Merges the shared options, one input row and its per-device CSV record into the device's final values, drawing
/// the missing ones at random. Row values obey the same rules as the options they stand for; a bad one fails the row,
/// naming it and the field. Thread-safe: devices are resolved in parallel.
/// </summary>
internal sealed class DeviceValueResolver
{
    private readonly FactoryOptions _o;
    private readonly FactorySchema _schema;
    private readonly IFactoryEngine _engine;
    private readonly string? _externalCommonName;

    public DeviceValueResolver(FactoryOptions options, FactorySchema schema, IFactoryEngine engine, string? externalCommonName)
    {
        _o = options;
        _schema = schema;
        _engine = engine;
        _externalCommonName = externalCommonName;
    }

    /// <summary>The value a row gives for a device field: its per-device CSV record when the schema redeclares the key, else its column.</summary>
    public string? Field(DeviceInput input, string? given, string key) =>
        input.Extra != null && _schema.DeclaresDeviceKey(key) && input.Extra.TryGetValue(key, out string? v) ? v : given;

    /// <summary>The serial number the row asks for (null: drawn at random or from the options).</summary>
    public string? GivenSerialNumber(DeviceInput input) => Field(input, input.SerialNumber, "serial-num");

    /// <summary>Checks the row's own values that do not depend on random draws (lengths, dates); throws naming the row.</summary>
    public void CheckRow(DeviceInput input, int row)
    {
        if (input.DeviceId is string id && !IsFolderName(id))
        {
            throw Bad(row, "DeviceId", ErrorIds.DeviceIdInvalid, $"'{id}' cannot be a folder name.");
        }
        string? serial = GivenSerialNumber(input);
        if (serial != null)
        {
            RowRule(row, "SerialNumber", () => FactoryValidation.CheckSerialNumber(serial, "serial-num"));
        }
        if (Field(input, input.RotatingDeviceIdUniqueId, "rd-id-uid") is string rd && !FactoryValidation.StoresRotatingDeviceIdUniqueId(_o, _schema))
        {
            // As --rd-id-uid on the command line: a value that no partition keeps is refused, not dropped.
            throw InRow(row, "RotatingDeviceIdUniqueId", FactoryValidation.OptionWithoutEffect("RotatingDeviceIdUniqueId",
                $"'{rd}' would be dropped: the unique id is stored only with the rotating device id enabled (--enable-rotating-device-id, -EnableRotatingDeviceId) or in the secure-cert partition (--rd-id-uid-in-secure-cert)."));
        }
        if (input.Extra == null)
        {
            return;
        }
        foreach (var k in _schema.ExtraKeys)
        {
            if (k.Namespace == ExtraKeyCsv.ChipFactory && input.Extra.TryGetValue(k.Key, out string? v))
            {
                RowRule(row, k.Key, () => FactoryValidation.CheckDeviceInstanceValue(k.Key, v));
            }
        }
    }

    private static void RowRule(int row, string field, Action check)
    {
        try
        {
            check();
        }
        catch (MfgException e)
        {
            throw new MfgException(e.ErrorId, e.Kind, $"Row {row}, {field}: {e.Message}", $"row {row}: {field}", e);
        }
    }

    private static bool IsFolderName(string id) =>
        id.Length > 0 && id.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && !id.StartsWith(".", StringComparison.Ordinal);

    public DeviceValues Resolve(DeviceInput input, int index, int row)
    {
        CheckRow(input, row);
        var d = new DeviceValues { Index = index, Extra = input.Extra, ReplaceExisting = input.ReplaceExisting };
        string? deviceId = input.DeviceId;
        if (deviceId == null && _externalCommonName is string cn && Guid.TryParse(cn, out _))
        {
            deviceId = cn;
        }
        d.DeviceId = deviceId ?? Guid.NewGuid().ToString();

        string? disc = Field(input, input.Discriminator, "discriminator");
        d.Discriminator = disc != null
            ? (ushort)ParseInt(disc, row, "Discriminator", 0, SetupDiscriminator.Max)
            : _o.Discriminator is long od ? (ushort)od : _engine.NewDiscriminator();

        string? it = Field(input, input.IterationCount, "iteration-count");
        d.IterationCount = it != null ? (int)ParseInt(it, row, "IterationCount", Spake2pVerifier.MinIterations, Spake2pVerifier.MaxIterations) : _o.IterationCount;

        if (!_o.EnableDynamicPasscode)
        {
            if (input.Passcode != null)
            {
                long p = ParseInt(input.Passcode, row, "Passcode", 0, SetupPasscode.FieldMax);
                if (!FactoryValidation.IsValidPasscode(p))
                {
                    throw InRow(row, "Passcode", SetupPasscode.Invalid(p, null));
                }
                d.Passcode = (uint)p;
            }
            else
            {
                d.Passcode = _o.Passcode is long op ? (uint)op : _engine.NewPasscode();
            }
        }

        string? salt = Field(input, input.Salt, "salt") ?? _o.Salt;
        if (salt != null)
        {
            d.Salt = DecodeBase64(salt, row, "Salt");
            if (d.Salt.Length < 16 || d.Salt.Length > 32)
            {
                throw InRow(row, "Salt", Spake2pVerifier.SaltLengthWrong(d.Salt.Length, null));
            }
            d.SaltText = salt;
        }
        else
        {
            d.Salt = RandomBytes(32);
            d.SaltText = Convert.ToBase64String(d.Salt);
        }
        d.VerifierText = _o.EnableDynamicPasscode ? null : Field(input, input.Verifier, "verifier") ?? (salt == _o.Salt ? _o.Verifier : null);

        d.SerialNumber = GivenSerialNumber(input) ?? _o.SerialNumber ?? HexText(RandomBytes(16));

        string? rd = Field(input, input.RotatingDeviceIdUniqueId, "rd-id-uid") ?? _o.RotatingDeviceIdUniqueId;
        if (rd != null)
        {
            if (!FactoryValidation.IsHex(rd.Trim(), 32))
            {
                throw InRow(row, "RotatingDeviceIdUniqueId", FactoryValidation.RotatingDeviceIdUniqueIdInvalid(rd, null));
            }
            d.RotatingDeviceIdUniqueId = rd.Trim();
        }
        else if (_o.EnableRotatingDeviceId || _o.RotatingDeviceIdUniqueIdInSecureCert || _schema.DeclaresDeviceKey("rd-id-uid"))
        {
            d.RotatingDeviceIdUniqueId = HexText(RandomBytes(16));
        }
        return d;
    }

    /// <summary>A number from a row's cell, refused as written (NumberInvalid, NumberOutOfRange) naming the row and the column.</summary>
    private static long ParseInt(string text, int row, string field, long min, long max) =>
        NumberText.Parse(text, $"Row {row}, {field}", min, max, NumberSyntax.DecimalOrHex, $"row {row}: {field}");

    public static byte[] DecodeBase64(string text, int row, string field)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw InRow(row, field, FactoryValidation.Base64Invalid(text, field));
        }
    }

    public static MfgException Bad(int row, string field, string errorId, string reason) =>
        new(errorId, MfgErrorKind.InvalidArgument, $"Row {row}, {field}: {reason}", $"row {row}: {field}");

    /// <summary>
    /// The row frame around an error worded by its own factory (SetupPasscode.Invalid, Spake2pVerifier.SaltLengthWrong…):
    /// <c>Row N, Field: &lt;the factory's message&gt;</c>, same id and kind, the row and column as target.
    /// </summary>
    public static MfgException InRow(int row, string field, MfgException e) =>
        new(e.ErrorId, e.Kind, $"Row {row}, {field}: {e.Message}", $"row {row}: {field}", e);

    internal static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(b);
        }
        return b;
    }

    internal static string HexText(byte[] b)
    {
        var sb = new System.Text.StringBuilder(b.Length * 2);
        foreach (byte x in b)
        {
            sb.Append(x.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
