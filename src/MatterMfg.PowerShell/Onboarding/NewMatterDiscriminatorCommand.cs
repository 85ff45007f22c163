using System.Collections;
using System.Management.Automation;
using MatterMfg.Commissioning;

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
public sealed class NewMatterDiscriminatorCommand : NewCommissioningValueCommand
{
    protected override IEnumerable Draw(int count, bool unique) => SetupDiscriminator.New(count, unique);
}
