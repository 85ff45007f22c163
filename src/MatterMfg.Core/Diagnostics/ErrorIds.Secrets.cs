namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>
    /// A file that holds a private key or another secret could not be made owner-only: the file system it is on keeps no
    /// Unix permissions (a FAT, NTFS or SMB mount gives every file the same mode), so the key would be readable by others.
    /// Nothing is written to it. Fix: write the output (factory folder, key files) to a local Unix file system.
    /// </summary>
    public const string SecretFileNotOwnerOnly = nameof(SecretFileNotOwnerOnly);
}
