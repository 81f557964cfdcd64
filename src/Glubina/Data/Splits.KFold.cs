using Glubina.Tensors;

namespace Glubina.Data;

public static partial class Splits
{
    /// <summary>
    /// K-fold cross-validation (scikit-learn KFold): the (optionally shuffled) indices are cut into
    /// <paramref name="k"/> consecutive folds; the first N mod k folds have N/k + 1 examples, the others N/k.
    /// </summary>
    /// <param name="n">Number of examples.</param>
    /// <param name="k">Number of folds (2 ≤ k ≤ n).</param>
    /// <param name="shuffleSeed">Shuffle before cutting, with this seed; null keeps the order 0..N-1.</param>
    public static Fold[] KFold(int n, int k, ulong? shuffleSeed = null)
    {
        CheckFolds(n, k, "KFold");
        int[] order = shuffleSeed is ulong seed ? Permutation(n, new Generator(seed)) : Range(0, n);
        var folds = new Fold[k];
        int start = 0;
        for (int f = 0; f < k; f++)
        {
            int size = n / k + (f < n % k ? 1 : 0);
            int[] held = order[start..(start + size)];
            var inFold = new bool[n];
            foreach (int i in held)
                inFold[i] = true;
            folds[f] = new Fold(f, Complement(inFold, n - size), held);
            start += size;
        }
        return folds;
    }

    /// <summary>
    /// Stratified k-fold (scikit-learn StratifiedKFold, version 0.22 and later): the labels are sorted by class and
    /// dealt round-robin into the folds, so fold f gets as many examples of class c as positions f, f+k, f+2k, … of
    /// the sorted labels hold class c; then each class's fold assignments are given to its examples in order, or
    /// shuffled with <paramref name="shuffleSeed"/>. Without shuffling the folds equal scikit-learn's exactly.
    /// </summary>
    /// <param name="labels">One class label per example; classes are numbered in order of first appearance.</param>
    /// <param name="k">Number of folds (2 ≤ k ≤ N; at least one class must have k members).</param>
    /// <param name="shuffleSeed">Shuffle each class's fold assignments with this seed; null keeps the order.</param>
    public static Fold[] StratifiedKFold<T>(IReadOnlyList<T> labels, int k, ulong? shuffleSeed = null) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = labels.Count;
        CheckFolds(n, k, "StratifiedKFold");
        List<int>[] classes = GroupByClass(labels, "StratifiedKFold");
        if (classes.All(c => c.Count < k))
            throw new ArgumentException(
                $"Splits.StratifiedKFold: k = {k} is greater than the number of members of every class " +
                $"(largest class: {classes.Max(c => c.Count)}); use fewer folds.");

        // allocation[f, c] = how many of positions f, f+k, … of the class-sorted labels hold class c.
        var allocation = new int[k, classes.Length];
        int position = 0;
        for (int c = 0; c < classes.Length; c++)
            for (int j = 0; j < classes[c].Count; j++, position++)
                allocation[position % k, c]++;

        var g = shuffleSeed is ulong seed ? new Generator(seed) : null;
        var foldOf = new int[n];
        for (int c = 0; c < classes.Length; c++)
        {
            var assignment = new int[classes[c].Count];
            int at = 0;
            for (int f = 0; f < k; f++)
                for (int j = 0; j < allocation[f, c]; j++)
                    assignment[at++] = f;
            if (g is not null)
                Shuffle(assignment, g);
            for (int j = 0; j < assignment.Length; j++)
                foldOf[classes[c][j]] = assignment[j];
        }

        var folds = new Fold[k];
        for (int f = 0; f < k; f++)
        {
            var held = new List<int>();
            var rest = new List<int>();
            for (int i = 0; i < n; i++)
                (foldOf[i] == f ? held : rest).Add(i);
            folds[f] = new Fold(f, [.. rest], [.. held]);
        }
        return folds;
    }

    private static void CheckFolds(int n, int k, string who)
    {
        if (k < 2)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Splits.{who}: k must be at least 2, got {k}.");
        if (k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k,
                $"Splits.{who}: k = {k} folds cannot be made from {n} examples; k must be at most the number of examples.");
    }

    private static int[] Complement(bool[] excluded, int count)
    {
        var r = new int[count];
        int at = 0;
        for (int i = 0; i < excluded.Length; i++)
            if (!excluded[i])
                r[at++] = i;
        return r;
    }
}
