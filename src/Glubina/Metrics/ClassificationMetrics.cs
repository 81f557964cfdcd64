using System.Numerics;

namespace Glubina.Metrics;

/// <summary>Classification metrics on plain arrays of labels (any integer type: <c>int[]</c>, <c>long[]</c>, …),
/// matching scikit-learn 1.2. <c>yTrue</c> and <c>yPred</c> [N] have the same non-zero length. Without
/// <c>labels</c>, classes are the sorted union of the labels in <c>yTrue</c> and <c>yPred</c>. A score whose
/// denominator is zero (a class never predicted, or never present) is 0: scikit-learn's default
/// <c>zero_division="warn"</c> value, without the warning. Score-based metrics (top-k accuracy, log loss) are in
/// ClassificationMetrics.Scores.cs.</summary>
public static partial class ClassificationMetrics
{
    /// <summary>Fraction of samples whose prediction equals the target.</summary>
    public static double Accuracy<T>(T[] yTrue, T[] yPred) where T : IBinaryInteger<T>
    {
        var (t, p) = Pair(yTrue, yPred, "Accuracy");
        long correct = 0;
        for (int i = 0; i < t.Length; i++)
            correct += t[i] == p[i] ? 1 : 0;
        return (double)correct / t.Length;
    }

    /// <summary>Confusion matrix of <paramref name="yTrue"/> against <paramref name="yPred"/>; rows are true labels,
    /// columns predicted ones, in the order of <paramref name="labels"/> (default: sorted union). As in
    /// scikit-learn, samples whose true or predicted label is not in <paramref name="labels"/> are left out, and at
    /// least one of <paramref name="labels"/> must occur in <paramref name="yTrue"/>.</summary>
    public static ConfusionMatrix ConfusionMatrix<T>(T[] yTrue, T[] yPred, T[]? labels = null) where T : IBinaryInteger<T>
    {
        const string method = "ConfusionMatrix";
        var (t, p) = Pair(yTrue, yPred, method);
        long[] order;
        if (labels is null)
        {
            order = SortedUnion(t, p);
        }
        else
        {
            order = MetricChecks.Labels(labels, nameof(labels), method);
            if (order.Length == 0)
                throw new ArgumentException($"{method}: labels is empty; give at least one label.", nameof(labels));
            var inTrue = new HashSet<long>(t);
            if (!order.Any(inTrue.Contains))
                throw new ArgumentException(
                    $"{method}: none of labels [{string.Join(", ", order)}] occurs in yTrue (labels there: [{string.Join(", ", inTrue.Order())}]).",
                    nameof(labels));
        }
        return Count(t, p, order, method);
    }

    /// <summary>Per-class precision, recall, F-beta and support (scikit-learn's
    /// <c>precision_recall_fscore_support(average=None)</c>) for <paramref name="labels"/> (default: sorted union).</summary>
    public static ClassScores PrecisionRecallFScoreSupport<T>(T[] yTrue, T[] yPred, T[]? labels = null, double beta = 1)
        where T : IBinaryInteger<T>
    {
        var (matrix, chosen) = FullMatrix(yTrue, yPred, labels, "PrecisionRecallFScoreSupport");
        return matrix.PerClass(chosen, beta);
    }

    /// <summary>Precision, recall and F-beta combined by <paramref name="average"/>: Binary (scikit-learn's default)
    /// scores <paramref name="positiveLabel"/> only and needs at most two labels in the data; Macro, Micro and
    /// Weighted run over <paramref name="labels"/> (default: sorted union).</summary>
    public static PrecisionRecallF1 PrecisionRecallF1<T>(T[] yTrue, T[] yPred, Average average = Average.Binary,
        long positiveLabel = 1, T[]? labels = null, double beta = 1) where T : IBinaryInteger<T>
    {
        var (matrix, chosen) = FullMatrix(yTrue, yPred, labels, "PrecisionRecallF1");
        return Scores(matrix, average, positiveLabel, chosen, beta, "PrecisionRecallF1");
    }

    /// <summary>Precision: true positives over predicted positives (see <see cref="PrecisionRecallF1{T}"/>).</summary>
    public static double Precision<T>(T[] yTrue, T[] yPred, Average average = Average.Binary, long positiveLabel = 1,
        T[]? labels = null) where T : IBinaryInteger<T>
    {
        var (matrix, chosen) = FullMatrix(yTrue, yPred, labels, "Precision");
        return Scores(matrix, average, positiveLabel, chosen, 1, "Precision").Precision;
    }

