using System.Diagnostics;
using System.Threading.Channels;
using Glubina.Inference;
using Glubina.Tensors;

namespace Glubina.Serving.Batching;

/// <summary>
/// Dynamic batching for one model version: requests queue their input rows; one loop takes the first waiting
/// request, gathers more until <c>maxBatchSize</c> rows or <c>maxDelay</c> has passed, runs one forward pass through
/// <see cref="Predictor"/> and hands every request its own rows. Row results do not depend on the other rows of the
/// batch (no layer mixes rows in inference mode), so answers equal one-by-one inference up to float rounding (the GEMM
/// sums in another order for a few rows than for many).
/// </summary>
internal sealed class DynamicBatcher
{
    private readonly Predictor _predictor;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxDelay;
    private readonly Action<int> _onBatch;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    /// <param name="predictor">The model version's predictor.</param>
    /// <param name="maxBatchSize">Most rows per forward pass (a larger single request runs alone).</param>
    /// <param name="maxDelay">Longest wait of a batch's first request for others.</param>
    /// <param name="onBatch">Called with the row count of every forward pass (for metrics).</param>
    public DynamicBatcher(Predictor predictor, int maxBatchSize, TimeSpan maxDelay, Action<int> onBatch)
    {
        _predictor = predictor;
        _maxBatchSize = maxBatchSize;
        _maxDelay = maxDelay;
        _onBatch = onBatch;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Finishes when every request queued before <see cref="Complete"/> has its answer.</summary>
    public Task Completion => _loop;

    /// <summary>Predictions for <paramref name="inputs"/> [N, ...], computed in a shared forward pass.</summary>
    /// <remarks>After <see cref="Complete"/> (the model was replaced) a late request runs on its own, so a request
    /// always finishes on the model version it started with.</remarks>
    public Task<BatchResult> SubmitAsync(Tensor inputs)
    {
        var pending = new Pending(inputs);
        if (_queue.Writer.TryWrite(pending))
            return pending.Answer.Task;
        return Task.Run(() => RunAlone(inputs));
    }

    /// <summary>Accepts no more requests; those already queued are still answered.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        Pending? carried = null;
        var batch = new List<Pending>(_maxBatchSize);
        while (true)
        {
            if (carried is null)
            {
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                    return;
                if (!reader.TryRead(out carried))
                    continue;
            }
            batch.Clear();
            batch.Add(carried);
            carried = await GatherAsync(reader, batch).ConfigureAwait(false);
            Run(batch);
        }
    }

    // Adds waiting requests to the batch until it is full or the delay is over; returns a request that did not fit.
    private async Task<Pending?> GatherAsync(ChannelReader<Pending> reader, List<Pending> batch)
    {
        int rows = batch[0].Rows;
        long deadline = Stopwatch.GetTimestamp() + (long)(_maxDelay.TotalSeconds * Stopwatch.Frequency);
        while (rows < _maxBatchSize)
        {
            if (reader.TryRead(out var next))
            {
                if (rows + next.Rows > _maxBatchSize || !SameRowShape(batch[0].Inputs, next.Inputs))
                    return next;
                batch.Add(next);
                rows += next.Rows;
                continue;
            }
            long wait = deadline - Stopwatch.GetTimestamp();
            if (wait <= 0)
                return null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                    return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        return null;
    }

    private void Run(List<Pending> batch)
    {
        if (batch.Count == 1)
        {
            var only = batch[0];
            try
            {
                only.Answer.TrySetResult(RunAlone(only.Inputs));
            }
            catch (Exception e)
            {
                only.Answer.TrySetException(e);
            }
            return;
        }
        Predictions predictions;
        int rows = 0;
        try
        {
            var inputs = new Tensor[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                inputs[i] = batch[i].Inputs;
                rows += batch[i].Rows;
            }
            predictions = _predictor.Predict(Tensor.Cat(inputs, 0));
        }
        catch (Exception)
        {
            // One bad request must not fail the others: answer each on its own.
            foreach (var p in batch)
            {
                try
                {
                    p.Answer.TrySetResult(RunAlone(p.Inputs));
                }
                catch (Exception e)
                {
                    p.Answer.TrySetException(e);
                }
            }
            return;
        }
        _onBatch(rows);
        var results = BatchResult.Split(predictions, batch.Select(p => p.Rows).ToArray());
        for (int i = 0; i < batch.Count; i++)
            batch[i].Answer.TrySetResult(results[i]);
    }

    private BatchResult RunAlone(Tensor inputs)
    {
        var predictions = _predictor.Predict(inputs);
        _onBatch(predictions.Count);
        return BatchResult.Split(predictions, [predictions.Count])[0];
    }

    private static bool SameRowShape(Tensor a, Tensor b)
    {
        if (a.Rank != b.Rank || a.DType != b.DType)
            return false;
        for (int d = 1; d < a.Rank; d++)
            if (a.Size(d) != b.Size(d))
                return false;
        return true;
    }

    private sealed class Pending(Tensor inputs)
    {
        public Tensor Inputs { get; } = inputs;

        public int Rows { get; } = inputs.Size(0);

        public TaskCompletionSource<BatchResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
