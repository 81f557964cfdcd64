using System.Numerics;

namespace Glubina.Metrics;

/// <summary>Metrics of scores rather than hard labels, on plain arrays, matching scikit-learn 1.2: ROC curve and
/// ROC AUC (binary, and one-vs-rest for probability matrices), precision-recall curve and average precision.
/// Scores may be probabilities or any decision function (higher means more positive); they must be finite.</summary>
public static class RankingMetrics
{
    /// <summary>ROC curve of binary labels <paramref name="yTrue"/> [N] (at most two distinct labels; samples equal to
    /// <paramref name="positiveLabel"/> are positive) against <paramref name="scores"/> [N]. With
    /// <paramref name="dropIntermediate"/> (scikit-learn's default) thresholds whose point lies on a straight segment
    /// are dropped. A rate whose class has no sample is NaN, as in scikit-learn.</summary>
    public static RocCurve RocCurve<T>(T[] yTrue, double[] scores, long positiveLabel = 1, bool dropIntermediate = true)
        where T : IBinaryInteger<T>
        => Curve(yTrue, scores, positiveLabel, "RocCurve").Roc(dropIntermediate);

    /// <summary>Area under the ROC curve of binary labels <paramref name="yTrue"/> [N] against <paramref name="scores"/> [N]
    /// (trapezoidal rule over the ROC curve). Both classes must occur in <paramref name="yTrue"/>.</summary>
    public static double RocAuc<T>(T[] yTrue, double[] scores, long positiveLabel = 1) where T : IBinaryInteger<T>
    {
        const string method = "RocAuc";
        long[] labels = MetricChecks.Labels(yTrue, nameof(yTrue), method);
        bool[] positive = MetricChecks.BinaryMask(labels, positiveLabel, nameof(yTrue), method);
        CheckScores(labels.Length, scores, method);
        return BinaryAuc(positive, scores, 1, 0, method, $"positiveLabel {positiveLabel}");
    }

    /// <summary>One-vs-rest ROC AUC of class indices <paramref name="yTrue"/> [N] (each in 0..C−1) against the
    /// probability rows <paramref name="probabilities"/> [N, C] (each row sums to 1, as scikit-learn requires):
    /// column c scores class c against the rest. <paramref name="average"/> is Macro (scikit-learn's default),
    /// Weighted (by class support) or Micro (all columns pooled). Every class must occur in <paramref name="yTrue"/>
    /// and not be all of it. With C = 2 this is the binary ROC AUC of column 1 and <paramref name="average"/> is unused.</summary>
    public static double RocAuc<T>(T[] yTrue, double[,] probabilities, Average average = Average.Macro) where T : IBinaryInteger<T>
    {
        const string method = "RocAuc";
        long[] labels = MetricChecks.Labels(yTrue, nameof(yTrue), method);
        double[] flat = MetricChecks.Flatten(probabilities, nameof(probabilities), method);
        return OneVsRestAuc(labels, flat, probabilities.GetLength(1), average, method);
    }

    /// <summary>Precision-recall curve of binary labels <paramref name="yTrue"/> [N] against <paramref name="scores"/> [N]
    /// (scikit-learn 1.2: every distinct score is a threshold, in increasing order; the curve ends at precision 1,
    /// recall 0). With no positive sample recall is 1 at every threshold, as scikit-learn sets it.</summary>
    public static PrecisionRecallCurve PrecisionRecallCurve<T>(T[] yTrue, double[] scores, long positiveLabel = 1)
        where T : IBinaryInteger<T>
        => Curve(yTrue, scores, positiveLabel, "PrecisionRecallCurve").PrecisionRecall();

