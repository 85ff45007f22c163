using System;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using MatterMfg.Diagnostics;
using MatterMfg.Text;

namespace MatterMfg.PowerShell.Infrastructure;

/// <summary>
/// Strict integer binding for values that arrive as strings (Import-Csv rows, the command line) or as numbers (PowerShell
/// literals): decimal or 0x hex, range-checked. PowerShell's own conversion accepts '10kb', '1e3', '' and, when binding by
/// property name, silently keeps the default when conversion fails; this throws instead, so a bad row gets a
/// ParameterArgumentTransformationError that names the parameter, quotes the value as written and gives the range, and
/// the pipeline goes on with the next row. The exception PowerShell wraps (the record's <c>Exception.InnerException</c>)
/// is an MfgException with the catalogue id: NumberOutOfRange for any integer outside the range, however large (never
/// "not an integer", never clamped), NumberInvalid for a value that is no integer.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class IntegerTransformationAttribute : ArgumentTransformationAttribute
{
    public IntegerTransformationAttribute(long min, long max)
    {
        Min = min;
        Max = max;
    }

    public long Min { get; }

    public long Max { get; }

    /// <summary>An empty or blank string (an empty CSV cell) binds as null: the optional value is not given.</summary>
    public bool EmptyMeansNone { get; set; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case Array array:
                var result = new object?[array.Length];
                for (int i = 0; i < array.Length; i++)
                {
                    result[i] = Transform(engineIntrinsics, array.GetValue(i));
                }
                return result;
            case string s when EmptyMeansNone && string.IsNullOrWhiteSpace(s):
                return null;
            case string s:
                return NumberText.Parse(s, null, Min, Max);
            case byte or sbyte or short or ushort or int or uint or long:
                return NumberText.Check(Convert.ToInt64(value, CultureInfo.InvariantCulture), null, Min, Max);
            case ulong or BigInteger:
                // Beyond a long (18446744073709551615, 99999999999999999999n): an integer still, out of range as written.
                return NumberText.Parse(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), null, Min, Max);
            case double or float or decimal:
                return Fractional(value);
            default:
                throw MfgException.NumberInvalid(null, $"{value} ({value.GetType().Name})", NumberText.Expected(NumberSyntax.DecimalOrHex));
        }
    }

    /// <summary>
    /// A number PowerShell made a double or decimal (1e3, 1.5, 99999999999999999999): a whole one is checked like an
    /// integer (out of range as written when it is beyond a long), one with a fraction, NaN or an infinity is no integer.
    /// </summary>
    private object Fractional(object value)
    {
        string written = ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
        bool whole;
        bool fitsLong;
        if (value is decimal m)
        {
            whole = decimal.Truncate(m) == m;
            fitsLong = m >= long.MinValue && m <= long.MaxValue;
        }
        else
        {
            double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            whole = !double.IsNaN(d) && !double.IsInfinity(d) && Math.Floor(d) == d;
            fitsLong = d >= -9.2e18 && d <= 9.2e18;
        }
        if (!whole)
        {
            throw MfgException.NumberInvalid(null, written, NumberText.Expected(NumberSyntax.DecimalOrHex));
        }
        return fitsLong
            ? NumberText.Check(Convert.ToInt64(value, CultureInfo.InvariantCulture), null, Min, Max)
            : throw MfgException.NumberOutOfRange(null, written, Min, Max);
    }
}
