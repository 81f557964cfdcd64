using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Mean absolute percentage error ("mape", a fraction: 0.05 is 5 %) over batches, defined as scikit-learn does: mean of |y − ŷ| / max(|y|, 2.2e-16) (see <see cref="RegressionMetrics.MeanAbsolutePercentageError"/>).</summary>
public sealed class StreamingMeanAbsolutePercentageError : IMetric
{
    private readonly RegressionAccumulator _acc = new();

    /// <inheritdoc/>
    public string Name => "mape";

    /// <inheritdoc/>
    public bool GreaterIsBetter => false;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _acc.Add(predictions, targets, Name);

    /// <inheritdoc/>
    public double Compute()
    {
        _acc.CheckNotEmpty(Name);
        return _acc.MeanAbsolutePercentageError;
    }

    /// <inheritdoc/>
    public void Reset() => _acc.Reset();
}
