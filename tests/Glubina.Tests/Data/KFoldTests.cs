using Glubina.Data;
using Glubina.Data.Csv;

namespace Glubina.Tests.Data;

public sealed class KFoldTests
{
    private static void AssertFolds(Fold[] folds, int n)
    {
        Assert.Equal(Enumerable.Range(0, n), folds.SelectMany(f => f.Validation).Order());
        foreach (Fold f in folds)
        {
            Assert.Equal(Enumerable.Range(0, n).Except(f.Validation), f.Train);
            Assert.Equal(n, f.Train.Length + f.Validation.Length);
        }
    }

    [Fact]
    public void KFold_matches_the_sklearn_docs_example()
    {
        // sklearn KFold(n_splits=2) on 4 samples: test [0, 1] then [2, 3].
        Fold[] folds = Splits.KFold(4, 2);
        Assert.Equal([0, 1], folds[0].Validation);
        Assert.Equal([2, 3], folds[0].Train);
        Assert.Equal([2, 3], folds[1].Validation);
        Assert.Equal([0, 1], folds[1].Train);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(569, 5)]
    [InlineData(7, 7)]
    [InlineData(100, 10)]
    public void KFold_sizes_follow_sklearn_first_n_mod_k_folds_get_one_more(int n, int k)
    {
        foreach (ulong? seed in new ulong?[] { null, 17 })
        {
            Fold[] folds = Splits.KFold(n, k, seed);
            Assert.Equal(k, folds.Length);
            for (int f = 0; f < k; f++)
            {
                Assert.Equal(f, folds[f].Index);
                Assert.Equal(n / k + (f < n % k ? 1 : 0), folds[f].Validation.Length);
            }
            AssertFolds(folds, n);
        }
    }

    [Fact]
    public void Shuffled_KFold_is_reproducible_and_depends_on_the_seed()
    {
        Fold[] a = Splits.KFold(50, 5, shuffleSeed: 3), b = Splits.KFold(50, 5, shuffleSeed: 3), c = Splits.KFold(50, 5, shuffleSeed: 4);
        Assert.Equal(a[0].Validation, b[0].Validation);
        Assert.NotEqual(a[0].Validation, c[0].Validation);
        Assert.NotEqual(Enumerable.Range(0, 10), a[0].Validation.Order());
    }

    [Fact]
    public void KFold_refuses_too_few_or_too_many_folds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.KFold(10, 1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Splits.KFold(3, 4));
        Assert.Contains("k = 4", e.Message);
        Assert.Contains("3 examples", e.Message);
    }

    [Fact]
    public void StratifiedKFold_matches_sklearn_without_shuffling()
    {
        // sklearn docs: StratifiedKFold(n_splits=2) on y = [0, 0, 1, 1] → test [0, 2], then [1, 3].
        Fold[] docs = Splits.StratifiedKFold(new[] { 0, 0, 1, 1 }, 2);
        Assert.Equal([0, 2], docs[0].Validation);
        Assert.Equal([1, 3], docs[0].Train);
        Assert.Equal([1, 3], docs[1].Validation);

        // y = six 0s then four 1s, k = 3. sklearn deals the class-sorted labels round-robin: fold 0 gets positions
        // 0, 3, 6, 9 (two 0s, two 1s), folds 1 and 2 two 0s and one 1; classes give their folds in index order.
        Fold[] folds = Splits.StratifiedKFold(new[] { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 }, 3);
        Assert.Equal([0, 1, 6, 7], folds[0].Validation);
        Assert.Equal([2, 3, 8], folds[1].Validation);
        Assert.Equal([4, 5, 9], folds[2].Validation);
        AssertFolds(folds, 10);
    }

    [Fact]
    public void StratifiedKFold_keeps_class_counts_within_one_and_sizes_as_sklearn()
    {
        Table table = CsvLoader.Load(SharedData.PathOf("breast-cancer", "breast_cancer.plain.csv"));
        long[] labels = [.. ((NumericColumn)table["target"]).Values.Select(v => (long)v)];
        int k = 5;
        // sklearn's allocation: the 569 class-sorted labels dealt round-robin into 5 folds.
        long[] sorted = [.. labels.Order()];
        foreach (ulong? seed in new ulong?[] { null, 8 })
        {
            Fold[] folds = Splits.StratifiedKFold(labels, k, seed);
            AssertFolds(folds, labels.Length);
            for (int f = 0; f < k; f++)
            {
                Assert.Equal(Enumerable.Range(0, labels.Length).Count(p => p % k == f), folds[f].Validation.Length);
                foreach (long c in new long[] { 0, 1 })
                {
                    int expected = Enumerable.Range(0, sorted.Length).Count(p => p % k == f && sorted[p] == c);
                    Assert.Equal(expected, folds[f].Validation.Count(i => labels[i] == c));
                    double share = labels.Count(l => l == c) / (double)k;
                    Assert.InRange(expected, Math.Floor(share) - 1, Math.Ceiling(share) + 1);
                }
            }
        }
        Fold[] a = Splits.StratifiedKFold(labels, k, shuffleSeed: 8), b = Splits.StratifiedKFold(labels, k, shuffleSeed: 8);
        Assert.Equal(a[2].Validation, b[2].Validation);
        Assert.NotEqual(a[2].Validation, Splits.StratifiedKFold(labels, k, shuffleSeed: 9)[2].Validation);
        Assert.NotEqual(a[2].Validation, Splits.StratifiedKFold(labels, k)[2].Validation);
    }

    [Fact]
    public void StratifiedKFold_refuses_more_folds_than_any_class_has_members()
    {
        var e = Assert.Throws<ArgumentException>(() => Splits.StratifiedKFold(new[] { "x", "x", "y", "y", "z" }, 3));
        Assert.Contains("k = 3", e.Message);
    }
}
