using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Coefficient of determination ("r2") over batches, as <see cref="RegressionMetrics.R2Score"/>: 1.0 or 0.0 for a constant target (perfect or not), NaN for a single sample. The target variance is accumulated with Welford's update, so batches give the same value as one array.</summary>
public sealed class StreamingR2Score : IMetric
{
    private readonly RegressionAccumulator _acc = new();

    /// <inheritdoc/>
    public string Name => "r2";

    /// <inheritdoc/>
    public bool GreaterIsBetter => true;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _acc.Add(predictions, targets, Name);

    /// <inheritdoc/>
    public double Compute()
    {
        _acc.CheckNotEmpty(Name);
        return _acc.R2;
    }

    /// <inheritdoc/>
    public void Reset() => _acc.Reset();
}
