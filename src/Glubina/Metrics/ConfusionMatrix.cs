using System.Globalization;
using System.Text;

namespace Glubina.Metrics;

/// <summary>Counts of (true label, predicted label) pairs: row i is the true class <c>Labels[i]</c>, column j the
/// predicted class <c>Labels[j]</c> (scikit-learn's layout). Precision, recall, F-scores and the classification
/// report derive from it. Scores whose denominator is zero (a class never predicted, or never present) are 0,
/// scikit-learn's default <c>zero_division="warn"</c> value (Glubina does not warn).</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _labels;
    private readonly long[,] _counts;
    private readonly Dictionary<long, int> _index;

    /// <summary>A matrix over <paramref name="labels"/> (distinct) with <paramref name="counts"/>
    /// [labels, labels] (true × predicted, non-negative). Both are copied.</summary>
    public ConfusionMatrix(long[] labels, long[,] counts)
    {
        MetricChecks.NotNull(labels, nameof(labels), "ConfusionMatrix");
        MetricChecks.NotNull(counts, nameof(counts), "ConfusionMatrix");
        int k = labels.Length;
        if (counts.GetLength(0) != k || counts.GetLength(1) != k)
            throw new ArgumentException(
                $"ConfusionMatrix: counts has shape [{counts.GetLength(0)}, {counts.GetLength(1)}] but there are {k} labels; expected [{k}, {k}].",
                nameof(counts));
        _index = new Dictionary<long, int>(k);
        for (int i = 0; i < k; i++)
        {
            if (!_index.TryAdd(labels[i], i))
                throw new ArgumentException($"ConfusionMatrix: label {labels[i]} occurs twice in labels [{string.Join(", ", labels)}].", nameof(labels));
        }
        foreach (long c in counts)
        {
            if (c < 0)
                throw new ArgumentException($"ConfusionMatrix: counts must be non-negative, found {c}.", nameof(counts));
        }
        _labels = (long[])labels.Clone();
        _counts = (long[,])counts.Clone();
    }

    /// <summary>The classes, in row and column order.</summary>
    public IReadOnlyList<long> Labels => _labels;

    /// <summary>Number of classes (rows and columns).</summary>
    public int NumClasses => _labels.Length;

    /// <summary>Samples of true class <c>Labels[trueIndex]</c> predicted as <c>Labels[predictedIndex]</c>.</summary>
    public long this[int trueIndex, int predictedIndex] => _counts[trueIndex, predictedIndex];

    /// <summary>Total number of samples counted.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (long c in _counts)
                total += c;
            return total;
        }
    }

    /// <summary>The counts as a new [classes, classes] array (true × predicted).</summary>
    public long[,] ToArray() => (long[,])_counts.Clone();

    /// <summary>Fraction of samples on the diagonal.</summary>
    public double Accuracy
    {
        get
        {
            long total = Total, correct = 0;
            if (total == 0)
                throw new InvalidOperationException("ConfusionMatrix.Accuracy: the matrix holds no samples.");
            for (int i = 0; i < _labels.Length; i++)
                correct += _counts[i, i];
            return (double)correct / total;
        }
    }

    /// <summary>The labels that occur as a true or a predicted label (non-zero row or column), in matrix order:
    /// what scikit-learn averages over when no labels are given.</summary>
    public long[] PresentLabels()
    {
        var present = new List<long>();
        for (int i = 0; i < _labels.Length; i++)
        {
            if (RowSum(i) != 0 || ColumnSum(i) != 0)
                present.Add(_labels[i]);
        }
        return present.ToArray();
    }

    /// <summary>Per-class precision, recall, F-beta and support for <paramref name="labels"/> (default
    /// <see cref="PresentLabels"/>). A label not in the matrix has all-zero scores and support.</summary>
    public ClassScores PerClass(IReadOnlyList<long>? labels = null, double beta = 1)
    {
        CheckBeta(beta);
        long[] chosen = labels?.ToArray() ?? PresentLabels();
        var (tp, predicted, actual) = Sums(chosen);
        var precision = new double[chosen.Length];
        var recall = new double[chosen.Length];
        var fscore = new double[chosen.Length];
        for (int i = 0; i < chosen.Length; i++)
            (precision[i], recall[i], fscore[i]) = Score(tp[i], predicted[i], actual[i], beta);
        return new ClassScores(chosen, precision, recall, fscore, actual);
    }

    /// <summary>Precision, recall and F-beta combined by <paramref name="average"/> over <paramref name="labels"/>
    /// (default <see cref="PresentLabels"/>). <see cref="Average.Binary"/> scores only
    /// <paramref name="positiveLabel"/> and needs at most two present labels, one of them the positive one.</summary>
    public PrecisionRecallF1 Scores(Average average, long positiveLabel = 1, IReadOnlyList<long>? labels = null, double beta = 1)
    {
        CheckBeta(beta);
        long[] chosen;
        if (average == Average.Binary)
        {
            long[] present = PresentLabels();
            if (present.Length > 2)
                throw new ArgumentException(
                    $"average Binary needs at most two classes, but labels [{string.Join(", ", present)}] occur; " +
                    "use Average.Macro, Micro or Weighted.", nameof(average));
            if (present.Length == 2 && Array.IndexOf(present, positiveLabel) < 0)
                throw new ArgumentException(
                    $"positiveLabel = {positiveLabel} is not one of the labels [{string.Join(", ", present)}].", nameof(positiveLabel));
            chosen = [positiveLabel];
        }
        else
        {
            chosen = labels?.ToArray() ?? PresentLabels();
        }
        var (tp, predicted, actual) = Sums(chosen);
        if (average == Average.Micro)
        {
            var (p, r, f) = Score(tp.Sum(), predicted.Sum(), actual.Sum(), beta);
            return new PrecisionRecallF1(p, r, f);
        }
        double sumP = 0, sumR = 0, sumF = 0, weights = 0;
        for (int i = 0; i < chosen.Length; i++)
        {
            var (p, r, f) = Score(tp[i], predicted[i], actual[i], beta);
            double w = average == Average.Weighted ? actual[i] : 1;
            sumP += p * w;
            sumR += r * w;
            sumF += f * w;
            weights += w;
        }
        // scikit-learn: weighted scores are zero_division (0) when no chosen class has a true sample.
        return weights == 0 ? new PrecisionRecallF1(0, 0, 0) : new PrecisionRecallF1(sumP / weights, sumR / weights, sumF / weights);
    }

    /// <summary>Precision combined by <paramref name="average"/> (see <see cref="Scores"/>).</summary>
    public double Precision(Average average, long positiveLabel = 1) => Scores(average, positiveLabel).Precision;

    /// <summary>Recall combined by <paramref name="average"/> (see <see cref="Scores"/>).</summary>
    public double Recall(Average average, long positiveLabel = 1) => Scores(average, positiveLabel).Recall;

    /// <summary>F1 combined by <paramref name="average"/> (see <see cref="Scores"/>).</summary>
    public double F1(Average average, long positiveLabel = 1) => Scores(average, positiveLabel).F1;

    /// <summary>scikit-learn's classification report over <paramref name="labels"/> (default
    /// <see cref="PresentLabels"/>), classes named by <paramref name="targetNames"/> (default: the labels).</summary>
    public ClassificationReport Report(IReadOnlyList<long>? labels = null, IReadOnlyList<string>? targetNames = null)
    {
        long[] present = PresentLabels();
        long[] chosen = labels?.ToArray() ?? present;
        if (targetNames is not null && targetNames.Count != chosen.Length)
            throw new ArgumentException(
                $"ClassificationReport: {targetNames.Count} target names were given for {chosen.Length} classes [{string.Join(", ", chosen)}].",
                nameof(targetNames));
        ClassScores perClass = PerClass(chosen);
        var rows = new ClassificationReportRow[chosen.Length];
        for (int i = 0; i < chosen.Length; i++)
        {
            string name = targetNames?[i] ?? chosen[i].ToString(CultureInfo.InvariantCulture);
            rows[i] = new ClassificationReportRow(name, perClass.Precision[i], perClass.Recall[i], perClass.FScore[i], perClass.Support[i]);
        }
        long support = perClass.Support.Sum();
        ClassificationReportRow Row(string name, Average average)
        {
            PrecisionRecallF1 s = Scores(average, labels: chosen);
            return new ClassificationReportRow(name, s.Precision, s.Recall, s.F1, support);
        }
        // As scikit-learn: the micro average is shown as "accuracy" when the report covers exactly the present labels.
        bool microIsAccuracy = labels is null || new HashSet<long>(chosen).SetEquals(present);
        ClassificationReportRow micro = Row(microIsAccuracy ? "accuracy" : "micro avg", Average.Micro);
        return new ClassificationReport(rows, microIsAccuracy ? null : micro, microIsAccuracy ? micro.F1 : null,
            Row("macro avg", Average.Macro), Row("weighted avg", Average.Weighted));
    }

    /// <summary>The counts as a table with labels on both axes (rows: true, columns: predicted).</summary>
    public override string ToString()
    {
        var cells = new string[_labels.Length + 1, _labels.Length + 1];
        cells[0, 0] = "true\\pred";
        for (int i = 0; i < _labels.Length; i++)
        {
            cells[0, i + 1] = cells[i + 1, 0] = _labels[i].ToString(CultureInfo.InvariantCulture);
            for (int j = 0; j < _labels.Length; j++)
                cells[i + 1, j + 1] = _counts[i, j].ToString(CultureInfo.InvariantCulture);
        }
        int width = 0;
        foreach (string s in cells)
            width = Math.Max(width, s.Length);
        var sb = new StringBuilder();
        for (int i = 0; i <= _labels.Length; i++)
        {
            for (int j = 0; j <= _labels.Length; j++)
                sb.Append(j == 0 ? "" : " ").Append(cells[i, j].PadLeft(width));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private (long[] Tp, long[] Predicted, long[] Actual) Sums(long[] chosen)
    {
        var tp = new long[chosen.Length];
        var predicted = new long[chosen.Length];
        var actual = new long[chosen.Length];
        for (int i = 0; i < chosen.Length; i++)
        {
            if (_index.TryGetValue(chosen[i], out int k))
            {
                tp[i] = _counts[k, k];
                predicted[i] = ColumnSum(k);
                actual[i] = RowSum(k);
            }
        }
        return (tp, predicted, actual);
    }

    private static (double Precision, double Recall, double FScore) Score(long tp, long predicted, long actual, double beta)
    {
        double precision = predicted == 0 ? 0 : (double)tp / predicted;
        double recall = actual == 0 ? 0 : (double)tp / actual;
        double beta2 = beta * beta;
        double denom = beta2 * precision + recall;
        double fscore = denom == 0 ? 0 : (1 + beta2) * precision * recall / denom;
        return (precision, recall, fscore);
    }

    private static void CheckBeta(double beta)
    {
        if (!(beta >= 0) || double.IsPositiveInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta of the F-score must be finite and >= 0.");
    }

    private long RowSum(int i)
    {
        long sum = 0;
        for (int j = 0; j < _labels.Length; j++)
            sum += _counts[i, j];
        return sum;
    }

    private long ColumnSum(int j)
    {
        long sum = 0;
        for (int i = 0; i < _labels.Length; i++)
            sum += _counts[i, j];
        return sum;
    }
}
