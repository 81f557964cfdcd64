using Glubina.Tensors;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Turns a raw <see cref="Table"/> into model features, like scikit-learn's <c>ColumnTransformer</c>: each named
/// step applies a transformer (often a <see cref="Pipeline"/>) to named columns; the step outputs are
/// concatenated in step order, followed by the remainder columns when <see cref="Remainder"/> is
/// <see cref="Preprocessing.Remainder.Passthrough"/>. <see cref="Fit"/> learns on the training table only;
/// <see cref="Transform"/> gives a float32 tensor [N, F] whose columns are <see cref="FeatureNames"/>.
/// The fitted pipeline is saved with the model as JSON (<see cref="ToJson"/>, <see cref="FromJson"/>).
/// </summary>
/// <example><code>
/// var prep = new ColumnPipeline()
///     .Add("num", new Pipeline(("impute", new SimpleImputer(ImputeStrategy.Median)), ("scale", new StandardScaler())), "age", "bmi")
///     .Add("cat", new OneHotEncoder(OneHotUnknown.Ignore), "color");
/// Tensor x = prep.FitTransform(train);      // [N, F]
/// Tensor xTest = prep.Transform(test);      // same F columns, statistics from train
/// </code></example>
public sealed partial class ColumnPipeline
{
    private readonly List<ColumnStep> _steps = [];
    private ColumnSchema[]? _remainder;
    private string[]? _featureNames;
    private int[]? _featureStep;

    /// <param name="remainder">What to do with columns that no step names.</param>
    /// <param name="verboseFeatureNames">Prefix feature names with the step name ("num__age", "remainder__x"),
    /// as sklearn's <c>verbose_feature_names_out=True</c>; otherwise names are the transformers' own ("age",
    /// "color_red") and must be unique.</param>
    /// <param name="allowNaN">Let NaN reach the output tensor; otherwise <see cref="Transform"/> throws naming the
    /// feature and row.</param>
    public ColumnPipeline(Remainder remainder = Remainder.Drop, bool verboseFeatureNames = false, bool allowNaN = false)
    {
        Remainder = remainder;
        VerboseFeatureNames = verboseFeatureNames;
        AllowNaN = allowNaN;
    }

    /// <summary>What happens to columns that no step names.</summary>
    public Remainder Remainder { get; }

    /// <summary>Whether feature names are prefixed with the step name.</summary>
    public bool VerboseFeatureNames { get; }

    /// <summary>Whether NaN may reach the output.</summary>
    public bool AllowNaN { get; }

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<ColumnStep> Steps => _steps;

    /// <summary>Whether <see cref="Fit"/> (or loading fitted JSON) has happened.</summary>
    public bool IsFitted => _featureNames is not null;

    /// <summary>Names of the output features, one per tensor column (sklearn's <c>get_feature_names_out</c>).</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames ?? throw NotFitted("FeatureNames");

    /// <summary>Number of output features F.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>The columns passed through unchanged (empty unless <see cref="Preprocessing.Remainder.Passthrough"/>).</summary>
    public IReadOnlyList<ColumnSchema> RemainderColumns => _remainder ?? throw NotFitted("RemainderColumns");

