using Glubina.Data;
using Glubina.Data.Csv;

namespace Glubina.Tests.Data;

public sealed class SplitsTests
{
    private static void AssertPartition(DataSplit s, int n)
    {
        int[] all = [.. s.Train, .. s.Validation, .. s.Test];
        Assert.Equal(n, all.Length);
        Assert.Equal(Enumerable.Range(0, n), all.Order());
    }

    [Theory]
    // sklearn's train_test_split docs: 5 examples, test_size=0.33 → 3 train, 2 test (ceil(1.65) = 2).
    [InlineData(5, 0.0, 0.33, 3, 0, 2)]
    [InlineData(10, 0.15, 0.25, 5, 2, 3)]
    [InlineData(150, 0.1, 0.2, 105, 15, 30)]
    [InlineData(569, 0.0, 0.25, 426, 0, 143)]
    [InlineData(7, 0.0, 0.5, 3, 0, 4)]
    public void Random_split_sizes_follow_sklearn_rounding(int n, double val, double test, int nTrain, int nVal, int nTest)
    {
        DataSplit s = Splits.Random(n, val, test, seed: 1);
        Assert.Equal((nTrain, nVal, nTest), (s.Train.Length, s.Validation.Length, s.Test.Length));
        AssertPartition(s, n);
    }

    [Fact]
    public void Random_split_takes_counts_and_is_reproducible_only_with_the_same_seed()
    {
        DataSplit a = Splits.Random(100, validation: 10, test: 0.2, seed: 5);
        Assert.Equal((70, 10, 20), (a.Train.Length, a.Validation.Length, a.Test.Length));
        AssertPartition(a, 100);
        DataSplit b = Splits.Random(100, validation: 10, test: 0.2, seed: 5);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Test, b.Test);
        DataSplit c = Splits.Random(100, validation: 10, test: 0.2, seed: 6);
        Assert.NotEqual(a.Test, c.Test);
        Assert.NotEqual(Enumerable.Range(0, 20), a.Test.Order());

        DataSplit two = Splits.Random(30, test: 0.1, seed: 2);
        Assert.Equal((27, 0, 3), (two.Train.Length, two.Validation.Length, two.Test.Length));
    }

    [Fact]
    public void Sizes_that_leave_no_training_data_or_are_out_of_range_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Splits.Random(10, validation: 0.5, test: 0.5, seed: 1));
        Assert.Contains("leave 0 of the 10 examples", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Random(10, validation: 0, test: 1.0, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Random(10, validation: -1, test: 2, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Random(0, validation: 0, test: 0, seed: 1));
    }

    [Fact]
    public void Time_ordered_split_keeps_the_order_and_the_boundaries()
    {
        DataSplit s = Splits.TimeOrdered(144, validation: 0.1, test: 12);
        Assert.Equal(Enumerable.Range(0, 117), s.Train);
        Assert.Equal(Enumerable.Range(117, 15), s.Validation);
        Assert.Equal(Enumerable.Range(132, 12), s.Test);
    }

    [Fact]
    public void Stratified_split_keeps_every_class_proportion_within_one()
    {
        Table table = CsvLoader.Load(SharedData.PathOf("breast-cancer", "breast_cancer.plain.csv"));
        long[] labels = [.. ((NumericColumn)table["target"]).Values.Select(v => (long)v)];
        DataSplit s = Splits.Stratified(labels, validation: 0.15, test: 0.25, seed: 11);
        Assert.Equal((340, 86, 143), (s.Train.Length, s.Validation.Length, s.Test.Length)); // 569: ceil(85.35), ceil(142.25), the rest
        AssertPartition(s, labels.Length);
        AssertProportions(labels, s);

        DataSplit same = Splits.Stratified(labels, validation: 0.15, test: 0.25, seed: 11);
        Assert.Equal(s.Test, same.Test);
        Assert.Equal(s.Validation, same.Validation);
        Assert.NotEqual(s.Test, Splits.Stratified(labels, validation: 0.15, test: 0.25, seed: 12).Test);
    }

    [Fact]
    public void Stratified_split_of_iris_puts_exactly_a_third_of_each_part_in_each_class()
    {
        Table table = CsvLoader.Load(SharedData.PathOf("iris", "iris.plain.csv"));
        long[] labels = [.. ((NumericColumn)table["target"]).Values.Select(v => (long)v)];
        DataSplit s = Splits.Stratified(labels, test: 0.2, seed: 0);
        foreach (int c in new[] { 0, 1, 2 })
        {
            Assert.Equal(10, s.Test.Count(i => labels[i] == c));
            Assert.Equal(40, s.Train.Count(i => labels[i] == c));
        }
    }

    [Fact]
    public void Stratified_split_puts_small_classes_in_every_part_they_can_fill()
    {
        // 40 of "a", 3 of "b", 2 of "c": 10 % parts would round "b" and "c" to nothing.
        string[] labels = [.. Enumerable.Repeat("a", 40), "b", "b", "b", "c", "c"];
        for (ulong seed = 0; seed < 20; seed++)
        {
            DataSplit s = Splits.Stratified(labels, validation: 0.1, test: 0.1, seed: seed);
            Assert.Equal((35, 5, 5), (s.Train.Length, s.Validation.Length, s.Test.Length));
            AssertPartition(s, labels.Length);
            foreach (int[] part in new[] { s.Train, s.Validation, s.Test })
                Assert.Contains(part, i => labels[i] == "b");
            Assert.Contains(s.Train, i => labels[i] == "c");
            Assert.Contains(s.Test, i => labels[i] == "c");
        }
    }

    [Fact]
    public void Stratified_split_refuses_a_null_label()
    {
        var e = Assert.Throws<ArgumentException>(() => Splits.Stratified(new[] { "a", null!, "a" }, test: 1, seed: 0));
        Assert.Contains("position 1", e.Message);
    }

    // Each part's count of each class is within one of the exact share (part size · class share).
    private static void AssertProportions(long[] labels, DataSplit s)
    {
        foreach (long c in labels.Distinct())
        {
            double share = labels.Count(l => l == c) / (double)labels.Length;
            foreach (int[] part in new[] { s.Train, s.Validation, s.Test })
            {
                double exact = part.Length * share;
                int got = part.Count(i => labels[i] == c);
                Assert.InRange(got, Math.Floor(exact) - 1, Math.Ceiling(exact) + 1);
                Assert.InRange(Math.Abs(got - exact), 0, 1);
            }
        }
    }
}
