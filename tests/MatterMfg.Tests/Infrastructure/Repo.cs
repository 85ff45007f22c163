using System;
using System.IO;

namespace MatterMfg.Tests.Infrastructure;

/// <summary>Locations the tests need: the repository root, the assembled module, the copied vectors, scratch folders.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    public static string ModuleManifest => Path.Combine(Root, "out", "MatterMfg", "MatterMfg.psd1");

    /// <summary>A vector file copied beside the test assembly (tests/MatterMfg.Tests/vectors/...).</summary>
    public static string Vector(params string[] parts) =>
        Path.Combine(AppContext.BaseDirectory, "vectors", Path.Combine(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MatterMfg.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MatterMfg.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted when disposed.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mattermfg-test-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