    /// <summary>Recall: true positives over actual positives (see <see cref="PrecisionRecallF1{T}"/>).</summary>
    public static double Recall<T>(T[] yTrue, T[] yPred, Average average = Average.Binary, long positiveLabel = 1,
        T[]? labels = null) where T : IBinaryInteger<T>
    {
        var (matrix, chosen) = FullMatrix(yTrue, yPred, labels, "Recall");
        return Scores(matrix, average, positiveLabel, chosen, 1, "Recall").Recall;
    }

    /// <summary>F1: harmonic mean of precision and recall (see <see cref="PrecisionRecallF1{T}"/>).</summary>
    public static double F1Score<T>(T[] yTrue, T[] yPred, Average average = Average.Binary, long positiveLabel = 1,
        T[]? labels = null) where T : IBinaryInteger<T>
    {
        var (matrix, chosen) = FullMatrix(yTrue, yPred, labels, "F1Score");
        return Scores(matrix, average, positiveLabel, chosen, 1, "F1Score").F1;
    }

    /// <summary>F-beta: (1 + β²)·P·R / (β²·P + R); beta &gt; 1 favours recall (see <see cref="PrecisionRecallF1{T}"/>).</summary>
    public static double FBetaScore<T>(T[] yTrue, T[] yPred, double beta, Average average = Average.Binary,
        long positiveLabel = 1, T[]? labels = null) where T : IBinaryInteger<T>
    {
        var (matrix, chosen) = FullMatrix(yTrue, yPred, labels, "FBetaScore");
        return Scores(matrix, average, positiveLabel, chosen, beta, "FBetaScore").F1;
    }

    /// <summary>scikit-learn's <c>classification_report</c> over <paramref name="labels"/> (default: sorted union),
    /// classes named by <paramref name="targetNames"/> (default: the labels). Render it with
    /// <see cref="ClassificationReport.ToText"/>.</summary>
    public static ClassificationReport ClassificationReport<T>(T[] yTrue, T[] yPred, T[]? labels = null,
        IReadOnlyList<string>? targetNames = null) where T : IBinaryInteger<T>
    {
        var (matrix, chosen) = FullMatrix(yTrue, yPred, labels, "ClassificationReport");
        return matrix.Report(chosen, targetNames);
    }

    /// <summary>Converts and checks a pair of label arrays.</summary>
    internal static (long[] True, long[] Pred) Pair<T>(T[] yTrue, T[] yPred, string method) where T : IBinaryInteger<T>
    {
        long[] t = MetricChecks.Labels(yTrue, nameof(yTrue), method);
        long[] p = MetricChecks.Labels(yPred, nameof(yPred), method);
        MetricChecks.SameLength(t.Length, nameof(yTrue), p.Length, nameof(yPred), method);
        MetricChecks.NotEmpty(t.Length, nameof(yTrue), method);
        return (t, p);
    }

    /// <summary>The matrix over every label that occurs plus the requested ones (so predicted and true totals
    /// count every sample, as scikit-learn's multilabel_confusion_matrix does), and the requested labels.</summary>
    private static (Metrics.ConfusionMatrix Matrix, long[]? Chosen) FullMatrix<T>(T[] yTrue, T[] yPred, T[]? labels, string method)
        where T : IBinaryInteger<T>
    {
        var (t, p) = Pair(yTrue, yPred, method);
        long[]? chosen = labels is null ? null : MetricChecks.Labels(labels, nameof(labels), method);
        if (chosen is not null && chosen.Length == 0)
            throw new ArgumentException($"{method}: labels is empty; give at least one label, or null for all.", nameof(labels));
        long[] all = SortedUnion(t, p, chosen ?? []);
        return (Count(t, p, all, method), chosen);
    }

    private static PrecisionRecallF1 Scores(Metrics.ConfusionMatrix matrix, Average average, long positiveLabel, long[]? labels,
        double beta, string method)
    {
        try
        {
            return matrix.Scores(average, positiveLabel, labels, beta);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{method}: {e.Message}", e.ParamName, e);
        }
    }

    private static long[] SortedUnion(long[] a, long[] b, long[]? c = null)
    {
        var set = new SortedSet<long>(a);
        set.UnionWith(b);
        if (c is not null)
            set.UnionWith(c);
        return set.ToArray();
    }

    private static Metrics.ConfusionMatrix Count(long[] t, long[] p, long[] order, string method)
    {
        var index = new Dictionary<long, int>(order.Length);
        for (int i = 0; i < order.Length; i++)
        {
            if (!index.TryAdd(order[i], i))
                throw new ArgumentException($"{method}: label {order[i]} occurs twice in labels [{string.Join(", ", order)}].", "labels");
        }
        var counts = new long[order.Length, order.Length];
        for (int i = 0; i < t.Length; i++)
        {
            if (index.TryGetValue(t[i], out int r) && index.TryGetValue(p[i], out int c))
                counts[r, c]++;
        }
        return new Metrics.ConfusionMatrix(order, counts);
    }
}
