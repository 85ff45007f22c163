using System.Collections;
using System.Management.Automation;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;
using MatterMfg.PowerShell.Infrastructure;

namespace MatterMfg.PowerShell.Onboarding;

/// <summary>What New-MatterPasscode and New-MatterDiscriminator share: -Count values, optionally -Unique, from the CSPRNG.</summary>
public abstract class NewCommissioningValueCommand : MatterMfgCmdlet
{
    /// <summary>How many values: 0..1000000 (default 1).</summary>
    [Parameter(Position = 0)]
    [IntegerTransformation(0, FactoryOptions.MaxCount)]
    public int Count { get; set; } = 1;

    /// <summary>No value appears twice in the batch.</summary>
    [Parameter]
    public SwitchParameter Unique { get; set; }

    /// <summary>Draws the batch; throws an MfgException when it cannot be made (e.g. more unique values than exist).</summary>
    protected abstract IEnumerable Draw(int count, bool unique);

    protected override void EndProcessingCore()
    {
        try
        {
            foreach (object v in Draw(Count, Unique))
            {
                WriteObject(v);
            }
        }
        catch (MfgException e)
        {
            ThrowSetupError(e);
        }
    }
}
