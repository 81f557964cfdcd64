using System.Text.Json.Nodes;
using Glubina.Data.Preprocessing;
using Glubina.Tensors;

namespace Glubina.Data.TimeSeries;

/// <summary>
/// Per-feature scaling of a time series [T, F], fitted on the training steps only (the first <c>trainEnd</c> rows), so
/// nothing about the validation or test period leaks into the model. <see cref="InverseTransform(Tensor, int)"/>
/// maps forecasts back to the original units. The state is saved as JSON.
/// </summary>
public sealed class SeriesScaler
{
    private readonly double[] _offset;
    private readonly double[] _scale;

    private SeriesScaler(SeriesScaling kind, double[] offset, double[] scale, int fittedSteps)
    {
        Kind = kind;
        _offset = offset;
        _scale = scale;
        FittedSteps = fittedSteps;
    }

    /// <summary>Standardisation or min–max scaling.</summary>
    public SeriesScaling Kind { get; }

    /// <summary>Per feature: the value subtracted (mean or min).</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <summary>Per feature: the divisor (std or max − min; 1 for a constant feature).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>The number of steps the scaler was fitted on.</summary>
    public int FittedSteps { get; }

    /// <summary>Fits on rows [0, <paramref name="trainEnd"/>) of <paramref name="series"/> [T, F].</summary>
    public static SeriesScaler Fit(float[,] series, int trainEnd, SeriesScaling kind = SeriesScaling.Standard)
    {
        ArgumentNullException.ThrowIfNull(series);
        int t = series.GetLength(0), f = series.GetLength(1);
        if (trainEnd < 1 || trainEnd > t)
            throw new ArgumentOutOfRangeException(nameof(trainEnd), trainEnd, $"SeriesScaler.Fit: trainEnd must be in 1..{t} (the series' steps), got {trainEnd}.");
        var offset = new double[f];
        var scale = new double[f];
        for (int j = 0; j < f; j++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < trainEnd; i++)
            {
                double v = series[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"SeriesScaler.Fit: step {i}, feature {j} is {v}; the training part must be finite.", nameof(series));
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            double mean = sum / trainEnd, ss = 0;
            for (int i = 0; i < trainEnd; i++)
                ss += (series[i, j] - mean) * (series[i, j] - mean);
            double std = Math.Sqrt(ss / trainEnd);
            (offset[j], scale[j]) = kind == SeriesScaling.Standard ? (mean, std) : (min, max - min);
            if (!(scale[j] > 1e-12 * Math.Max(1, Math.Abs(offset[j]))))
                scale[j] = 1;
        }
        return new SeriesScaler(kind, offset, scale, trainEnd);
    }

    /// <summary>Fits a single series on its first <paramref name="trainEnd"/> values.</summary>
    public static SeriesScaler Fit(IReadOnlyList<float> series, int trainEnd, SeriesScaling kind = SeriesScaling.Standard) =>
        Fit(SlidingWindowDataset.Column(series), trainEnd, kind);

    /// <summary>The scaled series (a new array).</summary>
    public float[,] Transform(float[,] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckFeatures(series.GetLength(1), "Transform");
        var result = new float[series.GetLength(0), series.GetLength(1)];
        for (int i = 0; i < series.GetLength(0); i++)
            for (int j = 0; j < series.GetLength(1); j++)
                result[i, j] = (float)((series[i, j] - _offset[j]) / _scale[j]);
        return result;
    }

    /// <summary>The original series from a scaled one.</summary>
    public float[,] InverseTransform(float[,] scaled)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        CheckFeatures(scaled.GetLength(1), "InverseTransform");
        var result = new float[scaled.GetLength(0), scaled.GetLength(1)];
        for (int i = 0; i < scaled.GetLength(0); i++)
            for (int j = 0; j < scaled.GetLength(1); j++)
                result[i, j] = (float)(scaled[i, j] * _scale[j] + _offset[j]);
        return result;
    }

    /// <summary>Scaled values of feature <paramref name="feature"/> (e.g. forecasts [B, H]) back in original units.</summary>
    public Tensor InverseTransform(Tensor scaled, int feature = 0)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        if ((uint)feature >= (uint)_offset.Length)
            throw new ArgumentOutOfRangeException(nameof(feature), feature, $"SeriesScaler: feature {feature} is outside the fitted {_offset.Length} features.");
        float[] values = scaled.ToFloatArray();
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(values[i] * _scale[feature] + _offset[feature]);
        return Tensor.FromArray(values, scaled.ShapeArray());
    }

    private void CheckFeatures(int f, string who)
    {
        if (f != _offset.Length)
            throw new ArgumentException($"SeriesScaler.{who}: the series has {f} features, the scaler was fitted on {_offset.Length}.");
    }

    /// <summary>The state as JSON: <c>{"type":"series_scaler","kind":"standard"|"minmax","offset":[…],"scale":[…],"fitted_steps":n}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["type"] = "series_scaler",
        ["kind"] = Kind == SeriesScaling.Standard ? "standard" : "minmax",
        ["offset"] = JsonState.Numbers(_offset),
        ["scale"] = JsonState.Numbers(_scale),
        ["fitted_steps"] = JsonState.Number(FittedSteps),
    };

    /// <summary>Reads the state written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">A key is missing or has the wrong type, or "kind" is unknown.</exception>
    public static SeriesScaler FromJson(JsonObject json)
    {
        const string owner = nameof(SeriesScaler);
        ArgumentNullException.ThrowIfNull(json);
        string kind = JsonState.String(json, "kind", owner);
        SeriesScaling k = kind switch
        {
            "standard" => SeriesScaling.Standard,
            "minmax" => SeriesScaling.MinMax,
            _ => throw new FormatException($"{owner} JSON: 'kind' must be \"standard\" or \"minmax\", got \"{kind}\"."),
        };
        double[] offset = JsonState.Doubles(json, "offset", owner);
        return new SeriesScaler(k, offset, JsonState.Doubles(json, "scale", owner, offset.Length), JsonState.Int(json, "fitted_steps", owner));
    }
}
