using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Maps each numeric column linearly so that its training minimum and maximum land on
/// <see cref="FeatureMin"/> and <see cref="FeatureMax"/>: <c>x · scale + min</c>, like scikit-learn's
/// <c>MinMaxScaler</c>. NaN values are skipped when fitting and stay NaN. A column with zero range is treated as
/// having range 1. With <see cref="Clip"/>, outputs are clamped to the feature range.
/// </summary>
public sealed class MinMaxScaler : TableTransformer
{
    private double[] _dataMin = [];
    private double[] _dataMax = [];
    private double[] _scale = [];
    private double[] _min = [];

    /// <param name="featureMin">Lower end of the output range (sklearn <c>feature_range[0]</c>).</param>
    /// <param name="featureMax">Upper end of the output range (sklearn <c>feature_range[1]</c>).</param>
    /// <param name="clip">Clamp transformed values to the range (sklearn <c>clip</c>).</param>
    public MinMaxScaler(double featureMin = 0, double featureMax = 1, bool clip = false)
    {
        if (!(featureMin < featureMax))
            throw new ArgumentException(
                $"MinMaxScaler: feature range minimum must be smaller than maximum, got ({featureMin}, {featureMax}).");
        FeatureMin = featureMin;
        FeatureMax = featureMax;
        Clip = clip;
    }

    /// <inheritdoc/>
    public override string TypeName => "minmax_scaler";

    /// <summary>Lower end of the output range.</summary>
    public double FeatureMin { get; }

    /// <summary>Upper end of the output range.</summary>
    public double FeatureMax { get; }

    /// <summary>Whether transformed values are clamped to the output range.</summary>
    public bool Clip { get; }

    /// <summary>Per-column training minimum (sklearn <c>data_min_</c>).</summary>
    public IReadOnlyList<double> DataMin => IsFitted ? _dataMin : throw NotFitted("DataMin");

    /// <summary>Per-column training maximum (sklearn <c>data_max_</c>).</summary>
    public IReadOnlyList<double> DataMax => IsFitted ? _dataMax : throw NotFitted("DataMax");

    /// <summary>Per-column multiplier (sklearn <c>scale_</c>).</summary>
    public IReadOnlyList<double> Scale => IsFitted ? _scale : throw NotFitted("Scale");

    /// <summary>Per-column offset added after scaling (sklearn <c>min_</c>).</summary>
    public IReadOnlyList<double> Min => IsFitted ? _min : throw NotFitted("Min");

    /// <inheritdoc/>
    protected override void CheckKind(string column, ColumnKind kind) => RequireNumeric(column, kind);

    /// <inheritdoc/>
    protected override void FitCore(IReadOnlyList<Column> columns)
    {
        int f = columns.Count;
        _dataMin = new double[f];
        _dataMax = new double[f];
        _scale = new double[f];
        _min = new double[f];
        for (int j = 0; j < f; j++)
        {
            var c = (NumericColumn)columns[j];
            CheckFinite(c);
            double lo = double.NaN, hi = double.NaN;
            foreach (double v in c.Values)
            {
                if (double.IsNaN(v))
                    continue;
                if (double.IsNaN(lo) || v < lo)
                    lo = v;
                if (double.IsNaN(hi) || v > hi)
                    hi = v;
            }
            _dataMin[j] = lo;
            _dataMax[j] = hi;
            // sklearn: scale_ = (fmax - fmin) / _handle_zeros_in_scale(data_range); min_ = fmin - data_min * scale_.
            _scale[j] = (FeatureMax - FeatureMin) / NumpyStats.HandleZeroScale(hi - lo);
            _min[j] = FeatureMin - lo * _scale[j];
        }
    }

    /// <inheritdoc/>
    protected override Column[] TransformCore(IReadOnlyList<Column> columns)
    {
        var result = new Column[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            var c = (NumericColumn)columns[j];
            CheckFinite(c);
            var output = new double[c.Length];
            for (int r = 0; r < output.Length; r++)
            {
                double y = c.Values[r] * _scale[j] + _min[j];
                output[r] = Clip && !double.IsNaN(y) ? Math.Clamp(y, FeatureMin, FeatureMax) : y;
            }
            result[j] = new NumericColumn(c.Name, output);
        }
        return result;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> OutputColumnsCore() => InputColumns.Select(c => c.Name).ToArray();

    /// <inheritdoc/>
    protected override void WriteParams(JsonObject parameters)
    {
        parameters["feature_range"] = JsonState.Numbers([FeatureMin, FeatureMax]);
        parameters["clip"] = Clip;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject state)
    {
        state["data_min"] = JsonState.Numbers(_dataMin);
        state["data_max"] = JsonState.Numbers(_dataMax);
        state["scale"] = JsonState.Numbers(_scale);
        state["min"] = JsonState.Numbers(_min);
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns)
    {
        const string owner = nameof(MinMaxScaler);
        _dataMin = JsonState.Doubles(state, "data_min", owner, columns.Count);
        _dataMax = JsonState.Doubles(state, "data_max", owner, columns.Count);
        _scale = JsonState.Doubles(state, "scale", owner, columns.Count);
        _min = JsonState.Doubles(state, "min", owner, columns.Count);
    }

    /// <summary>Reads a scaler written by <see cref="TableTransformer.ToJson"/>.</summary>
    public static MinMaxScaler FromJson(JsonObject json)
    {
        const string owner = nameof(MinMaxScaler);
        var p = ReadParams(json, "minmax_scaler", owner);
        double[] range = JsonState.Doubles(p, "feature_range", owner, 2);
        var scaler = new MinMaxScaler(range[0], range[1], JsonState.Bool(p, "clip", owner));
        scaler.LoadState(json);
        return scaler;
    }
}
