using System.Collections;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Data;

/// <summary>
/// Turns a dataset into mini-batches (torch.utils.data.DataLoader): batch size, a seeded shuffle per epoch,
/// drop_last, a custom collate function, and background prefetch.
/// <para>Shuffling: the order of epoch e is a permutation drawn from a generator seeded with (seed, e), where the
/// seed is drawn once from <c>generator</c> when the loader is made; so epoch e's order is the same on every run
/// and can be recomputed with <see cref="Order"/>. Each <c>foreach</c> over the loader runs the next epoch
/// (<see cref="Epoch"/> counts up); <see cref="GetEpoch"/> runs a chosen one.</para>
/// <para>Prefetch: with <c>prefetch</c> ≥ 1 a background task builds batches while the consumer works on the
/// current one; at most <c>prefetch</c> finished batches wait, plus one being built. An exception thrown while
/// building a batch is rethrown (the same exception object) to the consumer after the batches before it. Leaving
/// the loop early stops the producer and disposes the batches it had made. With <c>prefetch</c> = 0 batches are
/// built on the consumer's thread.</para>
/// <para>Batches of an <see cref="IBatchedDataset"/> (TensorDataset, Subset) are built with one gather per tensor;
/// other datasets are read example by example and joined by the collate function (default:
/// <see cref="DefaultCollate"/>, which stacks inputs and targets).</para>
/// </summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly ulong _seed;
    private readonly Func<IReadOnlyList<Example>, Batch>? _collate;

    /// <param name="dataset">The examples.</param>
    /// <param name="batchSize">Examples per batch (the last batch may be smaller unless <paramref name="dropLast"/>).</param>
    /// <param name="shuffle">Visit examples in a new seeded random order each epoch.</param>
    /// <param name="generator">Source of the shuffle seed (one value is drawn now); default <see cref="Generator.Default"/>.</param>
    /// <param name="dropLast">Skip the last batch when it has fewer than <paramref name="batchSize"/> examples.</param>
    /// <param name="collate">Joins a list of examples into a batch; when given it is used for every dataset.</param>
    /// <param name="prefetch">Finished batches that may wait ahead of the consumer (0 = no background thread).</param>
    public DataLoader(IDataset dataset, int batchSize = 1, bool shuffle = false, Generator? generator = null,
        bool dropLast = false, Func<IReadOnlyList<Example>, Batch>? collate = null, int prefetch = 1)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"DataLoader: batchSize must be positive, got {batchSize}.");
        if (prefetch < 0)
            throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, $"DataLoader: prefetch must be 0 or more, got {prefetch}.");
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Prefetch = prefetch;
        _collate = collate;
        if (shuffle)
            _seed = (generator ?? Generator.Default).NextUInt64();
    }

    /// <summary>The dataset the batches are drawn from.</summary>
    public IDataset Dataset { get; }

    /// <summary>Examples per batch (the last batch may be smaller unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the examples in a new seeded random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last batch smaller than <see cref="BatchSize"/> is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Finished batches that may wait ahead of the consumer (0: batches are built on the consumer's thread).</summary>
    public int Prefetch { get; }

    /// <summary>The epoch the next <c>foreach</c> runs (it then counts up by one); set it to resume or repeat an epoch.</summary>
    public int Epoch { get; set; }

    /// <summary>Number of batches per epoch.</summary>
    public int BatchCount => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the examples (0..N-1 when not shuffled).</summary>
    public int[] Order(int epoch)
    {
        int n = Dataset.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        if (Shuffle)
        {
            var g = new Generator(unchecked(_seed + (ulong)epoch * 0x9E3779B97F4A7C15UL));
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)g.NextInt64(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        return order;
    }

    /// <summary>Runs epoch <see cref="Epoch"/> and counts <see cref="Epoch"/> up by one.</summary>
    public IEnumerator<Batch> GetEnumerator() => GetEpoch(Epoch++).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The batches of epoch <paramref name="epoch"/> (does not change <see cref="Epoch"/>).</summary>
    public IEnumerable<Batch> GetEpoch(int epoch)
    {
        int[] order = Order(epoch);
        int batches = BatchCount;
        return Prefetch == 0 ? Sequential(order, batches) : Prefetched(order, batches);
    }

    /// <summary>Stacks the inputs into [B, ...] and the targets into [B, ...] (every example must have the same shapes).</summary>
    public static Batch DefaultCollate(IReadOnlyList<Example> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
            throw new ArgumentException("DefaultCollate: the batch has no examples.");
        var inputs = new Tensor[examples.Count];
        var targets = new Tensor[examples.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = examples[i].Input;
            targets[i] = examples[i].Target;
        }
        using var noGrad = GradMode.NoGrad();
        return new Batch(Tensor.Stack(inputs), Tensor.Stack(targets));
    }

    private Batch MakeBatch(int[] order, int batch)
    {
        int start = batch * BatchSize;
        int count = Math.Min(BatchSize, order.Length - start);
        ReadOnlySpan<int> indices = order.AsSpan(start, count);
        if (_collate is null && Dataset is IBatchedDataset batched)
            return batched.GetBatch(indices);
        var examples = new Example[count];
        for (int i = 0; i < count; i++)
            examples[i] = Dataset[indices[i]];
        return (_collate ?? DefaultCollate)(examples)
            ?? throw new InvalidOperationException("DataLoader: the collate function returned null instead of a Batch.");
    }

    private IEnumerable<Batch> Sequential(int[] order, int batches)
    {
        for (int b = 0; b < batches; b++)
            yield return MakeBatch(order, b);
    }

    private IEnumerable<Batch> Prefetched(int[] order, int batches)
    {
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(Prefetch)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = new CancellationTokenSource();
        Exception? error = null;
        Task producer = Task.Run(async () =>
        {
            try
            {
                for (int b = 0; b < batches && !stop.IsCancellationRequested; b++)
                {
                    Batch batch = MakeBatch(order, b);
                    try
                    {
                        await channel.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        batch.Dispose();
                        throw;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer left the loop: nothing more to do.
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        });
        try
        {
            while (true)
            {
                if (channel.Reader.TryRead(out Batch? batch))
                {
                    yield return batch;
                    continue;
                }
                if (!channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    break;
            }
            producer.GetAwaiter().GetResult();
            if (error is not null)
                ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            stop.Cancel();
            producer.GetAwaiter().GetResult();
            while (channel.Reader.TryRead(out Batch? left))
                left.Dispose();
        }
    }
}
