using System.Diagnostics;
using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Tests.Data;

public sealed class DataLoaderTests
{
    private static TensorDataset Numbers(int n) =>
        new(Tensor.Arange(0, n, 1, DType.Float32).Reshape(n, 1), Tensor.Arange(n));

    private static List<long[]> Targets(IEnumerable<Batch> batches)
    {
        var all = new List<long[]>();
        foreach (Batch b in batches)
            using (b)
                all.Add(b.Targets.ToArray<long>());
        return all;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Without_shuffle_batches_cover_the_dataset_in_order(int prefetch)
    {
        var loader = new DataLoader(Numbers(10), batchSize: 4, prefetch: prefetch);
        Assert.Equal(3, loader.BatchCount);
        List<long[]> batches = Targets(loader);
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7], [8L, 9]], batches);

        var dropping = new DataLoader(Numbers(10), batchSize: 4, dropLast: true, prefetch: prefetch);
        Assert.Equal(2, dropping.BatchCount);
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7]], Targets(dropping));
    }

    [Fact]
    public void Inputs_and_targets_of_a_batch_come_from_the_same_examples()
    {
        var loader = new DataLoader(Numbers(50), batchSize: 8, shuffle: true, generator: new Generator(3));
        foreach (Batch b in loader)
        {
            using (b)
            {
                Assert.Equal([b.Count, 1], b.Inputs.ShapeArray());
                Assert.Equal(b.Targets.ToArray<long>().Select(v => (float)v), b.Inputs.ToArray<float>());
            }
        }
    }

    [Fact]
    public void Shuffled_epochs_are_permutations_that_differ_and_reproduce_from_the_seed()
    {
        var loader = new DataLoader(Numbers(100), batchSize: 16, shuffle: true, generator: new Generator(42));
        var epochs = new List<long[]>();
        for (int e = 0; e < 4; e++)
            epochs.Add([.. Targets(loader).SelectMany(t => t)]);
        Assert.Equal(4, loader.Epoch);
        foreach (long[] order in epochs)
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), order.Order());
        Assert.NotEqual(epochs[0], epochs[1]);
        Assert.NotEqual(epochs[1], epochs[2]);
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), epochs[0]);

        // A new loader from the same seed gives epoch e the same order, whatever was run before.
        var again = new DataLoader(Numbers(100), batchSize: 16, shuffle: true, generator: new Generator(42));
        Assert.Equal(epochs[3], Targets(again.GetEpoch(3)).SelectMany(t => t));
        Assert.Equal(epochs[2].Select(v => (int)v), again.Order(2));
        again.Epoch = 1;
        Assert.Equal(epochs[1], Targets(again).SelectMany(t => t));

        var other = new DataLoader(Numbers(100), batchSize: 16, shuffle: true, generator: new Generator(43));
        Assert.NotEqual(epochs[0], Targets(other).SelectMany(t => t));
    }

    [Fact]
    public void A_plain_dataset_gives_the_same_batches_through_the_default_collate()
    {
        var plain = new DataLoader(new CountingDataset(23), batchSize: 5, shuffle: true, generator: new Generator(9));
        var tensor = new DataLoader(Numbers(23), batchSize: 5, shuffle: true, generator: new Generator(9));
        Assert.Equal(Targets(tensor), Targets(plain));
        using Batch first = plain.GetEpoch(0).First();
        Assert.Equal([5, 3], first.Inputs.ShapeArray());
        Assert.Equal([5], first.Targets.ShapeArray());
    }

    [Fact]
    public void A_custom_collate_receives_the_examples_of_each_batch()
    {
        var sizes = new List<int>();
        var loader = new DataLoader(Numbers(7), batchSize: 3, collate: examples =>
        {
            sizes.Add(examples.Count);
            double sum = examples.Sum(e => e.Target.Item());
            return new Batch(Tensor.Scalar(sum).Reshape(1), Tensor.Scalar(examples.Count, DType.Int64).Reshape(1));
        });
        Assert.Equal([[3L], [3L], [1L]], Targets(loader));
        Assert.Equal([3, 3, 1], sizes);
        Assert.Equal(3.0, loader.GetEpoch(0).First().Inputs.Item()); // 0 + 1 + 2
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void An_error_while_building_a_batch_reaches_the_consumer_after_the_batches_before_it(int prefetch)
    {
        var loader = new DataLoader(new CountingDataset(20, throwAt: 9), batchSize: 4, prefetch: prefetch);
        var seen = new List<long[]>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (Batch b in loader)
                using (b)
                    seen.Add(b.Targets.ToArray<long>());
        });
        Assert.Equal("example 9 is broken", e.Message);
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7]], seen);
    }

    [Fact]
    public void Prefetch_prepares_batches_ahead_but_no_more_than_allowed()
    {
        var made = new List<Batch>();
        var loader = new DataLoader(Numbers(100), batchSize: 2, prefetch: 2, collate: examples =>
        {
            var b = DataLoader.DefaultCollate(examples);
            lock (made)
                made.Add(b);
            return b;
        });
        using (IEnumerator<Batch> it = loader.GetEnumerator())
        {
            Assert.True(it.MoveNext());
            // While the consumer holds batch 0: 2 finished batches wait and a third is built and blocked.
            int expected = 1 + 2 + 1;
            Assert.True(WaitFor(() => Count(made) >= expected, TimeSpan.FromSeconds(10)),
                $"the producer made {Count(made)} batches, expected it to run {expected - 1} ahead");
            Thread.Sleep(100);
            Assert.Equal(expected, Count(made));
        }
        // Leaving the loop disposes every batch the consumer never received.
        Assert.All(made.Skip(1), b => Assert.True(b.Inputs.IsDisposed));
        Assert.False(made[0].Inputs.IsDisposed);
    }

    [Fact]
    public void Leaving_the_loop_early_stops_the_producer()
    {
        var ds = new CountingDataset(10_000);
        var loader = new DataLoader(ds, batchSize: 10, prefetch: 1);
        foreach (Batch b in loader)
        {
            b.Dispose();
            break;
        }
        int after = ds.Reads;
        Thread.Sleep(200);
        Assert.Equal(after, ds.Reads);
        Assert.InRange(after, 10, 30);
    }

    [Fact]
    public void An_empty_dataset_has_no_batches_and_bad_arguments_are_refused()
    {
        var empty = new TensorDataset(Tensor.Zeros(0, 3), Tensor.Zeros([0], DType.Int64));
        Assert.Empty(Targets(new DataLoader(empty, batchSize: 4, shuffle: true)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(empty, batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(empty, prefetch: -1));
    }

    private static int Count(List<Batch> made)
    {
        lock (made)
            return made.Count;
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }
}
