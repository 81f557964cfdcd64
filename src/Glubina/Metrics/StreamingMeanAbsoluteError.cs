using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Mean absolute error ("mae") over batches of float predictions and targets [N] (or [N, 1]).</summary>
public sealed class StreamingMeanAbsoluteError : IMetric
{
    private readonly RegressionAccumulator _acc = new();

    /// <inheritdoc/>
    public string Name => "mae";

    /// <inheritdoc/>
    public bool GreaterIsBetter => false;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _acc.Add(predictions, targets, Name);

    /// <inheritdoc/>
    public double Compute()
    {
        _acc.CheckNotEmpty(Name);
        return _acc.MeanAbsoluteError;
    }

    /// <inheritdoc/>
    public void Reset() => _acc.Reset();
}
