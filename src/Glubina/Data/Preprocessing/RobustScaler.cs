using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Scales numeric columns with statistics that outliers barely move: <c>(x − median) / IQR</c>, where the IQR is
/// the difference of the <see cref="QuantileMin"/> and <see cref="QuantileMax"/> percentiles (NumPy's linear
/// interpolation), like scikit-learn's <c>RobustScaler</c>. NaN values are skipped when fitting and stay NaN.
/// A zero range gets scale 1.
/// </summary>
public sealed class RobustScaler : TableTransformer
{
    private double[]? _center;
    private double[]? _scale;

    /// <param name="withCentering">Subtract the median (sklearn <c>with_centering</c>).</param>
    /// <param name="withScaling">Divide by the quantile range (sklearn <c>with_scaling</c>).</param>
    /// <param name="quantileMin">Lower percentile, in [0, 100] (sklearn <c>quantile_range[0]</c>).</param>
    /// <param name="quantileMax">Upper percentile, in [0, 100] (sklearn <c>quantile_range[1]</c>).</param>
    public RobustScaler(bool withCentering = true, bool withScaling = true, double quantileMin = 25, double quantileMax = 75)
    {
        if (!(0 <= quantileMin && quantileMin <= quantileMax && quantileMax <= 100))
            throw new ArgumentException(
                $"RobustScaler: quantile range must satisfy 0 <= min <= max <= 100, got ({quantileMin}, {quantileMax}).");
        WithCentering = withCentering;
        WithScaling = withScaling;
        QuantileMin = quantileMin;
        QuantileMax = quantileMax;
    }

    /// <inheritdoc/>
    public override string TypeName => "robust_scaler";

    /// <summary>Whether the median is subtracted.</summary>
    public bool WithCentering { get; }

    /// <summary>Whether values are divided by the quantile range.</summary>
    public bool WithScaling { get; }

    /// <summary>Lower percentile of the range.</summary>
    public double QuantileMin { get; }

    /// <summary>Upper percentile of the range.</summary>
    public double QuantileMax { get; }

    /// <summary>Per-column median (sklearn <c>center_</c>); null without centering.</summary>
    public IReadOnlyList<double>? Center => IsFitted ? _center : throw NotFitted("Center");

    /// <summary>Per-column quantile range (sklearn <c>scale_</c>); null without scaling.</summary>
    public IReadOnlyList<double>? Scale => IsFitted ? _scale : throw NotFitted("Scale");

    /// <inheritdoc/>
    protected override void CheckKind(string column, ColumnKind kind) => RequireNumeric(column, kind);

    /// <inheritdoc/>
    protected override void FitCore(IReadOnlyList<Column> columns)
    {
        int f = columns.Count;
        var center = new double[f];
        var scale = new double[f];
        for (int j = 0; j < f; j++)
        {
            var c = (NumericColumn)columns[j];
            CheckFinite(c);
            double[] sorted = NumpyStats.SortedPresent(c.Values);
            center[j] = NumpyStats.Median(sorted);
            double range = NumpyStats.Percentile(sorted, QuantileMax) - NumpyStats.Percentile(sorted, QuantileMin);
            scale[j] = NumpyStats.HandleZeroScale(range);
        }
        _center = WithCentering ? center : null;
        _scale = WithScaling ? scale : null;
    }

    /// <inheritdoc/>
    protected override Column[] TransformCore(IReadOnlyList<Column> columns) => CenterAndScale(columns, _center, _scale);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> OutputColumnsCore() => InputColumns.Select(c => c.Name).ToArray();

    /// <inheritdoc/>
    protected override void WriteParams(JsonObject parameters)
    {
        parameters["with_centering"] = WithCentering;
        parameters["with_scaling"] = WithScaling;
        parameters["quantile_range"] = JsonState.Numbers([QuantileMin, QuantileMax]);
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject state)
    {
        state["center"] = _center is null ? null : JsonState.Numbers(_center);
        state["scale"] = _scale is null ? null : JsonState.Numbers(_scale);
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns)
    {
        const string owner = nameof(RobustScaler);
        _center = WithCentering ? JsonState.Doubles(state, "center", owner, columns.Count) : null;
        _scale = WithScaling ? JsonState.Doubles(state, "scale", owner, columns.Count) : null;
    }

    /// <summary>Reads a scaler written by <see cref="TableTransformer.ToJson"/>.</summary>
    public static RobustScaler FromJson(JsonObject json)
    {
        const string owner = nameof(RobustScaler);
        var p = ReadParams(json, "robust_scaler", owner);
        double[] range = JsonState.Doubles(p, "quantile_range", owner, 2);
        var scaler = new RobustScaler(JsonState.Bool(p, "with_centering", owner), JsonState.Bool(p, "with_scaling", owner),
            range[0], range[1]);
        scaler.LoadState(json);
        return scaler;
    }
}
