namespace Glubina.Data.Inspection;

/// <summary>Statistics of one column. Numeric statistics (<see cref="Min"/> … <see cref="Std"/>) are null for a
/// categorical column or one with no value.</summary>
public sealed class ColumnInspection
{
    internal ColumnInspection(string name, ColumnKind kind, int rows, int missingCount, int distinctCount, bool isInteger,
        double? min, double? max, double? mean, double? std, IReadOnlyList<ValueCount> topValues)
    {
        Name = name;
        Kind = kind;
        Rows = rows;
        MissingCount = missingCount;
        DistinctCount = distinctCount;
        IsInteger = isInteger;
        Min = min;
        Max = max;
        Mean = mean;
        Std = std;
        TopValues = topValues;
    }

    /// <summary>The column's name in the table.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical, as the table holds it.</summary>
    public ColumnKind Kind { get; }

    /// <summary>Rows of the table.</summary>
    public int Rows { get; }

    /// <summary>Missing cells (NaN or null).</summary>
    public int MissingCount { get; }

    /// <summary>Missing cells as a fraction of the rows (0 for an empty table).</summary>
    public double MissingShare => Rows == 0 ? 0 : (double)MissingCount / Rows;

    /// <summary>Distinct non-missing values.</summary>
    public int DistinctCount { get; }

    /// <summary>Numeric column whose values are all whole numbers.</summary>
    public bool IsInteger { get; }

    /// <summary>Smallest non-missing value.</summary>
    public double? Min { get; }

    /// <summary>Largest non-missing value.</summary>
    public double? Max { get; }

    /// <summary>Mean of the non-missing values.</summary>
    public double? Mean { get; }

    /// <summary>Sample standard deviation (n − 1), as pandas' <c>describe</c>; null with fewer than two values.</summary>
    public double? Std { get; }

    /// <summary>The most frequent values, most frequent first (ties by value), at most <see cref="InspectionOptions.TopValues"/>.</summary>
    public IReadOnlyList<ValueCount> TopValues { get; }
}
