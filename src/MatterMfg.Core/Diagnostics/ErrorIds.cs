namespace MatterMfg.Diagnostics;

/// <summary>
/// The one catalogue of error ids. Every <see cref="MfgException"/> and every error record the module writes uses an id
/// declared here: one condition, one id, one wording. Each concern declares its ids in its own part
/// (<c>ErrorIds.&lt;Concern&gt;.cs</c>) as <c>public const string Name = nameof(Name);</c> with an XML summary that says
/// what the condition means and, after "Fix:", what the user does about it; about_MatterMfg_Errors is generated from these.
/// </summary>
public static partial class ErrorIds
{
}
