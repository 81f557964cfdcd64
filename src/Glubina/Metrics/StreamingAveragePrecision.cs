using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Average precision ("average_precision", scikit-learn's step-wise sum) of a binary problem over
/// batches: the scores and targets are kept and the value is computed by <see cref="Compute"/>. Predictions are
/// [N] scores (probabilities or logits) or [N, 2] scores (the probability of class 1 is used); targets are 0/1.</summary>
public sealed class StreamingAveragePrecision : IMetric
{
    private readonly ScoreCollector _collector;

    /// <summary>Average precision of predictions of kind <paramref name="kind"/>.</summary>
    public StreamingAveragePrecision(ScoreKind kind = ScoreKind.Probabilities) =>
        _collector = new ScoreCollector(kind, binaryOnly: true);

    /// <inheritdoc/>
    public string Name => "average_precision";

    /// <inheritdoc/>
    public bool GreaterIsBetter => true;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _collector.Add(predictions, targets, Name);

    /// <inheritdoc/>
    public double Compute()
    {
        if (_collector.Count == 0)
            throw new InvalidOperationException($"{Name}: Compute was called before any sample was given to Update.");
        var positive = Array.ConvertAll(_collector.Targets, v => v == 1);
        return BinaryCurve.Compute(positive, _collector.Scores).AveragePrecision();
    }

    /// <inheritdoc/>
    public void Reset() => _collector.Clear();
}
