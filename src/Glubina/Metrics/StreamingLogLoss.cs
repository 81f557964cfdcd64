using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Log loss ("log_loss") over batches, computed as scikit-learn 1.2's <c>log_loss</c>: probabilities
/// (the softmax of logits, or a sigmoid for one score per sample) are clipped to [ε, 1 − ε] with ε the machine
/// epsilon of the predictions' dtype (float32: 1.19e-7, float64: 2.2e-16; scikit-learn's <c>eps="auto"</c>), rows are
/// renormalised, and the mean of −log p[target] is returned. Targets are int64 class indices [N] (0/1 for one
/// score per sample).</summary>
public sealed class StreamingLogLoss : IMetric
{
    private readonly ScoreKind _kind;
    private double _sum;
    private long _count;

    /// <summary>Log loss of predictions of kind <paramref name="kind"/>.</summary>
    public StreamingLogLoss(ScoreKind kind = ScoreKind.Probabilities) => _kind = kind;

    /// <inheritdoc/>
    public string Name => "log_loss";

    /// <inheritdoc/>
    public bool GreaterIsBetter => false;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets)
    {
        var (data, rows, columns) = TensorInputs.Probabilities(predictions, _kind, Name);
        long[] labels = TensorInputs.Targets(targets, rows, Name);
        double eps = predictions.DType == DType.Float32 ? ClassificationMetrics.Float32Epsilon : ClassificationMetrics.Float64Epsilon;
        if (columns == 1)
        {
            MetricChecks.ClassIndices(labels, 2, nameof(targets), Name, "one score per sample (binary)");
            for (int i = 0; i < rows; i++)
                _sum += ClassificationMetrics.BinaryLogLoss(labels[i] == 1, data[i], eps);
        }
        else
        {
            MetricChecks.ClassIndices(labels, columns, nameof(targets), Name, $"the {columns} columns of predictions");
            _sum = ClassificationMetrics.LogLossSum(labels, data, columns, eps, Name, _sum);
        }
        _count += rows;
    }

    /// <inheritdoc/>
    public double Compute()
    {
        if (_count == 0)
            throw new InvalidOperationException($"{Name}: Compute was called before any sample was given to Update.");
        return _sum / _count;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _sum = 0;
        _count = 0;
    }
}
