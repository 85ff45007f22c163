using System.Collections;
using System.Management.Automation;
using MatterMfg.Commissioning;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>Draws random setup passcodes from the operating system's CSPRNG.</summary>
/// <remarks>
/// <para>Uniform over the valid passcodes: 1..99999998 without the values Matter forbids (00000000, 11111111, ...,
/// 99999999, 12345678, 87654321). -Unique makes the batch free of repeats. Passcodes are secrets: keep them out of logs.</para>
/// </remarks>
/// <example>
/// <code>PS> New-MatterPasscode -Count 1000 -Unique</code>
/// <para>A thousand distinct passcodes.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "MatterPasscode")]
[OutputType(typeof(uint))]
public sealed class NewMatterPasscodeCommand : NewCommissioningValueCommand
{
    protected override IEnumerable Draw(int count, bool unique) => SetupPasscode.New(count, unique);
}