    /// <summary>Average precision of binary labels <paramref name="yTrue"/> [N] against <paramref name="scores"/> [N]:
    /// Σₙ (Rₙ − Rₙ₋₁) Pₙ over the thresholds, the step-wise sum of scikit-learn (not the trapezoidal area, which is
    /// optimistic). With no positive sample it is 0, as in scikit-learn 1.2.</summary>
    public static double AveragePrecision<T>(T[] yTrue, double[] scores, long positiveLabel = 1) where T : IBinaryInteger<T>
        => Curve(yTrue, scores, positiveLabel, "AveragePrecision").AveragePrecision();

    private static BinaryCurve Curve<T>(T[] yTrue, double[] scores, long positiveLabel, string method) where T : IBinaryInteger<T>
    {
        long[] labels = MetricChecks.Labels(yTrue, nameof(yTrue), method);
        bool[] positive = MetricChecks.BinaryMask(labels, positiveLabel, nameof(yTrue), method);
        CheckScores(labels.Length, scores, method);
        return BinaryCurve.Compute(positive, scores);
    }

    private static void CheckScores(int n, double[] scores, string method)
    {
        MetricChecks.NotNull(scores, nameof(scores), method);
        MetricChecks.SameLength(n, "yTrue", scores.Length, nameof(scores), method);
        MetricChecks.NotEmpty(n, "yTrue", method);
        MetricChecks.Finite(scores, nameof(scores), method);
    }

    /// <summary>Binary ROC AUC of one column of a row-major score matrix; refuses a single-class target.</summary>
    internal static double BinaryAuc(bool[] positive, ReadOnlySpan<double> scores, int stride, int offset, string method, string what)
    {
        int positives = 0;
        foreach (bool p in positive)
            positives += p ? 1 : 0;
        if (positives == 0 || positives == positive.Length)
            throw new ArgumentException(
                $"{method}: {(positives == 0 ? "no" : "every")} sample of yTrue is {what} ({positive.Length} samples); " +
                "ROC AUC is not defined unless both classes occur.", "yTrue");
        return BinaryCurve.Compute(positive, scores, stride, offset).RocAuc();
    }

    /// <summary>ROC AUC of class indices against a row-major [N, C] probability matrix (one-vs-rest for C > 2).</summary>
    internal static double OneVsRestAuc(long[] labels, double[] flat, int classes, Average average, string method)
    {
        int n = labels.Length;
        MetricChecks.NotEmpty(n, "yTrue", method);
        if (classes < 2)
            throw new ArgumentException($"{method}: probabilities have {classes} column(s); at least two classes are needed.", "probabilities");
        MetricChecks.SameLength(n, "yTrue", flat.Length / classes, "probabilities (rows)", method);
        MetricChecks.Probabilities(flat, "probabilities", method, classes);
        MetricChecks.ClassIndices(labels, classes, "yTrue", method, $"the {classes} columns of probabilities");
        if (classes == 2)
        {
            var positive = new bool[n];
            for (int i = 0; i < n; i++)
                positive[i] = labels[i] == 1;
            return BinaryAuc(positive, flat, 2, 1, method, "class 1");
        }
        MetricChecks.RowsSumToOne(flat, classes, "probabilities", method);
        if (average == Average.Micro)
        {
            var all = new bool[n * classes];
            for (int i = 0; i < n; i++)
                all[i * classes + (int)labels[i]] = true;
            return BinaryAuc(all, flat, 1, 0, method, "positive in the one-hot targets");
        }
        if (average == Average.Binary)
            throw new ArgumentException(
                $"{method}: average Binary does not apply to {classes} classes; use Macro, Weighted or Micro.", nameof(average));
        double sum = 0, weights = 0;
        for (int c = 0; c < classes; c++)
        {
            var positive = new bool[n];
            int support = 0;
            for (int i = 0; i < n; i++)
            {
                positive[i] = labels[i] == c;
                support += positive[i] ? 1 : 0;
            }
            double auc = BinaryAuc(positive, flat, classes, c, method, $"class {c}");
            double w = average == Average.Weighted ? support : 1;
            sum += auc * w;
            weights += w;
        }
        return sum / weights;
    }
}
