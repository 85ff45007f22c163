namespace MatterMfg.Tests.Esp.Emulator;

/// <summary>Tests whose outcome depends on timeouts and modelled wire time run one at a time, so a busy CI machine cannot starve them.</summary>
[CollectionDefinition(Name)]
public sealed class EspTimingCollection
{
    public const string Name = "Esp timing";
}
