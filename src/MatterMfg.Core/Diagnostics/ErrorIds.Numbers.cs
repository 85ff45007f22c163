namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>
    /// A value that must be an integer is not one (a command-line option, a parameter, a CSV cell). The message names the
    /// input and quotes the text. Fix: give decimal digits or 0x-prefixed hex (the mattermfg options also take Python's
    /// 0o/0b prefixes and underscores between digits).
    /// </summary>
    public const string NumberInvalid = nameof(NumberInvalid);

    /// <summary>
    /// A number is outside the range its input allows: an option, a parameter, a CSV cell, or a value the core was given
    /// (vendor/product id, discriminator, passcode, iteration count, device count, size, offset, version, ...). The
    /// message names the input, quotes the value as it was written (never a clamped or converted one) and gives the range.
    /// Fix: give a value within the range the message shows.
    /// </summary>
    public const string NumberOutOfRange = nameof(NumberOutOfRange);
}
