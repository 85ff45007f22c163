using System;
using System.Management.Automation;
using MatterMfg.Text;

namespace MatterMfg.PowerShell.Infrastructure;

/// <summary>
/// Strict integer binding for values that arrive as strings (Import-Csv rows, the command line): decimal or 0x hex,
/// range-checked. PowerShell's own conversion accepts '10kb', '1e3', '' and, when binding by property name, silently
/// keeps the default when conversion fails; this throws instead, so a bad row gets a ParameterArgumentTransformationError
/// that names the value and the range, and the pipeline goes on with the next row.
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
                return Check(s, NumberText.TryParse(s, out long parsed) ? parsed : (long?)null);
            case byte or sbyte or short or ushort or int or uint or long:
                return Check(value.ToString(), Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            case ulong u:
                return Check(value.ToString(), u > long.MaxValue ? null : (long)u);
            case double or float or decimal:
                double d = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                return Check(value.ToString(), Math.Floor(d) == d && Math.Abs(d) < 9e18 ? (long)d : (long?)null);
            default:
                throw new ArgumentTransformationMetadataException($"'{value}' ({value.GetType().Name}) is not an integer.");
        }
    }

    private object Check(string? text, long? v)
    {
        if (v == null)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{text}' is not an integer (use decimal digits or 0x-prefixed hex).");
        }
        if (v < Min || v > Max)
        {
            throw new ArgumentTransformationMetadataException($"{text} is out of range ({Min}..{Max}).");
        }
        return v.Value;
    }
}
