using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Tests.Data;

public sealed class TensorDatasetTests
{
    private static TensorDataset Make(int n)
    {
        var x = new float[n * 2 * 3];
        for (int i = 0; i < x.Length; i++)
            x[i] = i;
        var y = new long[n];
        for (int i = 0; i < n; i++)
            y[i] = 100 + i;
        return new TensorDataset(Tensor.FromArray(x, n, 2, 3), Tensor.FromArray(y));
    }

    [Fact]
    public void Indexer_returns_the_slices_of_both_tensors()
    {
        TensorDataset ds = Make(5);
        Assert.Equal(5, ds.Count);
        Example e = ds[3];
        Assert.Equal([2, 3], e.Input.ShapeArray());
        Assert.Equal([18f, 19, 20, 21, 22, 23], e.Input.ToArray<float>());
        Assert.Equal(0, e.Target.Rank);
        Assert.Equal(103.0, e.Target.Item());
    }

    [Fact]
    public void Indexer_and_constructor_errors_name_the_sizes()
    {
        TensorDataset ds = Make(5);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ds[5]);
        Assert.Contains("index 5", e.Message);
        Assert.Contains("5 examples", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds[-1]);
        var mismatch = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(4, 3), Tensor.Zeros(5)));
        Assert.Contains("[4, 3]", mismatch.Message);
        Assert.Contains("[5]", mismatch.Message);
        Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Scalar(1), Tensor.Zeros(1)));
    }

    [Fact]
    public void GetBatch_gathers_rows_in_the_given_order()
    {
        TensorDataset ds = Make(6);
        using Batch b = ds.GetBatch([4, 0, 4]);
        Assert.Equal([3, 2, 3], b.Inputs.ShapeArray());
        Assert.Equal(3, b.Count);
        float[] x = b.Inputs.ToArray<float>();
        Assert.Equal(24f, x[0]);
        Assert.Equal(0f, x[6]);
        Assert.Equal(24f, x[12]);
        Assert.Equal([104L, 100, 104], b.Targets.ToArray<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.GetBatch([0, 6]));
    }

    [Fact]
    public void Subset_maps_positions_and_batches_through_the_inner_gather()
    {
        TensorDataset ds = Make(10);
        var sub = new Subset(ds, [7, 2, 9]);
        Assert.Equal(3, sub.Count);
        Assert.Equal(102.0, sub[1].Target.Item());
        using Batch b = sub.GetBatch([2, 0]);
        Assert.Equal([109L, 107], b.Targets.ToArray<long>());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Subset(ds, [1, 10]));
        Assert.Contains("index 10 at position 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sub[3]);
    }

    [Fact]
    public void Subset_of_a_plain_dataset_collates_examples()
    {
        var sub = new Subset(new CountingDataset(8), [5, 1]);
        using Batch b = sub.GetBatch([0, 1]);
        Assert.Equal([2, 3], b.Inputs.ShapeArray());
        Assert.Equal([5L, 1], b.Targets.ToArray<long>());
    }

    [Fact]
    public void Disposing_a_batch_disposes_both_tensors_and_it_deconstructs()
    {
        var b = new Batch(Tensor.Zeros(2, 2), Tensor.Zeros(2));
        var (x, y) = b;
        Assert.Same(b.Inputs, x);
        Assert.Same(b.Targets, y);
        b.Dispose();
        Assert.True(x.IsDisposed);
        Assert.True(y.IsDisposed);
    }
}

/// <summary>A dataset that is not an IBatchedDataset: example i is input [i, i, i] (float32) and target i (int64);
/// it counts reads and can throw at one index.</summary>
internal sealed class CountingDataset(int count, int throwAt = -1) : IDataset
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public int Count => count;

    public Example this[int index]
    {
        get
        {
            Interlocked.Increment(ref _reads);
            if (index == throwAt)
                throw new InvalidOperationException($"example {index} is broken");
            return new Example(Tensor.Full([3], index), Tensor.Scalar(index, DType.Int64));
        }
    }
}
