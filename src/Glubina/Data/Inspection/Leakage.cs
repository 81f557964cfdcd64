using System.Globalization;

namespace Glubina.Data.Inspection;

/// <summary>The leakage tests of <see cref="DataInspector"/>: a copy of the target, a one-to-one relabelling of
/// it, and Pearson correlation. Rows where either column is missing are skipped.</summary>
internal static class Leakage
{
    /// <summary>True when every row with both values present holds the same value in both columns (numbers compare
    /// as numbers; a number and a category compare as text) and at least one such row exists.</summary>
    public static bool IsCopy(Column a, Column b)
    {
        int compared = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a is NumericColumn na && b is NumericColumn nb)
            {
                if (double.IsNaN(na.Values[i]) || double.IsNaN(nb.Values[i]))
                    continue;
                if (na.Values[i] != nb.Values[i])
                    return false;
            }
            else
            {
                string? x = Text(a, i), y = Text(b, i);
                if (x is null || y is null)
                    continue;
                if (!string.Equals(x, y, StringComparison.Ordinal))
                    return false;
            }
            compared++;
        }
        return compared > 0;
    }

    /// <summary>True when each value of <paramref name="a"/> goes with exactly one value of <paramref name="b"/> and
    /// the other way round (a bijection between the values seen together).</summary>
    public static bool IsOneToOne(Column a, Column b)
    {
        var forward = new Dictionary<string, string>(StringComparer.Ordinal);
        var backward = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < a.Length; i++)
        {
            string? x = Text(a, i), y = Text(b, i);
            if (x is null || y is null)
                continue;
            if (forward.TryGetValue(x, out string? fy) && fy != y)
                return false;
            if (backward.TryGetValue(y, out string? bx) && bx != x)
                return false;
            forward[x] = y;
            backward[y] = x;
        }
        return forward.Count > 1;
    }

    /// <summary>Pearson correlation over the rows where both are present; null when fewer than 3 such rows or a
    /// column is constant there.</summary>
    public static double? Correlation(double[] x, double[] y)
    {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
                continue;
            sx += x[i];
            sy += y[i];
            n++;
        }
        if (n < 3)
            return null;
        double mx = sx / n, my = sy / n, cxy = 0, cxx = 0, cyy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
                continue;
            double dx = x[i] - mx, dy = y[i] - my;
            cxy += dx * dy;
            cxx += dx * dx;
            cyy += dy * dy;
        }
        return cxx > 0 && cyy > 0 ? cxy / Math.Sqrt(cxx * cyy) : null;
    }

    /// <summary>Cell <paramref name="row"/> as text, null when missing.</summary>
    public static string? Text(Column column, int row) => column switch
    {
        NumericColumn n => double.IsNaN(n.Values[row]) ? null : n.Values[row].ToString(CultureInfo.InvariantCulture),
        CategoricalColumn c => c.Values[row],
        _ => throw new NotSupportedException($"Column '{column.Name}' has an unknown column type {column.GetType().Name}."),
    };
}
