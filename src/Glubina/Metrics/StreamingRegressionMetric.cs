using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>A regression metric over batches of float predictions and targets [N] (or [N, 1]): the batches feed one
/// <see cref="RegressionAccumulator"/>, so they give the same value as one array of all of them.</summary>
public abstract class StreamingRegressionMetric : IMetric
{
    private readonly RegressionAccumulator _acc = new();

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract bool GreaterIsBetter { get; }

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _acc.Add(predictions, targets, Name);

    /// <inheritdoc/>
    public double Compute()
    {
        _acc.CheckNotEmpty(Name);
        return Value(_acc);
    }

    /// <inheritdoc/>
    public void Reset() => _acc.Reset();

    /// <summary>The metric of everything accumulated (at least one sample).</summary>
    private protected abstract double Value(RegressionAccumulator accumulated);
}
