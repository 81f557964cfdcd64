using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>ROC AUC over batches: the scores and targets are kept and the area is computed by
/// <see cref="Compute"/>. Binary problems take [N] scores (any monotone score: probabilities or logits) or [N, 2]
/// scores (the probability of class 1 is used); [N, C] scores with C &gt; 2 give the one-vs-rest AUC (probabilities,
/// or logits turned into them by a softmax) combined by the average. Names: "roc_auc" (Macro or Binary),
/// "roc_auc_weighted", "roc_auc_micro".</summary>
public sealed class StreamingRocAuc : IMetric
{
    private readonly ScoreCollector _collector;
    private readonly Average _average;

    /// <summary>ROC AUC of predictions of kind <paramref name="kind"/>; <paramref name="average"/> combines the
    /// one-vs-rest AUCs of more than two classes.</summary>
    public StreamingRocAuc(Average average = Average.Macro, ScoreKind kind = ScoreKind.Probabilities)
    {
        _collector = new ScoreCollector(kind, binaryOnly: false);
        _average = average;
        Name = average switch
        {
            Average.Weighted => "roc_auc_weighted",
            Average.Micro => "roc_auc_micro",
            _ => "roc_auc",
        };
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool GreaterIsBetter => true;

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _collector.Add(predictions, targets, Name);

    /// <inheritdoc/>
    public double Compute()
    {
        if (_collector.Count == 0)
            throw new InvalidOperationException($"{Name}: Compute was called before any sample was given to Update.");
        long[] labels = _collector.Targets;
        double[] scores = _collector.Scores;
        try
        {
            if (_collector.Columns == 1)
            {
                var positive = Array.ConvertAll(labels, v => v == 1);
                return RankingMetrics.BinaryAuc(positive, scores, 1, 0, Name, "class 1");
            }
            return RankingMetrics.OneVsRestAuc(labels, scores, _collector.Columns, _average, Name);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public void Reset() => _collector.Clear();
}
