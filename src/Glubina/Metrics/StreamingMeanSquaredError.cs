using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Mean squared error ("mse"), or its square root ("rmse") with <c>root</c>, over batches of float predictions and targets [N] (or [N, 1]).</summary>
public sealed class StreamingMeanSquaredError : IMetric
{
    private readonly RegressionAccumulator _acc = new();
    private readonly bool _root;

    /// <summary>Mean squared error, or root mean squared error when <paramref name="root"/>.</summary>
    public StreamingMeanSquaredError(bool root = false) => _root = root;

    /// <inheritdoc/>
    public string Name => _root ? "rmse" : "mse";

    /// <inheritdoc/>
    public bool GreaterIsBetter => false;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _acc.Add(predictions, targets, Name);

    /// <inheritdoc/>
    public double Compute()
    {
        _acc.CheckNotEmpty(Name);
        return _root ? Math.Sqrt(_acc.MeanSquaredError) : _acc.MeanSquaredError;
    }

    /// <inheritdoc/>
    public void Reset() => _acc.Reset();
}
