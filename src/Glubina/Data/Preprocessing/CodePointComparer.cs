namespace Glubina.Data.Preprocessing;

/// <summary>
/// Orders strings by Unicode code point, as Python's <c>sorted</c> and <c>min</c> do (scikit-learn sorts
/// categories that way), with null (a missing value) last. Ordinal UTF-16 order differs for characters above
/// U+FFFF against U+E000–U+FFFF, so code units are remapped before comparing.
/// </summary>
internal sealed class CodePointComparer : IComparer<string?>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
            return x is null ? (y is null ? 0 : 1) : -1;
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            char a = x[i], b = y[i];
            if (a != b)
                return Fix(a).CompareTo(Fix(b));
        }
        return x.Length.CompareTo(y.Length);
    }

    // Surrogates (D800–DFFF) encode code points above FFFF, so they must sort after E000–FFFF.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
