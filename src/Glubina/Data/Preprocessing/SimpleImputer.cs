using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Replaces missing values (NaN in numeric columns, null in categorical ones) with a value learned per column
/// from the training data, like scikit-learn's <c>SimpleImputer</c>: the mean, the median, the most frequent value
/// (ties: the smallest number, or the first string in code-point order), or a constant. Numeric and categorical
/// columns may be mixed when the strategy allows both (<see cref="ImputeStrategy.MostFrequent"/>,
/// <see cref="ImputeStrategy.Constant"/>).
/// </summary>
public sealed class SimpleImputer : TableTransformer
{
    private const string DefaultFillText = "missing_value";
    private double[] _numbers = [];
    private string?[] _texts = [];

    /// <param name="strategy">How the fill value is chosen.</param>
    /// <param name="fillValue">The fill value of numeric columns for <see cref="ImputeStrategy.Constant"/> (sklearn default 0).</param>
    /// <param name="fillText">The fill value of categorical columns for <see cref="ImputeStrategy.Constant"/>
    /// (sklearn default "missing_value").</param>
    public SimpleImputer(ImputeStrategy strategy = ImputeStrategy.Mean, double fillValue = 0, string fillText = DefaultFillText)
    {
        if (!Enum.IsDefined(strategy))
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "SimpleImputer: unknown strategy.");
        if (strategy == ImputeStrategy.Constant && double.IsNaN(fillValue))
            throw new ArgumentException("SimpleImputer: the constant fill value is NaN, which would leave values missing.");
        ArgumentNullException.ThrowIfNull(fillText);
        Strategy = strategy;
        FillValue = fillValue;
        FillText = fillText;
    }

    /// <inheritdoc/>
    public override string TypeName => "simple_imputer";

    /// <summary>How the fill value is chosen.</summary>
    public ImputeStrategy Strategy { get; }

    /// <summary>Constant fill value of numeric columns.</summary>
    public double FillValue { get; }

    /// <summary>Constant fill value of categorical columns.</summary>
    public string FillText { get; }

    /// <summary>Per-column fill value of numeric columns (sklearn <c>statistics_</c>); NaN for categorical columns.</summary>
    public IReadOnlyList<double> Statistics => IsFitted ? _numbers : throw NotFitted("Statistics");

    /// <summary>Per-column fill value of categorical columns (sklearn <c>statistics_</c>); null for numeric columns.</summary>
    public IReadOnlyList<string?> TextStatistics => IsFitted ? _texts : throw NotFitted("TextStatistics");

    /// <inheritdoc/>
    protected override void CheckKind(string column, ColumnKind kind)
    {
        if (kind == ColumnKind.Categorical && Strategy is ImputeStrategy.Mean or ImputeStrategy.Median)
            throw new ArgumentException(
                $"{Label}: column '{column}' is categorical; strategy {Strategy} needs numbers. " +
                "Use ImputeStrategy.MostFrequent or ImputeStrategy.Constant for categories.");
    }

    /// <inheritdoc/>
    protected override void FitCore(IReadOnlyList<Column> columns)
    {
        int f = columns.Count;
        var numbers = new double[f];
        var texts = new string?[f];
        for (int j = 0; j < f; j++)
        {
            numbers[j] = double.NaN;
            if (Strategy != ImputeStrategy.Constant && columns[j].MissingCount == columns[j].Length)
                throw new ArgumentException(
                    $"{Label}: column '{columns[j].Name}' has no values in the training data (all {columns[j].Length} rows " +
                    $"missing), so strategy {Strategy} cannot learn a fill value. Drop the column or use ImputeStrategy.Constant.");
            if (columns[j] is NumericColumn n)
            {
                CheckFinite(n);
                numbers[j] = Strategy switch
                {
                    ImputeStrategy.Mean => NumpyStats.MeanVar(n.Values).Mean,
                    ImputeStrategy.Median => NumpyStats.Median(NumpyStats.SortedPresent(n.Values)),
                    ImputeStrategy.MostFrequent => NumpyStats.Mode(NumpyStats.SortedPresent(n.Values)),
                    _ => FillValue,
                };
            }
            else
            {
                texts[j] = Strategy == ImputeStrategy.Constant ? FillText : MostFrequent(((CategoricalColumn)columns[j]).Values);
            }
        }
        _numbers = numbers;
        _texts = texts;
    }

    private static string MostFrequent(string?[] values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string? v in values)
            if (v is not null)
                counts[v] = counts.GetValueOrDefault(v) + 1;
        int max = counts.Values.Max();
        // Python's min() over the tied values: code-point order.
        return counts.Where(kv => kv.Value == max).Select(kv => kv.Key).Min(CodePointComparer.Instance)!;
    }

    /// <inheritdoc/>
    protected override Column[] TransformCore(IReadOnlyList<Column> columns)
    {
        var result = new Column[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            if (columns[j] is NumericColumn n)
            {
                CheckFinite(n);
                var output = (double[])n.Values.Clone();
                for (int r = 0; r < output.Length; r++)
                    if (double.IsNaN(output[r]))
                        output[r] = _numbers[j];
                result[j] = new NumericColumn(n.Name, output);
            }
            else
            {
                var c = (CategoricalColumn)columns[j];
                var output = new string?[c.Length];
                for (int r = 0; r < output.Length; r++)
                    output[r] = c.Values[r] ?? _texts[j];
                result[j] = new CategoricalColumn(c.Name, output);
            }
        }
        return result;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> OutputColumnsCore() => InputColumns.Select(c => c.Name).ToArray();

    /// <inheritdoc/>
    protected override void WriteParams(JsonObject parameters)
    {
        parameters["strategy"] = StrategyName(Strategy);
        parameters["fill_value"] = JsonState.Number(FillValue);
        parameters["fill_text"] = FillText;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject state)
    {
        state["statistics"] = JsonState.Numbers(_numbers);
        state["text_statistics"] = JsonState.Texts(_texts);
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns)
    {
        const string owner = nameof(SimpleImputer);
        double[] numbers = JsonState.Doubles(state, "statistics", owner, columns.Count);
        string?[] texts = JsonState.Texts(JsonState.Get(state, "text_statistics", owner), $"{owner} JSON 'text_statistics'");
        if (texts.Length != columns.Count)
            throw new FormatException(
                $"{owner} JSON: 'text_statistics' has {texts.Length} values; expected {columns.Count}, one per fitted column.");
        for (int j = 0; j < columns.Count; j++)
            if (columns[j].Kind == ColumnKind.Categorical && texts[j] is null)
                throw new FormatException($"{owner} JSON: 'text_statistics'[{j}] for categorical column '{columns[j].Name}' is null.");
        _numbers = numbers;
        _texts = texts;
    }

    /// <summary>Reads an imputer written by <see cref="TableTransformer.ToJson"/>.</summary>
    public static SimpleImputer FromJson(JsonObject json)
    {
        const string owner = nameof(SimpleImputer);
        var p = ReadParams(json, "simple_imputer", owner);
        string name = JsonState.String(p, "strategy", owner);
        ImputeStrategy strategy = name switch
        {
            "mean" => ImputeStrategy.Mean,
            "median" => ImputeStrategy.Median,
            "most_frequent" => ImputeStrategy.MostFrequent,
            "constant" => ImputeStrategy.Constant,
            _ => throw new FormatException(
                $"{owner} JSON: strategy must be one of mean, median, most_frequent, constant; got '{name}'."),
        };
        var imputer = new SimpleImputer(strategy, JsonState.Double(p, "fill_value", owner), JsonState.String(p, "fill_text", owner));
        imputer.LoadState(json);
        return imputer;
    }

    private static string StrategyName(ImputeStrategy s) => s switch
    {
        ImputeStrategy.Mean => "mean",
        ImputeStrategy.Median => "median",
        ImputeStrategy.MostFrequent => "most_frequent",
        _ => "constant",
    };
}
