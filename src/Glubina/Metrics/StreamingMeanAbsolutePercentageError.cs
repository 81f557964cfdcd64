namespace Glubina.Metrics;

/// <summary>Mean absolute percentage error ("mape", a fraction: 0.05 is 5 %) over batches, defined as scikit-learn does: mean of |y − ŷ| / max(|y|, 2.2e-16) (see <see cref="RegressionMetrics.MeanAbsolutePercentageError"/>).</summary>
public sealed class StreamingMeanAbsolutePercentageError : StreamingRegressionMetric
{
    /// <inheritdoc/>
    public override string Name => "mape";

    /// <inheritdoc/>
    public override bool GreaterIsBetter => false;

    /// <inheritdoc/>
    private protected override double Value(RegressionAccumulator accumulated) => accumulated.MeanAbsolutePercentageError;
}
