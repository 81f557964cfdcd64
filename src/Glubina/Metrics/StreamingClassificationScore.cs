using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Precision, recall or F1 over batches, from a <see cref="StreamingConfusionMatrix"/>. Its name is the
/// score ("precision", "recall", "f1") for <see cref="Average.Binary"/> (positive label 1), else the score and the
/// average ("f1_macro", "recall_weighted", "precision_micro"), as scikit-learn's scorers are named.</summary>
public sealed class StreamingClassificationScore : IMetric
{
    private readonly StreamingConfusionMatrix _matrix;
    private readonly ClassificationScore _score;
    private readonly Average _average;
    private readonly long _positiveLabel;

    /// <summary>The <paramref name="score"/> combined by <paramref name="average"/> of predictions of kind
    /// <paramref name="kind"/>; <paramref name="positiveLabel"/> is the positive class for Binary.</summary>
    public StreamingClassificationScore(ClassificationScore score, Average average, ScoreKind kind = ScoreKind.Probabilities,
        long positiveLabel = 1)
    {
        _matrix = new StreamingConfusionMatrix(kind);
        _score = score;
        _average = average;
        _positiveLabel = positiveLabel;
        string scoreName = score switch
        {
            ClassificationScore.Precision => "precision",
            ClassificationScore.Recall => "recall",
            _ => "f1",
        };
        Name = average == Average.Binary ? scoreName : $"{scoreName}_{average.ToString().ToLowerInvariant()}";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool GreaterIsBetter => true;

    /// <summary>The confusion matrix so far.</summary>
    public ConfusionMatrix Matrix => _matrix.Result();

    /// <inheritdoc/>
    public void Update(Tensor predictions, Tensor targets) => _matrix.Update(predictions, targets);

    /// <inheritdoc/>
    public double Compute()
    {
        if (_matrix.Count == 0)
            throw new InvalidOperationException($"{Name}: Compute was called before any sample was given to Update.");
        PrecisionRecallF1 s;
        try
        {
            s = _matrix.Result().Scores(_average, _positiveLabel);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{Name}: {e.Message}", e);
        }
        return _score switch
        {
            ClassificationScore.Precision => s.Precision,
            ClassificationScore.Recall => s.Recall,
            _ => s.F1,
        };
    }

    /// <inheritdoc/>
    public void Reset() => _matrix.Reset();
}
