using System.Globalization;

namespace Glubina.Serving.Models;

/// <summary>Orders version names: whole numbers by value ("2" before "10") and before other names, which sort ordinally.</summary>
internal sealed class VersionComparer : IComparer<string>
{
    public static VersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        bool xn = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out long a);
        bool yn = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out long b);
        if (xn && yn)
            return a != b ? a.CompareTo(b) : string.CompareOrdinal(x, y);
        if (xn != yn)
            return xn ? -1 : 1;
        return string.CompareOrdinal(x, y);
    }
}
