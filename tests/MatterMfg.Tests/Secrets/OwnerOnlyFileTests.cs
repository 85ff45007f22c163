using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MatterMfg.IO;
using MatterMfg.Tests.Infrastructure;

namespace MatterMfg.Tests.Secrets;

/// <summary>
/// Files that hold a private key or secret are owner-only from their creation, whatever the umask: checked on the
/// helpers and on a whole factory run of the real <c>mattermfg</c> started by bash with <c>umask 000</c>.
/// </summary>
public class OwnerOnlyFileTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_new_secret_file_is_0600_and_replacing_a_world_readable_file_does_not_inherit_its_mode()
    {
        using var tmp = new TempDir();
        OwnerOnlyFile.WriteNew(tmp.File("key.bin"), new byte[] { 1, 2, 3 });
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(tmp.File("key.bin")));
        Assert.Throws<IOException>(() => OwnerOnlyFile.WriteNew(tmp.File("key.bin"), new byte[] { 4 })); // never opens an existing file

        File.WriteAllText(tmp.File("old.pem"), "public");
        File.SetUnixFileMode(tmp.File("old.pem"), OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        AtomicFile.WriteAllText(tmp.File("old.pem"), "secret", secret: true);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(tmp.File("old.pem")));
        Assert.Equal("secret", File.ReadAllText(tmp.File("old.pem")));
        Assert.Equal(new[] { "key.bin", "old.pem" }, Directory.GetFiles(tmp.Path).Select(Path.GetFileName).OrderBy(x => x));
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Under_umask_000_a_factory_run_leaves_every_key_and_secret_file_0600_and_the_rest_as_the_umask_says()
    {
        using var tmp = new TempDir();
        string dll = Path.Combine(AppContext.BaseDirectory, "mattermfg.dll");
        // PAA mode makes the PAI (staging/pai_key.pem); -e adds the keys partition; --dac-in-secure-cert the secure cert.
        string args = $"--paa -c {Quote(Repo.Vector("matter", "attestation", "Chip-Test-PAA-FFF1-Cert.pem"))} -k {Quote(Repo.Vector("matter", "attestation", "Chip-Test-PAA-FFF1-Key.pem"))} "
            + "-v 0xFFF1 -p 0x8000 -n 2 -e --outdir out";
        RunUnderUmask0(tmp.Path, $"dotnet {Quote(dll)} {args} && dotnet {Quote(dll)} --test-pki -n 1 --dac-in-secure-cert --outdir sc");

        var files = Directory.GetFiles(tmp.Path, "*", SearchOption.AllDirectories).Select(f => (Path: f, Name: Path.GetFileName(f), Mode: File.GetUnixFileMode(f))).ToList();
        string[] secretNames = { "-partition.bin", "-keys-partition.bin", "_esp_secure_cert.bin", "DAC_key.der", "DAC_key.pem", "DAC_private_key.bin", "pai_key.pem", "master.csv" };
        bool IsSecret(string name) => secretNames.Any(s => name.EndsWith(s, StringComparison.Ordinal));
        var secrets = files.Where(f => IsSecret(f.Name)).ToList();
        foreach (string kind in secretNames)
        {
            Assert.Contains(secrets, f => f.Name.EndsWith(kind, StringComparison.Ordinal)); // each kind was made, so each was checked
        }
        Assert.All(secrets, f => Assert.True(f.Mode == OwnerOnly, $"{f.Path} is {f.Mode}"));
        // The public files show the umask really was 000: without the owner-only create, the secrets would be 0666 too.
        Assert.Contains(files, f => f.Name == "DAC_cert.der" && f.Mode.HasFlag(UnixFileMode.OtherRead));
    }

    [WindowsFact]
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    public void On_windows_a_secret_file_has_a_protected_acl_with_one_entry_full_control_for_the_current_user()
    {
        using var tmp = new TempDir();
        OwnerOnlyFile.WriteNew(tmp.File("key.bin"), new byte[] { 1 });
        AtomicFile.WriteAllBytes(tmp.File("replaced.bin"), new byte[] { 2 });
        AtomicFile.WriteAllBytes(tmp.File("replaced.bin"), new byte[] { 3 }, secret: true);
        foreach (string f in new[] { tmp.File("key.bin"), tmp.File("replaced.bin") })
        {
            var acl = new FileInfo(f).GetAccessControl();
            Assert.True(acl.AreAccessRulesProtected, f + " inherits entries from its folder");
            var rule = Assert.Single(acl.GetAccessRules(true, true, typeof(System.Security.Principal.SecurityIdentifier)).Cast<System.Security.AccessControl.FileSystemAccessRule>());
            Assert.Equal(System.Security.Principal.WindowsIdentity.GetCurrent().User, rule.IdentityReference);
            Assert.Equal(System.Security.AccessControl.FileSystemRights.FullControl, rule.FileSystemRights & System.Security.AccessControl.FileSystemRights.FullControl);
        }
    }

    private static void RunUnderUmask0(string work, string command)
    {
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("umask 000 && " + command);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(300_000), "mattermfg did not finish");
        Assert.True(p.ExitCode == 0, output);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>A fact about Windows ACLs: skipped, visibly, elsewhere (the code path is Windows-only).</summary>
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "Windows ACLs: runs on Windows only";
        }
    }
}

/// <summary>A fact about Unix file modes: skipped, visibly, on Windows (where the owner-only ACL is checked instead).</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes: not applicable on Windows";
        }
    }
}
