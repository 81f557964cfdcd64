using Glubina.Tensors;

namespace Glubina.Data;

/// <summary>
/// Seeded splits of N examples into index arrays, with scikit-learn's sizes: random (ShuffleSplit /
/// train_test_split), stratified (StratifiedShuffleSplit / train_test_split(stratify=y)), time-ordered, k-fold and
/// stratified k-fold (KFold / StratifiedKFold). Held-out sizes given as fractions are rounded up (ceil(f · N));
/// the training part gets the rest. The same seed gives the same split on every machine (the random streams
/// are Glubina's, not NumPy's, so the indices differ from scikit-learn's while the sizes agree).
/// </summary>
public static partial class Splits
{
    /// <summary>A random split: a seeded permutation, cut into test, validation and training parts (ShuffleSplit).</summary>
    public static DataSplit Random(int n, SplitSize validation, SplitSize test, ulong seed)
    {
        // The training part is the rest; Sizes has checked that it keeps at least one example.
        (_, int nVal, int nTest) = Sizes(n, validation, test, "Random");
        int[] perm = Permutation(n, new Generator(seed));
        return new DataSplit(perm[(nTest + nVal)..], perm[nTest..(nTest + nVal)], perm[..nTest]);
    }

    /// <summary>A two-way random split (train_test_split): train and test, no validation part.</summary>
    public static DataSplit Random(int n, SplitSize test, ulong seed) => Random(n, 0, test, seed);

    /// <summary>
    /// A time-ordered split for sequences: the first examples train, the next validate, the last test — nothing
    /// is shuffled and no later example lands before an earlier one's part.
    /// </summary>
    public static DataSplit TimeOrdered(int n, SplitSize validation, SplitSize test)
    {
        (int nTrain, int nVal, _) = Sizes(n, validation, test, "TimeOrdered");
        return new DataSplit(Range(0, nTrain), Range(nTrain, nTrain + nVal), Range(nTrain + nVal, n));
    }

    // Part sizes with scikit-learn's rounding; the training part must keep at least one example.
    internal static (int Train, int Validation, int Test) Sizes(int n, SplitSize validation, SplitSize test, string who)
    {
        if (n <= 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"Splits.{who}: need at least one example, got n = {n}.");
        int nTest = test.Resolve(n);
        int nVal = validation.Resolve(n);
        int nTrain = n - nTest - nVal;
        if (nTrain < 1)
            throw new ArgumentException(
                $"Splits.{who}: validation = {validation} ({nVal} examples) and test = {test} ({nTest} examples) leave " +
                $"{nTrain} of the {n} examples for training; at least 1 is needed.");
        return (nTrain, nVal, nTest);
    }

    internal static int[] Permutation(int n, Generator g)
    {
        int[] perm = Range(0, n);
        Shuffle(perm, g);
        return perm;
    }

    // Fisher–Yates, the same walk as Tensor.RandPerm.
    internal static void Shuffle(Span<int> items, Generator g)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)g.NextInt64(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    internal static int[] Range(int start, int end)
    {
        var r = new int[end - start];
        for (int i = 0; i < r.Length; i++)
            r[i] = start + i;
        return r;
    }
}
