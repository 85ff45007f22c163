using MatterMfg.Manifest;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Manifest;

/// <summary>The ledger contract on the file manifest (the default backend: no server).</summary>
public sealed class FileLedgerContractTests : DeviceLedgerContract
{
    private readonly TempDir _dir = new();

    protected override IDeviceLedger OpenNew() => new ManifestStore(_dir.File("line.manifest"));

    protected override IDeviceLedger OpenTarget() => OpenTracked(_dir.File("copy.manifest"));

    private IDeviceLedger OpenTracked(string path)
    {
        var l = new ManifestStore(path);
        Track(l);
        return l;
    }

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }
}
