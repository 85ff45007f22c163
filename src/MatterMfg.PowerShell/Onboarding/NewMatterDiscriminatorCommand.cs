using System.Management.Automation;
using MatterMfg.Commissioning;
using MatterMfg.Diagnostics;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>Draws random 12-bit discriminators (0..4095) from the operating system's CSPRNG.</summary>
/// <remarks>
/// <para>Uniform over 0..4095 (0 is a valid discriminator). -Unique makes the batch free of repeats, which is possible
/// for up to 4096 values; more is an error. Devices commissioned side by side are told apart by their discriminators.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterDiscriminator -Count 50 -Unique</code>
/// <para>Fifty different discriminators for one production batch.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterDiscriminator")]
[OutputType(typeof(ushort))]
public sealed class NewMatterDiscriminatorCommand : MatterMfgCmdlet
{
    /// <summary>How many discriminators (default 1).</summary>
    [Parameter(Position = 0)]
    [IntegerTransformation(0, 10000000)]
    public int Count { get; set; } = 1;

    /// <summary>No discriminator appears twice in the batch (at most 4096).</summary>
    [Parameter]
    public SwitchParameter Unique { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            foreach (ushort d in SetupDiscriminator.New(Count, Unique))
            {
                WriteObject(d);
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }
}
