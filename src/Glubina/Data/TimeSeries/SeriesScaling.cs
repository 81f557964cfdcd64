namespace Glubina.Data.TimeSeries;

/// <summary>How <see cref="SeriesScaler"/> rescales each feature.</summary>
public enum SeriesScaling
{
    /// <summary>(x − mean) / std (population std) of the training part.</summary>
    Standard,

    /// <summary>(x − min) / (max − min) of the training part, so training values are in [0, 1].</summary>
    MinMax,
}
