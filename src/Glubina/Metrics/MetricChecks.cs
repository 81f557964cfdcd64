using System.Globalization;
using System.Numerics;

namespace Glubina.Metrics;

/// <summary>Argument checks shared by the metrics; every message names the method, the argument and the value.</summary>
internal static class MetricChecks
{
    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static void NotNull(object? value, string name, string method)
    {
        if (value is null)
            throw new ArgumentNullException(name, $"{method}: {name} is null.");
    }

    public static void SameLength(int n1, string name1, int n2, string name2, string method)
    {
        if (n1 != n2)
            throw new ArgumentException(
                $"{method}: {name1} has {n1} elements but {name2} has {n2}; they must have the same length.", name2);
    }

    public static void NotEmpty(int n, string name, string method)
    {
        if (n == 0)
            throw new ArgumentException($"{method}: {name} is empty; at least one sample is needed.", name);
    }

    /// <summary>Throws for a NaN or infinite value, naming its position.</summary>
    public static void Finite(ReadOnlySpan<double> values, string name, string method, int columns = 0)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(
                    $"{method}: {name}{Position(i, columns)} is {Num(values[i])}; scores must be finite numbers.", name);
        }
    }

    /// <summary>Throws unless every value is a probability in [0, 1] (and finite).</summary>
    public static void Probabilities(ReadOnlySpan<double> values, string name, string method, int columns = 0)
    {
        Finite(values, name, method, columns);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0 || values[i] > 1)
                throw new ArgumentException(
                    $"{method}: {name}{Position(i, columns)} is {Num(values[i])}, outside [0, 1]; probabilities are expected " +
                    "(for logits, apply a softmax/sigmoid first, or create the streaming metric with ScoreKind.Logits).", name);
        }
    }

    /// <summary>Throws unless every row of a [N, C] matrix sums to one within NumPy's allclose tolerance.</summary>
    public static void RowsSumToOne(ReadOnlySpan<double> values, int columns, string name, string method)
    {
        for (int i = 0; i < values.Length / columns; i++)
        {
            double sum = 0;
            for (int j = 0; j < columns; j++)
                sum += values[i * columns + j];
            if (!(Math.Abs(1 - sum) <= 1e-8 + 1e-5 * Math.Abs(sum)))
                throw new ArgumentException(
                    $"{method}: row {i} of {name} sums to {Num(sum)}, not 1; one-vs-rest ROC AUC needs probability rows " +
                    "(apply a softmax to logits first).", name);
        }
    }

    /// <summary>Converts labels to long, refusing null.</summary>
    public static long[] Labels<T>(T[] labels, string name, string method) where T : IBinaryInteger<T>
    {
        NotNull(labels, name, method);
        var result = new long[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            result[i] = long.CreateChecked(labels[i]);
        return result;
    }

    /// <summary>Throws unless every label is a class index in [0, classes).</summary>
    public static void ClassIndices(ReadOnlySpan<long> labels, int classes, string name, string method, string classSource)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new ArgumentException(
                    $"{method}: {name}[{i}] = {labels[i]} is outside the classes 0..{classes - 1} given by {classSource}.", name);
        }
    }

    /// <summary>Flattens a [N, C] matrix row-major.</summary>
    public static double[] Flatten(double[,] matrix, string name, string method)
    {
        NotNull(matrix, name, method);
        int n = matrix.GetLength(0), c = matrix.GetLength(1);
        var flat = new double[n * c];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
                flat[i * c + j] = matrix[i, j];
        return flat;
    }

    /// <summary>The positive mask of binary labels: label == positiveLabel. At most two distinct labels may occur,
    /// and when two do, positiveLabel must be one of them (as scikit-learn checks).</summary>
    public static bool[] BinaryMask(ReadOnlySpan<long> labels, long positiveLabel, string name, string method)
    {
        var distinct = new SortedSet<long>();
        var mask = new bool[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            distinct.Add(labels[i]);
            mask[i] = labels[i] == positiveLabel;
        }
        if (distinct.Count > 2)
            throw new ArgumentException(
                $"{method}: {name} holds {distinct.Count} labels [{string.Join(", ", distinct)}]; a binary metric needs at most two.", name);
        if (distinct.Count == 2 && !distinct.Contains(positiveLabel))
            throw new ArgumentException(
                $"{method}: positiveLabel = {positiveLabel} is not one of the labels [{string.Join(", ", distinct)}] in {name}.", name);
        return mask;
    }

    private static string Position(int i, int columns) => columns > 0 ? $"[{i / columns}, {i % columns}]" : $"[{i}]";
}
