using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>The target column of a table as training targets: class indices (with their labels) for
/// classification, float values [N, 1] for regression.</summary>
internal static class TargetColumn
{
    /// <summary>Most distinct whole-number values a numeric target may have to be taken as classes.</summary>
    public const int MaxIntegerClasses = 20;

    /// <summary>"classification" for a text target or a numeric one of few whole numbers; else "regression".</summary>
    public static string InferTask(Column target)
    {
        if (target is not NumericColumn numeric)
            return Tasks.Classification;
        var values = numeric.Values.Where(v => !double.IsNaN(v)).ToArray();
        bool whole = values.All(v => v == Math.Floor(v));
        return whole && values.Distinct().Count() <= MaxIntegerClasses ? Tasks.Classification : Tasks.Regression;
    }

    /// <summary>The distinct labels, numeric ones in numeric order, text ones in ordinal order.</summary>
    public static string[] Labels(Column target)
    {
        if (target is NumericColumn numeric)
            return [.. numeric.Values.Where(v => !double.IsNaN(v)).Distinct().Order()
                .Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return [.. ((CategoricalColumn)target).Values.Where(v => v is not null).Distinct().Order(StringComparer.Ordinal).Select(v => v!)];
    }

    /// <summary>Class index of every row (int64 [N]); a missing or unknown label is an error naming the row.</summary>
    public static Tensor Classes(Column target, IReadOnlyList<string> labels, string source)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
            index[labels[i]] = i;
        var classes = new long[target.Length];
        for (int row = 0; row < target.Length; row++)
        {
            string? text = TableFiles.CellText(target, row)
                ?? throw new CliException($"{source}: target column '{target.Name}' is missing a value in data row {row + 1}; " +
                                          "drop or fill the rows without a label.");
            if (!index.TryGetValue(text, out int c))
                throw new CliException($"{source}: target column '{target.Name}', data row {row + 1}: label '{text}' is not one the model " +
                                       $"knows ({string.Join(", ", labels)}).");
            classes[row] = c;
        }
        return Tensor.FromArray(classes, classes.Length);
    }

    /// <summary>Regression targets float32 [N, 1]; a missing or non-numeric target is an error naming the row.</summary>
    public static Tensor Values(Column target, string source)
    {
        if (target is not NumericColumn numeric)
            throw new CliException($"{source}: target column '{target.Name}' holds text, so it cannot be a regression target; " +
                                   "use --task classification, or fix the column.");
        int missing = Array.FindIndex(numeric.Values, double.IsNaN);
        if (missing >= 0)
            throw new CliException($"{source}: target column '{target.Name}' is missing a value in data row {missing + 1}; " +
                                   "drop or fill the rows without a target.");
        return Tensor.FromArray(numeric.Values.Select(v => (float)v).ToArray(), numeric.Values.Length, 1);
    }
}
