namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>The key password file (<c>--pwd-file</c>) is empty. Fix: write the password on the file's first line.</summary>
    public const string KeyPasswordFileEmpty = nameof(KeyPasswordFileEmpty);
}