    /// <summary>The step called <paramref name="name"/>.</summary>
    public ColumnStep this[string name] => _steps.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"ColumnPipeline has no step '{name}'. Steps: {string.Join(", ", _steps.Select(s => s.Name))}.");

    /// <summary>Adds a step that applies <paramref name="transformer"/> to <paramref name="columns"/>.</summary>
    /// <returns>This pipeline, for chaining.</returns>
    public ColumnPipeline Add(string name, TableTransformer transformer, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(columns);
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name == "remainder")
            throw new ArgumentException($"ColumnPipeline: step name '{name}' must be non-empty, contain no '/' and not be 'remainder'.");
        if (_steps.Any(s => s.Name == name))
            throw new ArgumentException($"ColumnPipeline: step name '{name}' appears twice.");
        if (columns.Length == 0)
            throw new ArgumentException($"ColumnPipeline: step '{name}' names no columns.");
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"ColumnPipeline: step '{name}' names column '{duplicate.Key}' twice.");
        transformer.SetLabel(name);
        _steps.Add(new ColumnStep(name, transformer, columns.ToArray()));
        _featureNames = null;
        return this;
    }

    /// <summary>Fits every step on its columns of <paramref name="train"/> (the training split only).</summary>
    /// <returns>This pipeline, fitted.</returns>
    public ColumnPipeline Fit(Table train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (_steps.Count == 0 && Remainder == Remainder.Drop)
            throw new InvalidOperationException("ColumnPipeline has no steps and Remainder is Drop: there would be no features. Add a step.");
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        var owners = new List<int>();
        for (int s = 0; s < _steps.Count; s++)
        {
            var step = _steps[s];
            var sub = Select(train, step.Name, step.Columns, expected: null);
            var output = step.Transformer.FitTransform(sub);
            foreach (var c in output.Columns)
            {
                if (c.Kind != ColumnKind.Numeric)
                    throw new ArgumentException(
                        $"ColumnPipeline: step '{step.Name}' outputs categorical column '{c.Name}'; features must be numbers. " +
                        "End the step with OneHotEncoder or OrdinalEncoder.");
                names.Add(VerboseFeatureNames ? $"{step.Name}__{c.Name}" : c.Name);
                owners.Add(s);
            }
            used.UnionWith(step.Columns);
        }
        var remainder = Remainder == Remainder.Drop
            ? []
            : train.Columns.Where(c => !used.Contains(c.Name)).Select(c => new ColumnSchema(c.Name, c.Kind)).ToArray();
        foreach (var c in remainder)
        {
            if (c.Kind != ColumnKind.Numeric)
                throw new ArgumentException(
                    $"ColumnPipeline: column '{c.Name}' is categorical and would pass through (Remainder.Passthrough) into the " +
                    "numeric features. Encode it in a step, or use Remainder.Drop.");
            names.Add(VerboseFeatureNames ? $"remainder__{c.Name}" : c.Name);
            owners.Add(-1);
        }
        SetFeatures(names, owners, remainder);
        return this;
    }

    private void SetFeatures(List<string> names, List<int> owners, ColumnSchema[] remainder)
    {
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var from = names.Select((n, i) => (n, i)).Where(x => x.n == duplicate.Key)
                .Select(x => owners[x.i] < 0 ? "remainder" : $"'{_steps[owners[x.i]].Name}'").Distinct();
            throw new ArgumentException(
                $"ColumnPipeline: feature name '{duplicate.Key}' is produced more than once (by {string.Join(" and ", from)}). " +
                "Use verboseFeatureNames: true to prefix names with the step name.");
        }
        _remainder = remainder;
        _featureStep = owners.ToArray();
        _featureNames = names.ToArray();
    }

    /// <summary>The features of <paramref name="data"/> as a table of numeric columns named <see cref="FeatureNames"/>.</summary>
    public Table TransformTable(Table data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var names = _featureNames ?? throw NotFitted("Transform");
        var columns = new List<Column>(names.Length);
        foreach (var step in _steps)
        {
            var sub = Select(data, step.Name, step.Columns, step.Transformer.InputColumns);
            columns.AddRange(step.Transformer.Transform(sub).Columns);
        }
        foreach (var c in _remainder!)
            columns.AddRange(Select(data, "remainder", [c.Name], [c]).Columns);
        var result = new Column[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var values = ((NumericColumn)columns[i]).Values;
            if (!AllowNaN)
                CheckFinite(values, i);
            result[i] = new NumericColumn(names[i], values);
        }
        return new Table(result);
    }

    /// <summary>The features of <paramref name="data"/> as a float32 tensor [N, F] (columns in
    /// <see cref="FeatureNames"/> order), using the statistics learned in <see cref="Fit"/>.</summary>
    public Tensor Transform(Table data)
    {
        var table = TransformTable(data);
        int n = data.RowCount, f = table.Columns.Count;
        var buffer = new float[n * f];
        for (int j = 0; j < f; j++)
        {
            var values = ((NumericColumn)table.Columns[j]).Values;
            for (int r = 0; r < n; r++)
                buffer[r * f + j] = (float)values[r];
        }
        return Tensor.FromArray(buffer, n, f);
    }

    /// <summary><see cref="Fit"/> then <see cref="Transform"/> on the training table.</summary>
    public Tensor FitTransform(Table train) => Fit(train).Transform(train);

    private void CheckFinite(double[] values, int feature)
    {
        for (int r = 0; r < values.Length; r++)
        {
            if (double.IsFinite(values[r]))
                continue;
            int s = _featureStep![feature];
            string source = s < 0
                ? $"passed through from column '{_remainder![feature - (_featureStep.Length - _remainder.Length)].Name}'"
                : $"from step '{_steps[s].Name}' (columns {string.Join(", ", _steps[s].Columns.Select(c => $"'{c}'"))})";
            string fix = s < 0 ? "Impute that column in a step" : "Add a SimpleImputer to that step";
            throw new InvalidOperationException(
                $"ColumnPipeline: feature '{_featureNames![feature]}' {source} is {values[r]} at row {r} (0-based); the model " +
                $"needs finite numbers. {fix}, or build the pipeline with allowNaN: true.");
        }
    }

    // The step's columns of the table, checked against the kinds seen in Fit (null while fitting).
    private static Table Select(Table data, string step, IReadOnlyList<string> columns, IReadOnlyList<ColumnSchema>? expected)
    {
        var result = new Column[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            if (!data.Contains(columns[i]))
                throw new ArgumentException(
                    $"ColumnPipeline: column '{columns[i]}' (step '{step}') is missing from the table. " +
                    $"Columns: {string.Join(", ", data.ColumnNames)}.");
            result[i] = data[columns[i]];
            if (expected is not null && result[i].Kind != expected[i].Kind)
                throw new ArgumentException(
                    $"ColumnPipeline: column '{columns[i]}' (step '{step}') was {expected[i].KindText} when fitted " +
                    $"but is {ColumnSchema.KindName(result[i].Kind)} now.");
        }
        return new Table(result);
    }

    private InvalidOperationException NotFitted(string what) =>
        new($"ColumnPipeline is not fitted: call Fit(train) before {what}.");
}
