using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>A confusion matrix accumulated over batches, over the classes 0..K−1. K is the number of score columns
/// (or 2 for one score per sample), or the <c>numClasses</c> given, or — for int64 predicted labels without
/// either — grows to the largest label seen. Precision, recall, F1 and the classification report derive from
/// <see cref="Result"/>; their averages run over the classes that occur, as scikit-learn's do.</summary>
public sealed class StreamingConfusionMatrix
{
    private const int MaxGrownClasses = 10_000;
    private readonly ScoreKind _kind;
    private readonly int? _fixedClasses;
    private int _scoreColumns;
    private long[,] _counts = new long[0, 0];
    private long _count;

    /// <summary>A matrix for predictions of kind <paramref name="kind"/>; with <paramref name="numClasses"/> every
    /// label must be below it.</summary>
    public StreamingConfusionMatrix(ScoreKind kind = ScoreKind.Probabilities, int? numClasses = null)
    {
        if (numClasses is < 1)
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "StreamingConfusionMatrix: numClasses must be at least 1.");
        _kind = kind;
        _fixedClasses = numClasses;
        if (numClasses is int k)
            _counts = new long[k, k];
    }

    /// <summary>Number of classes (rows and columns) so far.</summary>
    public int NumClasses => _counts.GetLength(0);

    /// <summary>Samples counted since the last <see cref="Reset"/>.</summary>
    public long Count => _count;

    /// <summary>Adds a batch: <paramref name="predictions"/> [N, C] scores (arg-max), [N] one score per sample
    /// (threshold 0.5 for probabilities, 0 for logits) or int64 predicted labels [N]; <paramref name="targets"/>
    /// int64 class indices [N].</summary>
    public void Update(Tensor predictions, Tensor targets)
    {
        const string method = "StreamingConfusionMatrix.Update";
        var (predicted, classes) = TensorInputs.PredictedLabels(predictions, _kind, method);
        long[] labels = TensorInputs.Targets(targets, predicted.Length, method);
        if (classes > 0)
        {
            if (_scoreColumns != 0 && _scoreColumns != classes)
                throw new ArgumentException(
                    $"{method}: predictions imply {classes} classes but earlier batches had {_scoreColumns}.", nameof(predictions));
            if (_fixedClasses is int k && k != classes)
                throw new ArgumentException(
                    $"{method}: predictions imply {classes} classes but numClasses is {k}.", nameof(predictions));
            MetricChecks.ClassIndices(labels, classes, nameof(targets), method, $"the {classes} classes of predictions");
            _scoreColumns = classes;
        }
        Add(labels, predicted, method);
    }

    /// <summary>Adds a batch of true and predicted class indices (non-negative integers).</summary>
    public void Update(long[] yTrue, long[] yPred)
    {
        const string method = "StreamingConfusionMatrix.Update";
        MetricChecks.NotNull(yTrue, nameof(yTrue), method);
        MetricChecks.NotNull(yPred, nameof(yPred), method);
        MetricChecks.SameLength(yTrue.Length, nameof(yTrue), yPred.Length, nameof(yPred), method);
        for (int i = 0; i < yTrue.Length; i++)
        {
            if (yTrue[i] < 0 || yPred[i] < 0)
                throw new ArgumentException(
                    $"{method}: yTrue[{i}] = {yTrue[i]}, yPred[{i}] = {yPred[i]}; labels must be non-negative class indices.",
                    yTrue[i] < 0 ? nameof(yTrue) : nameof(yPred));
        }
        Add(yTrue, yPred, method);
    }

    /// <summary>The counts so far as a <see cref="ConfusionMatrix"/> over the labels 0..K−1.</summary>
    public ConfusionMatrix Result()
    {
        var labels = new long[NumClasses];
        for (int i = 0; i < labels.Length; i++)
            labels[i] = i;
        return new ConfusionMatrix(labels, _counts);
    }

    /// <summary>Forgets every sample (and, unless numClasses was given, the number of classes).</summary>
    public void Reset()
    {
        int k = _fixedClasses ?? 0;
        _counts = new long[k, k];
        _scoreColumns = 0;
        _count = 0;
    }

    private void Add(long[] labels, long[] predicted, string method)
    {
        long max = -1;
        for (int i = 0; i < labels.Length; i++)
            max = Math.Max(max, Math.Max(labels[i], predicted[i]));
        if (_fixedClasses is int k && max >= k)
        {
            int at = Array.FindIndex(labels, v => v >= k);
            string what = at >= 0 ? $"targets[{at}] = {labels[at]}" : $"predictions[{Array.FindIndex(predicted, v => v >= k)}] = {max}";
            throw new ArgumentException($"{method}: {what} is outside the classes 0..{k - 1} (numClasses = {k}).");
        }
        if (max >= MaxGrownClasses && max >= NumClasses)
            throw new ArgumentException(
                $"{method}: label {max} would need a {max + 1}x{max + 1} matrix; labels are class indices, and a matrix that " +
                $"grows from int64 labels stops at {MaxGrownClasses} classes (give numClasses for more).");
        if (max >= NumClasses)
            Grow((int)max + 1);
        for (int i = 0; i < labels.Length; i++)
            _counts[labels[i], predicted[i]]++;
        _count += labels.Length;
    }

    private void Grow(int classes)
    {
        var grown = new long[classes, classes];
        for (int i = 0; i < NumClasses; i++)
            for (int j = 0; j < NumClasses; j++)
                grown[i, j] = _counts[i, j];
        _counts = grown;
    }
}
