using Glubina.Tensors;

namespace Glubina.Data;

public static partial class Splits
{
    /// <summary>
    /// A stratified random split (StratifiedShuffleSplit, train_test_split(stratify=labels)): each part keeps the
    /// class proportions of <paramref name="labels"/> to within one example per class, and every class with enough
    /// members appears in every non-empty part (a class of 2 is put in train and test, of 3 or more in all three).
    /// Per-class counts follow scikit-learn's approximate mode: floor of the exact share, then the largest
    /// remainders (ties broken at random) get one more.
    /// </summary>
    /// <param name="labels">One class label per example (ints, strings…; null is not a label).</param>
    /// <param name="validation">Size of the validation part (fraction or count; 0 for none).</param>
    /// <param name="test">Size of the test part (fraction or count).</param>
    /// <param name="seed">Seed of the shuffles.</param>
    public static DataSplit Stratified<T>(IReadOnlyList<T> labels, SplitSize validation, SplitSize test, ulong seed)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = labels.Count;
        (_, int nVal, int nTest) = Sizes(n, validation, test, "Stratified");
        List<int>[] classes = GroupByClass(labels, "Stratified");
        int k = classes.Length;
        var counts = new int[k];
        for (int c = 0; c < k; c++)
            counts[c] = classes[c].Count;

        // Guarantees in the order train, test, validation: a class is promised one example in as many of the
        // non-empty parts as it has members.
        var minTest = new int[k];
        var minVal = new int[k];
        for (int c = 0; c < k; c++)
        {
            minTest[c] = nTest > 0 && counts[c] >= 2 ? 1 : 0;
            minVal[c] = nVal > 0 && counts[c] >= (nTest > 0 ? 3 : 2) ? 1 : 0;
        }
        var g = new Generator(seed);
        var upperTest = new int[k];
        for (int c = 0; c < k; c++)
            upperTest[c] = counts[c] - 1 - minVal[c];
        int[] t = Allocate(counts, nTest, minTest, upperTest, g);
        var left = new int[k];
        var upperVal = new int[k];
        for (int c = 0; c < k; c++)
        {
            left[c] = counts[c] - t[c];
            upperVal[c] = left[c] - 1;
        }
        int[] v = Allocate(left, nVal, minVal, upperVal, g);

        var train = new List<int>(n - nTest - nVal);
        var val = new List<int>(nVal);
        var tst = new List<int>(nTest);
        for (int c = 0; c < k; c++)
        {
            int[] members = [.. classes[c]];
            Shuffle(members, g);
            tst.AddRange(members.AsSpan(0, t[c]));
            val.AddRange(members.AsSpan(t[c], v[c]));
            train.AddRange(members.AsSpan(t[c] + v[c]));
        }
        int[] trainArr = [.. train], valArr = [.. val], testArr = [.. tst];
        Shuffle(trainArr, g);
        Shuffle(valArr, g);
        Shuffle(testArr, g);
        return new DataSplit(trainArr, valArr, testArr);
    }

    /// <summary>A two-way stratified split (train_test_split(stratify=labels)): train and test, no validation part.</summary>
    public static DataSplit Stratified<T>(IReadOnlyList<T> labels, SplitSize test, ulong seed) where T : notnull
        => Stratified(labels, 0, test, seed);

    // Indices of each class, classes in order of first appearance (as scikit-learn's StratifiedKFold encodes them).
    internal static List<int>[] GroupByClass<T>(IReadOnlyList<T> labels, string who) where T : notnull
    {
        var index = new Dictionary<T, int>();
        var classes = new List<List<int>>();
        for (int i = 0; i < labels.Count; i++)
        {
            T label = labels[i];
            if (label is null)
                throw new ArgumentException($"Splits.{who}: the label at position {i} is null; every example needs a class label.");
            if (!index.TryGetValue(label, out int c))
            {
                c = classes.Count;
                index.Add(label, c);
                classes.Add([]);
            }
            classes[c].Add(i);
        }
        return [.. classes];
    }

    // Splits `total` draws over classes in proportion to `available` (scikit-learn's _approximate_mode), kept
    // within [lower, upper] per class; bounds that cannot all be met are dropped (lower first, then upper).
    internal static int[] Allocate(int[] available, int total, int[] lower, int[] upper, Generator g)
    {
        int k = available.Length;
        long sumAvailable = available.Sum(a => (long)a);
        long sumLower = lower.Sum(a => (long)a);
        long sumUpper = upper.Sum(a => (long)Math.Max(a, 0));
        int[] lo = sumLower <= total ? lower : new int[k];
        int[] hi = new int[k];
        for (int c = 0; c < k; c++)
            hi[c] = sumUpper >= total ? Math.Max(upper[c], lo[c]) : available[c];

        var exact = new double[k];
        var tieBreak = new double[k];
        var a = new int[k];
        long assigned = 0;
        for (int c = 0; c < k; c++)
        {
            exact[c] = sumAvailable == 0 ? 0 : (double)total * available[c] / sumAvailable;
            tieBreak[c] = g.NextDouble();
            a[c] = Math.Clamp((int)Math.Floor(exact[c]), lo[c], hi[c]);
            assigned += a[c];
        }
        for (; assigned < total; assigned++)
        {
            int best = -1;
            for (int c = 0; c < k; c++)
                if (a[c] < hi[c] && (best < 0 || Better(exact[c] - a[c], tieBreak[c], exact[best] - a[best], tieBreak[best])))
                    best = c;
            if (best < 0)
                throw new InvalidOperationException($"Splits: cannot place {total} examples in classes of sizes [{string.Join(", ", available)}].");
            a[best]++;
        }
        for (; assigned > total; assigned--)
        {
            int best = -1;
            for (int c = 0; c < k; c++)
                if (a[c] > lo[c] && (best < 0 || Better(a[c] - exact[c], tieBreak[c], a[best] - exact[best], tieBreak[best])))
                    best = c;
            a[best]--;
        }
        return a;
    }

    private static bool Better(double remainder, double tie, double bestRemainder, double bestTie) =>
        remainder > bestRemainder || (remainder == bestRemainder && tie > bestTie);
}
