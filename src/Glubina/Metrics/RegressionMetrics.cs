namespace Glubina.Metrics;

/// <summary>Regression metrics on plain arrays, matching scikit-learn 1.2 for one output. Inputs are targets
/// <c>yTrue</c> [N] and predictions <c>yPred</c> [N] of the same non-zero length, all finite.</summary>
public static class RegressionMetrics
{
    /// <summary>ε of the percentage error: NumPy's <c>finfo(float64).eps</c>, scikit-learn's floor for |y|.</summary>
    public const double PercentageErrorEpsilon = 2.220446049250313e-16;

    /// <summary>Mean squared error: mean of (y − ŷ)².</summary>
    public static double MeanSquaredError(double[] yTrue, double[] yPred) =>
        Accumulate(yTrue, yPred, "MeanSquaredError").MeanSquaredError;

    /// <summary>Root mean squared error: √MSE (scikit-learn's <c>mean_squared_error(squared=False)</c>).</summary>
    public static double RootMeanSquaredError(double[] yTrue, double[] yPred) =>
        Math.Sqrt(Accumulate(yTrue, yPred, "RootMeanSquaredError").MeanSquaredError);

    /// <summary>Mean absolute error: mean of |y − ŷ|.</summary>
    public static double MeanAbsoluteError(double[] yTrue, double[] yPred) =>
        Accumulate(yTrue, yPred, "MeanAbsoluteError").MeanAbsoluteError;

    /// <summary>Mean absolute percentage error as scikit-learn defines it: mean of |y − ŷ| / max(|y|, ε) with
    /// ε = <see cref="PercentageErrorEpsilon"/>. It is a fraction, not a percentage (0.05 means 5 %), and a target of
    /// zero gives a huge but finite term (|ŷ| / 2.2e-16) rather than infinity.</summary>
    public static double MeanAbsolutePercentageError(double[] yTrue, double[] yPred) =>
        Accumulate(yTrue, yPred, "MeanAbsolutePercentageError").MeanAbsolutePercentageError;

    /// <summary>Coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)². As scikit-learn (force_finite): a
    /// constant target gives 1.0 for perfect predictions and 0.0 otherwise; fewer than two samples give NaN.
    /// The variance of y is accumulated with Welford's update, so any constant target has a denominator of exactly 0
    /// (scikit-learn's two-pass mean can leave a rounding residue there).</summary>
    public static double R2Score(double[] yTrue, double[] yPred) =>
        Accumulate(yTrue, yPred, "R2Score").R2;

    // The checked arrays in one accumulator: every metric here reads its value off it.
    private static RegressionAccumulator Accumulate(double[] yTrue, double[] yPred, string method)
    {
        MetricChecks.NotNull(yTrue, nameof(yTrue), method);
        MetricChecks.NotNull(yPred, nameof(yPred), method);
        MetricChecks.SameLength(yTrue.Length, nameof(yTrue), yPred.Length, nameof(yPred), method);
        MetricChecks.NotEmpty(yTrue.Length, nameof(yTrue), method);
        MetricChecks.Finite(yTrue, nameof(yTrue), method);
        MetricChecks.Finite(yPred, nameof(yPred), method);
        var accumulator = new RegressionAccumulator();
        accumulator.Add(yTrue, yPred);
        return accumulator;
    }
}
