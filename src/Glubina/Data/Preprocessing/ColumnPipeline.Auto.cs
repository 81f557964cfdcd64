namespace Glubina.Data.Preprocessing;

/// <summary>The automatic default pipeline of <see cref="ColumnPipeline"/>.</summary>
public sealed partial class ColumnPipeline
{
    /// <summary>Step name of the numeric columns in <see cref="Auto"/>.</summary>
    public const string NumericStep = "num";

    /// <summary>Step name of the categorical columns in <see cref="Auto"/>.</summary>
    public const string CategoricalStep = "cat";

    /// <summary>
    /// A pipeline chosen from the column kinds of <paramref name="train"/> and fitted on it: numeric columns get
    /// median imputation then standard scaling (step "num"); categorical columns get most-frequent imputation then
    /// one-hot encoding that ignores unknown categories (step "cat"). The <paramref name="target"/> column, if given,
    /// is left out, and so is any other column no step names (remainder = drop), so inference tables need not have it.
    /// </summary>
    /// <param name="train">The training split.</param>
    /// <param name="target">The label column to leave out, or null.</param>
    public static ColumnPipeline Auto(Table train, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (target is not null && !train.Contains(target))
            throw new ArgumentException(
                $"ColumnPipeline.Auto: target column '{target}' is not in the table. Columns: {string.Join(", ", train.ColumnNames)}.");
        var features = train.Columns.Where(c => c.Name != target).ToArray();
        if (features.Length == 0)
            throw new ArgumentException("ColumnPipeline.Auto: the table has no feature columns besides the target.");
        var numeric = features.Where(c => c.Kind == ColumnKind.Numeric).Select(c => c.Name).ToArray();
        var categorical = features.Where(c => c.Kind == ColumnKind.Categorical).Select(c => c.Name).ToArray();
        var pipeline = new ColumnPipeline(Remainder.Drop);
        if (numeric.Length > 0)
            pipeline.Add(NumericStep, new Pipeline(
                ("impute", new SimpleImputer(ImputeStrategy.Median)),
                ("scale", new StandardScaler())), numeric);
        if (categorical.Length > 0)
            pipeline.Add(CategoricalStep, new Pipeline(
                ("impute", new SimpleImputer(ImputeStrategy.MostFrequent)),
                ("onehot", new OneHotEncoder(OneHotUnknown.Ignore))), categorical);
        return pipeline.Fit(train);
    }
}
