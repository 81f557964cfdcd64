using System.Globalization;
using Glubina.Data;

namespace Glubina.Cli.Runs;

/// <summary>How rows are divided into train, validation and test: random (default), stratified by class, or in
/// time order.</summary>
internal sealed record SplitSpec(double Train, double Validation, double Test, bool Stratify, string? TimeColumn)
{
    public static SplitSpec Default { get; } = new(0.7, 0.15, 0.15, false, null);

    /// <summary>Parses "0.7,0.15,0.15" (fractions that add up to 1).</summary>
    public static SplitSpec Parse(string? text, bool stratify, string? timeColumn)
    {
        if (stratify && timeColumn is not null)
            throw new CliException("--stratify and --time-column cannot be used together: a time-ordered split keeps the order of time.");
        if (text is null)
            return Default with { Stratify = stratify, TimeColumn = timeColumn };
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || values[i] < 0 || values[i] >= 1)
                throw new CliException($"--split '{text}': '{parts[i]}' is not a fraction in [0, 1); expected three fractions like 0.7,0.15,0.15.");
        if (values.Length != 3)
            throw new CliException($"--split '{text}': expected three fractions (train, validation, test) like 0.7,0.15,0.15; got {values.Length}.");
        if (Math.Abs(values.Sum() - 1) > 1e-6)
            throw new CliException($"--split '{text}': the fractions add up to {values.Sum().ToString(CultureInfo.InvariantCulture)}; expected 1.");
        if (values[1] == 0)
            throw new CliException($"--split '{text}': the validation fraction must be above 0 (early stopping watches the validation loss).");
        return new SplitSpec(values[0], values[1], values[2], stratify, timeColumn);
    }

    /// <summary>Row indices of the three parts. <paramref name="classes"/> are needed for a stratified split,
    /// <paramref name="order"/> (rows sorted by time) for a time-ordered one.</summary>
    public DataSplit Apply(int rows, IReadOnlyList<long>? classes, int[]? order, ulong seed)
    {
        if (rows < 3)
            throw new CliException($"the data has {rows} rows; at least 3 are needed to split into train, validation and test.");
        DataSplit split;
        if (order is not null)
        {
            DataSplit positions = Splits.TimeOrdered(rows, Validation, Test);
            split = new DataSplit([.. positions.Train.Select(i => order[i])], [.. positions.Validation.Select(i => order[i])],
                [.. positions.Test.Select(i => order[i])]);
        }
        else if (Stratify)
            split = Splits.Stratified(classes ?? throw new CliException("--stratify needs a classification target."), Validation, Test, seed);
        else
            split = Splits.Random(rows, Validation, Test, seed);
        if (split.Train.Length == 0 || split.Validation.Length == 0)
            throw new CliException($"the split {Train}/{Validation}/{Test} of {rows} rows leaves the training or validation part empty.");
        return split;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Train:0.###}/{Validation:0.###}/{Test:0.###} {(TimeColumn is not null ? $"in order of '{TimeColumn}'" : Stratify ? "stratified" : "random")}");
}
