namespace Glubina.Metrics;

/// <summary>Coefficient of determination ("r2") over batches, as <see cref="RegressionMetrics.R2Score"/>: 1.0 or 0.0 for a constant target (perfect or not), NaN for a single sample. The target variance is accumulated with Welford's update, so batches give the same value as one array.</summary>
public sealed class StreamingR2Score : StreamingRegressionMetric
{
    /// <inheritdoc/>
    public override string Name => "r2";

    /// <inheritdoc/>
    public override bool GreaterIsBetter => true;

    /// <inheritdoc/>
    private protected override double Value(RegressionAccumulator accumulated) => accumulated.R2;
}
