using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Accuracy ("accuracy": arg-max, or a 0.5 / 0 threshold for one score per sample, or int64 predicted
/// labels) or top-k accuracy ("top{k}_accuracy", k ≥ 2, from [N, C] scores with scikit-learn's tie order) over
/// batches. Targets are int64 class indices [N] in 0..C−1.</summary>
public sealed class StreamingAccuracy : IMetric
{
    private readonly int _k;
    private readonly ScoreKind _kind;
    private long _hits;
    private long _count;

    /// <summary>Top-<paramref name="k"/> accuracy (k = 1: plain accuracy) of predictions of kind <paramref name="kind"/>.</summary>
    public StreamingAccuracy(int k = 1, ScoreKind kind = ScoreKind.Probabilities)
    {
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, "StreamingAccuracy: k must be at least 1.");
        _k = k;
        _kind = kind;
        Name = k == 1 ? "accuracy" : $"top{k}_accuracy";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool GreaterIsBetter => true;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets)
    {
        if (_k == 1)
        {
            var (predicted, classes) = TensorInputs.PredictedLabels(predictions, _kind, Name);
            long[] labels = TensorInputs.Targets(targets, predicted.Length, Name);
            if (classes > 0)
                MetricChecks.ClassIndices(labels, classes, nameof(targets), Name, $"the {classes} classes of predictions");
            for (int i = 0; i < labels.Length; i++)
                _hits += labels[i] == predicted[i] ? 1 : 0;
            _count += labels.Length;
            return;
        }
        var (data, rows, columns) = TensorInputs.Scores(predictions, Name);
        if (columns < 2)
            throw new ArgumentException(
                $"{Name}: top-{_k} accuracy needs class scores [N, C] with C >= 2, got shape [{string.Join(", ", predictions.ShapeArray())}].",
                nameof(predictions));
        long[] targetLabels = TensorInputs.Targets(targets, rows, Name);
        MetricChecks.ClassIndices(targetLabels, columns, nameof(targets), Name, $"the {columns} columns of predictions");
        _hits += ClassificationMetrics.TopKHits(targetLabels, data, columns, _k);
        _count += rows;
    }

    /// <inheritdoc/>
    public double Compute()
    {
        if (_count == 0)
            throw new InvalidOperationException($"{Name}: Compute was called before any sample was given to Update.");
        return (double)_hits / _count;
    }

    /// <inheritdoc/>
    public void Reset() => _hits = _count = 0;
}
