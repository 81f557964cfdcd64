using System.Globalization;

namespace Glubina.Data.Inspection;

/// <summary>Looks at a table before training: column kinds, missing and distinct values, ranges, class balance
/// of the target, and warnings about constant columns, identifiers, target leakage, missing values and
/// high-cardinality categories.</summary>
public static class DataInspector
{
    /// <summary>Inspects <paramref name="table"/>; <paramref name="target"/> (a column name) enables the class
    /// balance and the leakage checks.</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a column of the table.</exception>
    public static DataInspection Inspect(Table table, string? target = null, InspectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new InspectionOptions();
        if (target is not null && !table.Contains(target))
            throw new ArgumentException(
                $"Target column '{target}' is not in the table. Columns: {string.Join(", ", table.ColumnNames)}.", nameof(target));
        var stats = table.Columns.Select(c => ColumnStatistics.Compute(c, options.TopValues)).ToList();
        var warnings = new List<InspectionWarning>();
        IReadOnlyList<ValueCount>? balance = null;
        ColumnStatistics? targetStats = target is null ? null : stats.First(s => s.Column.Name == target);
        if (targetStats is not null)
            balance = ClassBalance(targetStats, options, warnings);
        foreach (ColumnStatistics s in stats)
        {
            if (s.Column.Name == target)
            {
                if (s.Inspection.MissingCount > 0)
                    warnings.Add(new InspectionWarning(InspectionWarningKind.HighMissingShare, s.Column.Name,
                        $"The target '{s.Column.Name}' is missing in {s.Inspection.MissingCount} rows; drop those rows before training."));
                continue;
            }
            ColumnWarnings(s, table.RowCount, options, warnings);
            if (targetStats is not null)
                LeakageWarning(s, targetStats, balance is not null, options, warnings);
        }
        return new DataInspection(table.RowCount, target, stats.Select(s => s.Inspection).ToList(), balance, warnings);
    }

    private static void ColumnWarnings(ColumnStatistics s, int rows, InspectionOptions options, List<InspectionWarning> warnings)
    {
        ColumnInspection c = s.Inspection;
        string name = c.Name;
        if (rows > 0 && c.DistinctCount <= 1)
        {
            string what = c.DistinctCount == 0 ? "no value" : $"the single value {Quote(c.TopValues[0].Value)}";
            warnings.Add(new InspectionWarning(InspectionWarningKind.ConstantColumn, name,
                $"'{name}' holds {what}: it carries no information; drop it."));
        }
        else if (IsIdentifier(s, rows))
        {
            string why = c.Kind == ColumnKind.Numeric && s.IsMonotonic ? "a monotonic integer sequence" : "unique in every row";
            warnings.Add(new InspectionWarning(InspectionWarningKind.LikelyIdentifier, name,
                $"'{name}' is {why}: it looks like an identifier, not a feature; drop it (or keep it only to label predictions)."));
        }
        else if (c.Kind == ColumnKind.Categorical && c.DistinctCount > options.HighCardinality)
        {
            warnings.Add(new InspectionWarning(InspectionWarningKind.HighCardinality, name,
                $"'{name}' has {c.DistinctCount} distinct categories (more than {options.HighCardinality}): one-hot encoding " +
                "would add as many columns; group rare categories, use an embedding, or drop it."));
        }
        if (rows > 0 && c.MissingCount > 0 && c.MissingShare >= options.HighMissingShare)
            warnings.Add(new InspectionWarning(InspectionWarningKind.HighMissingShare, name,
                $"'{name}' is missing in {c.MissingCount} of {rows} rows ({Percent(c.MissingShare)}); imputing that much " +
                "invents data: consider dropping it or adding a was-missing indicator."));
    }

    // Unique per row with no missing value: a categorical key, or whole numbers (row numbers, database keys).
    // A unique real-valued measurement is not an identifier.
    private static bool IsIdentifier(ColumnStatistics s, int rows) =>
        rows >= 3 && s.Inspection.MissingCount == 0 && s.Inspection.DistinctCount == rows
        && (s.Inspection.Kind == ColumnKind.Categorical || s.Inspection.IsInteger);

    private static IReadOnlyList<ValueCount>? ClassBalance(ColumnStatistics target, InspectionOptions options, List<InspectionWarning> warnings)
    {
        ColumnInspection t = target.Inspection;
        bool classes = t.DistinctCount >= 1 && t.DistinctCount <= options.MaxClasses
            && (t.Kind == ColumnKind.Categorical || t.IsInteger);
        if (!classes)
            return null;
        IReadOnlyList<ValueCount> balance = target.AllValues();
        int largest = balance.Max(v => v.Count), smallest = balance.Min(v => v.Count);
        if (balance.Count > 1 && smallest < options.ImbalanceRatio * largest)
        {
            ValueCount rare = balance.First(v => v.Count == smallest);
            warnings.Add(new InspectionWarning(InspectionWarningKind.ClassImbalance, t.Name,
                $"Class {Quote(rare.Value)} of '{t.Name}' has {smallest} rows against {largest} for the largest class: accuracy " +
                "will flatter the model; use a stratified split, class weights, and judge by F1 or PR AUC."));
        }
        return balance;
    }

    private static void LeakageWarning(ColumnStatistics s, ColumnStatistics target, bool classes, InspectionOptions options,
        List<InspectionWarning> warnings)
    {
        string name = s.Column.Name, t = target.Column.Name;
        if (s.Inspection.DistinctCount <= 1)
            return;
        string? reason = null;
        if (Leakage.IsCopy(s.Column, target.Column))
            reason = $"equals the target '{t}' in every row";
        else if (classes && Leakage.IsOneToOne(s.Column, target.Column))
            reason = $"maps one-to-one onto the classes of the target '{t}' (a relabelled copy)";
        else if (s.Column is NumericColumn x && target.Column is NumericColumn y && !classes
                 && Leakage.Correlation(x.Values, y.Values) is double r && Math.Abs(r) >= options.LeakageCorrelation)
            reason = $"has a correlation of {r.ToString("0.0000", CultureInfo.InvariantCulture)} with the target '{t}'";
        if (reason is not null)
            warnings.Add(new InspectionWarning(InspectionWarningKind.LeakageCandidate, name,
                $"'{name}' {reason}: it probably leaks the answer and will not be known at prediction time; check how it " +
                "was made and drop it unless it really is available before the target."));
    }

    internal static string Quote(string value) => "\"" + value + "\"";

    internal static string Percent(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
