namespace MatterMfg.Onboarding;

/// <summary>The Verhoeff check digit over decimal digits (connectedhomeip <c>Verhoeff10</c>; python-stdnum in the reference).</summary>
public static class Verhoeff10
{
    private static readonly byte[,] Multiply =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 }, { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 }, { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 }, { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly byte[,] Permute =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 }, { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 }, { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    private static readonly byte[] Inverse = { 0, 4, 3, 2, 1, 5, 6, 7, 8, 9 };

    /// <summary>The check digit to append to <paramref name="digits"/> (decimal digits only).</summary>
    public static char CheckDigit(string digits)
    {
        int c = 0;
        for (int i = 1; i <= digits.Length; i++)
        {
            c = Multiply[c, Permute[i % 8, digits[digits.Length - i] - '0']];
        }
        return (char)('0' + Inverse[c]);
    }

    /// <summary>True when the last digit of <paramref name="digitsWithCheck"/> is the check digit of the others.</summary>
    public static bool IsValid(string digitsWithCheck) =>
        digitsWithCheck.Length > 1 && CheckDigit(digitsWithCheck.Substring(0, digitsWithCheck.Length - 1)) == digitsWithCheck[digitsWithCheck.Length - 1];
}
