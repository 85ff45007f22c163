namespace MatterMfg.Manifest;

/// <summary>What <see cref="ManifestCopy.Copy"/> moved.</summary>
public sealed class ManifestCopyResult
{
    public ManifestCopyResult(string source, string destination, int devices, int records)
    {
        Source = source;
        Destination = destination;
        Devices = devices;
        Records = records;
    }

    /// <summary>The ledger copied from (a path, or a connection string without its password).</summary>
    public string Source { get; }

    /// <summary>The ledger copied into.</summary>
    public string Destination { get; }

    /// <summary>Devices copied.</summary>
    public int Devices { get; }

    /// <summary>History records copied.</summary>
    public int Records { get; }
}

/// <summary>Moves a ledger's whole history into another ledger (a manifest file into PostgreSQL, or back).</summary>
public static class ManifestCopy
{
    /// <summary>
    /// Copies every device and every event of <paramref name="source"/> into <paramref name="destination"/>, in one
    /// all-or-nothing step that keeps times, runs, stations and ports. Refused (LedgerImportConflict, nothing copied) when
    /// the destination already has one of the devices, serial numbers or DAC serials.
    /// </summary>
    public static ManifestCopyResult Copy(IDeviceLedger source, IDeviceLedger destination)
    {
        var snapshot = source.Read();
        var history = snapshot.History;
        destination.Import(history);
        return new ManifestCopyResult(source.Location, destination.Location, snapshot.Count, history.Count);
    }
}
