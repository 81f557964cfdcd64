namespace Glubina.Metrics;

/// <summary>Mean absolute error ("mae") over batches of float predictions and targets [N] (or [N, 1]).</summary>
public sealed class StreamingMeanAbsoluteError : StreamingRegressionMetric
{
    /// <inheritdoc/>
    public override string Name => "mae";

    /// <inheritdoc/>
    public override bool GreaterIsBetter => false;

    /// <inheritdoc/>
    private protected override double Value(RegressionAccumulator accumulated) => accumulated.MeanAbsoluteError;
}
