using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Standardizes numeric columns: <c>(x − mean) / scale</c>, where scale is the population standard deviation
/// (ddof = 0) of the training values, like scikit-learn's <c>StandardScaler</c>. NaN (missing) values are
/// skipped when fitting and stay NaN. A column that is constant in training (variance within rounding error)
/// gets scale 1.
/// </summary>
public sealed class StandardScaler : TableTransformer
{
    private double[] _mean = [];
    private double[]? _var;
    private double[]? _scale;
    private int[] _count = [];

    /// <param name="withMean">Subtract the mean (sklearn <c>with_mean</c>).</param>
    /// <param name="withStd">Divide by the standard deviation (sklearn <c>with_std</c>).</param>
    public StandardScaler(bool withMean = true, bool withStd = true)
    {
        WithMean = withMean;
        WithStd = withStd;
    }

    /// <inheritdoc/>
    public override string TypeName => "standard_scaler";

    /// <summary>Whether the mean is subtracted.</summary>
    public bool WithMean { get; }

    /// <summary>Whether values are divided by the standard deviation.</summary>
    public bool WithStd { get; }

    /// <summary>Per-column mean of the non-missing training values (sklearn <c>mean_</c>).</summary>
    public IReadOnlyList<double> Mean => IsFitted ? _mean : throw NotFitted("Mean");

    /// <summary>Per-column population variance (sklearn <c>var_</c>); null when <see cref="WithStd"/> is false.</summary>
    public IReadOnlyList<double>? Var => IsFitted ? _var : throw NotFitted("Var");

    /// <summary>Per-column divisor (sklearn <c>scale_</c>); null when <see cref="WithStd"/> is false.</summary>
    public IReadOnlyList<double>? Scale => IsFitted ? _scale : throw NotFitted("Scale");

    /// <summary>Per-column number of non-missing training values (sklearn <c>n_samples_seen_</c>).</summary>
    public IReadOnlyList<int> SamplesSeen => IsFitted ? _count : throw NotFitted("SamplesSeen");

    /// <inheritdoc/>
    protected override void CheckKind(string column, ColumnKind kind) => RequireNumeric(column, kind);

    /// <inheritdoc/>
    protected override void FitCore(IReadOnlyList<Column> columns)
    {
        int f = columns.Count;
        var mean = new double[f];
        var var = new double[f];
        var count = new int[f];
        for (int j = 0; j < f; j++)
        {
            var c = (NumericColumn)columns[j];
            CheckFinite(c);
            (mean[j], var[j], count[j]) = NumpyStats.MeanVar(c.Values);
        }
        _mean = mean;
        _count = count;
        if (WithStd)
        {
            _var = var;
            _scale = new double[f];
            for (int j = 0; j < f; j++)
                _scale[j] = NumpyStats.IsConstant(var[j], mean[j], count[j]) ? 1.0 : Math.Sqrt(var[j]);
        }
        else
        {
            _var = null;
            _scale = null;
        }
    }

    /// <inheritdoc/>
    protected override Column[] TransformCore(IReadOnlyList<Column> columns) => CenterAndScale(columns, WithMean ? _mean : null, _scale);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> OutputColumnsCore() => InputColumns.Select(c => c.Name).ToArray();

    /// <inheritdoc/>
    protected override void WriteParams(JsonObject parameters)
    {
        parameters["with_mean"] = WithMean;
        parameters["with_std"] = WithStd;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject state)
    {
        state["mean"] = JsonState.Numbers(_mean);
        state["var"] = _var is null ? null : JsonState.Numbers(_var);
        state["scale"] = _scale is null ? null : JsonState.Numbers(_scale);
        state["n_samples_seen"] = JsonState.Numbers(_count.Select(n => (double)n));
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns)
    {
        const string owner = "StandardScaler";
        _mean = JsonState.Doubles(state, "mean", owner, columns.Count);
        _count = JsonState.Doubles(state, "n_samples_seen", owner, columns.Count).Select(v => (int)v).ToArray();
        _var = WithStd ? JsonState.Doubles(state, "var", owner, columns.Count) : null;
        _scale = WithStd ? JsonState.Doubles(state, "scale", owner, columns.Count) : null;
    }

    /// <summary>Reads a scaler written by <see cref="TableTransformer.ToJson"/>.</summary>
    public static StandardScaler FromJson(JsonObject json)
    {
        var p = ReadParams(json, "standard_scaler", nameof(StandardScaler));
        var scaler = new StandardScaler(JsonState.Bool(p, "with_mean", nameof(StandardScaler)),
            JsonState.Bool(p, "with_std", nameof(StandardScaler)));
        scaler.LoadState(json);
        return scaler;
    }
}
