namespace Glubina.Metrics;

/// <summary>Mean squared error ("mse"), or its square root ("rmse") with <c>root</c>, over batches of float predictions and targets [N] (or [N, 1]).</summary>
public sealed class StreamingMeanSquaredError : StreamingRegressionMetric
{
    private readonly bool _root;

    /// <summary>Mean squared error, or root mean squared error when <paramref name="root"/>.</summary>
    public StreamingMeanSquaredError(bool root = false) => _root = root;

    /// <inheritdoc/>
    public override string Name => _root ? "rmse" : "mse";

    /// <inheritdoc/>
    public override bool GreaterIsBetter => false;

    /// <inheritdoc/>
    private protected override double Value(RegressionAccumulator accumulated) => _root ? Math.Sqrt(accumulated.MeanSquaredError) : accumulated.MeanSquaredError;
}
