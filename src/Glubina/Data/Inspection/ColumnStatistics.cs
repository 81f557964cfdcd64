using System.Globalization;

namespace Glubina.Data.Inspection;

/// <summary>One pass over a column: value counts, moments and monotonicity, from which the
/// <see cref="ColumnInspection"/> and the warnings are made.</summary>
internal sealed class ColumnStatistics
{
    private readonly List<(string Text, double Number, int Count)> _counts;
    private readonly int _present;

    private ColumnStatistics(Column column, ColumnInspection inspection, bool isMonotonic,
        List<(string Text, double Number, int Count)> counts, int present)
    {
        Column = column;
        Inspection = inspection;
        IsMonotonic = isMonotonic;
        _counts = counts;
        _present = present;
    }

    public Column Column { get; }

    public ColumnInspection Inspection { get; }

    /// <summary>Numeric, no missing value, strictly increasing or strictly decreasing.</summary>
    public bool IsMonotonic { get; }

    /// <summary>Every distinct value with its count, in value order (numbers ascending, text ordinal).</summary>
    public IReadOnlyList<ValueCount> AllValues() => _counts
        .OrderBy(c => c.Number).ThenBy(c => c.Text, StringComparer.Ordinal)
        .Select(c => new ValueCount(c.Text, c.Count, (double)c.Count / _present)).ToList();

    public static ColumnStatistics Compute(Column column, int topValues) => column switch
    {
        NumericColumn n => Numeric(n, topValues),
        CategoricalColumn c => Categorical(c, topValues),
        _ => throw new NotSupportedException($"Column '{column.Name}' has an unknown column type {column.GetType().Name}."),
    };

    private static ColumnStatistics Numeric(NumericColumn column, int topValues)
    {
        double[] v = column.Values;
        var counts = new Dictionary<double, int>();
        int present = 0;
        bool integer = true, increasing = true, decreasing = true;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity, previous = double.NaN;
        foreach (double x in v)
        {
            if (double.IsNaN(x))
            {
                increasing = decreasing = false;
                continue;
            }
            present++;
            counts[x] = counts.GetValueOrDefault(x) + 1;
            sum += x;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
            integer &= double.IsFinite(x) && Math.Floor(x) == x;
            if (!double.IsNaN(previous))
            {
                increasing &= x > previous;
                decreasing &= x < previous;
            }
            previous = x;
        }
        double? mean = null, std = null;
        if (present > 0)
        {
            mean = sum / present;
            if (present > 1)
            {
                double squares = 0;
                foreach (double x in v)
                {
                    if (!double.IsNaN(x))
                        squares += (x - mean.Value) * (x - mean.Value);
                }
                std = Math.Sqrt(squares / (present - 1));
            }
        }
        var list = counts.Select(kv => (kv.Key.ToString(CultureInfo.InvariantCulture), kv.Key, kv.Value)).ToList();
        var inspection = new ColumnInspection(column.Name, ColumnKind.Numeric, v.Length, v.Length - present, counts.Count,
            present > 0 && integer, present > 0 ? min : null, present > 0 ? max : null, mean, std, Top(list, present, topValues));
        bool monotonic = present == v.Length && present >= 2 && (increasing || decreasing);
        return new ColumnStatistics(column, inspection, monotonic, list, present);
    }

    private static ColumnStatistics Categorical(CategoricalColumn column, int topValues)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int present = 0;
        foreach (string? x in column.Values)
        {
            if (x is null)
                continue;
            present++;
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }
        var list = counts.Select(kv => (kv.Key, 0.0, kv.Value)).ToList();
        var inspection = new ColumnInspection(column.Name, ColumnKind.Categorical, column.Length, column.Length - present, counts.Count,
            false, null, null, null, null, Top(list, present, topValues));
        return new ColumnStatistics(column, inspection, false, list, present);
    }

    private static List<ValueCount> Top(List<(string Text, double Number, int Count)> counts, int present, int k) => counts
        .OrderByDescending(c => c.Count).ThenBy(c => c.Number).ThenBy(c => c.Text, StringComparer.Ordinal)
        .Take(Math.Max(k, 0))
        .Select(c => new ValueCount(c.Text, c.Count, (double)c.Count / present)).ToList();
}
