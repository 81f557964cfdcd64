using System.Numerics;

namespace Glubina.Metrics;

public static partial class ClassificationMetrics
{
    /// <summary>Machine epsilon of float64, scikit-learn 1.2's log-loss clipping for float64 probabilities.</summary>
    public const double Float64Epsilon = 2.220446049250313e-16;

    /// <summary>Machine epsilon of float32, scikit-learn 1.2's log-loss clipping for float32 probabilities.</summary>
    public const double Float32Epsilon = 1.1920928955078125e-07;

    /// <summary>Fraction of samples whose class <paramref name="yTrue"/>[i] (in 0..C−1) is among the
    /// <paramref name="k"/> highest of the scores <paramref name="scores"/> [N, C] (probabilities or logits). Ties
    /// are ordered as scikit-learn's <c>top_k_accuracy_score</c> orders them: among equal scores the higher class
    /// index ranks first (so with k = 1 this can differ from the arg-max accuracy, which takes the first).</summary>
    public static double TopKAccuracy<T>(T[] yTrue, double[,] scores, int k) where T : IBinaryInteger<T>
    {
        const string method = "TopKAccuracy";
        long[] labels = MetricChecks.Labels(yTrue, nameof(yTrue), method);
        double[] flat = MetricChecks.Flatten(scores, nameof(scores), method);
        int classes = scores.GetLength(1);
        CheckRows(labels, flat, classes, nameof(scores), method);
        MetricChecks.Finite(flat, nameof(scores), method, classes);
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"{method}: k must be at least 1.");
        return (double)TopKHits(labels, flat, classes, k) / labels.Length;
    }

    /// <summary>Log loss (cross-entropy) of class indices <paramref name="yTrue"/> [N] (in 0..C−1, C ≥ 2) under the
    /// probability rows <paramref name="probabilities"/> [N, C], as scikit-learn 1.2 computes it: each probability is
    /// clipped to [ε, 1 − ε] (ε = <paramref name="eps"/>, default <see cref="Float64Epsilon"/>, scikit-learn's
    /// <c>eps="auto"</c> for float64), each row is divided by its sum, and the mean of −log p[true class] is returned.
    /// Probabilities must lie in [0, 1] (scikit-learn clips values outside silently; Glubina refuses them).</summary>
    public static double LogLoss<T>(T[] yTrue, double[,] probabilities, double? eps = null) where T : IBinaryInteger<T>
    {
        const string method = "LogLoss";
        long[] labels = MetricChecks.Labels(yTrue, nameof(yTrue), method);
        double[] flat = MetricChecks.Flatten(probabilities, nameof(probabilities), method);
        int classes = probabilities.GetLength(1);
        CheckRows(labels, flat, classes, nameof(probabilities), method);
        return LogLossSum(labels, flat, classes, CheckEps(eps ?? Float64Epsilon, method), method) / labels.Length;
    }

    /// <summary>Binary log loss of <paramref name="yTrue"/> [N] (at most two labels; <paramref name="positiveLabel"/> is
    /// positive) under <paramref name="positiveProbabilities"/> [N], the probability of the positive class; clipped and
    /// renormalised as scikit-learn 1.2 does (see the matrix overload).</summary>
    public static double LogLoss<T>(T[] yTrue, double[] positiveProbabilities, long positiveLabel = 1, double? eps = null)
        where T : IBinaryInteger<T>
    {
        const string method = "LogLoss";
        long[] labels = MetricChecks.Labels(yTrue, nameof(yTrue), method);
        MetricChecks.NotNull(positiveProbabilities, nameof(positiveProbabilities), method);
        MetricChecks.SameLength(labels.Length, nameof(yTrue), positiveProbabilities.Length, nameof(positiveProbabilities), method);
        MetricChecks.NotEmpty(labels.Length, nameof(yTrue), method);
        bool[] positive = MetricChecks.BinaryMask(labels, positiveLabel, nameof(yTrue), method);
        MetricChecks.Probabilities(positiveProbabilities, nameof(positiveProbabilities), method);
        double e = CheckEps(eps ?? Float64Epsilon, method);
        double sum = 0;
        for (int i = 0; i < positive.Length; i++)
            sum += BinaryLogLoss(positive[i], positiveProbabilities[i], e);
        return sum / positive.Length;
    }

    /// <summary>Number of rows whose true class is within the top k (scikit-learn's tie order).</summary>
    internal static long TopKHits(ReadOnlySpan<long> labels, ReadOnlySpan<double> flat, int classes, int k)
    {
        long hits = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            ReadOnlySpan<double> row = flat.Slice(i * classes, classes);
            int t = (int)labels[i];
            double st = row[t];
            int ahead = 0;
            for (int j = 0; j < classes; j++)
            {
                if (row[j] > st || (row[j] == st && j > t))
                    ahead++;
            }
            hits += ahead < k ? 1 : 0;
        }
        return hits;
    }

    /// <summary><paramref name="total"/> plus, row by row, −log of the clipped, renormalised probability of the
    /// true class (added one at a time, so batches give the same sum as one call).</summary>
    internal static double LogLossSum(ReadOnlySpan<long> labels, ReadOnlySpan<double> flat, int classes, double eps, string method,
        double total = 0)
    {
        MetricChecks.Probabilities(flat, "probabilities", method, classes);
        for (int i = 0; i < labels.Length; i++)
        {
            ReadOnlySpan<double> row = flat.Slice(i * classes, classes);
            double rowSum = 0;
            foreach (double p in row)
                rowSum += Math.Clamp(p, eps, 1 - eps);
            total -= Math.Log(Math.Clamp(row[(int)labels[i]], eps, 1 - eps) / rowSum);
        }
        return total;
    }

    /// <summary>−log of the clipped probability of the true side for one sample, with scikit-learn's
    /// [1 − p, p] row renormalisation.</summary>
    internal static double BinaryLogLoss(bool positive, double p, double eps)
    {
        double q = Math.Clamp(p, eps, 1 - eps);
        double rowSum = (1 - q) + q;
        return -Math.Log((positive ? q : 1 - q) / rowSum);
    }

    private static void CheckRows(long[] labels, double[] flat, int classes, string name, string method)
    {
        MetricChecks.NotEmpty(labels.Length, "yTrue", method);
        if (classes < 2)
            throw new ArgumentException($"{method}: {name} has {classes} column(s); at least two classes are needed.", name);
        MetricChecks.SameLength(labels.Length, "yTrue", flat.Length / classes, $"{name} (rows)", method);
        MetricChecks.ClassIndices(labels, classes, "yTrue", method, $"the {classes} columns of {name}");
    }

    private static double CheckEps(double eps, string method)
    {
        if (!(eps >= 0 && eps < 0.5))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{method}: eps must be in [0, 0.5).");
        return eps;
    }
}
