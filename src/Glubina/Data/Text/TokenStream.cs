using Glubina.Tensors;

namespace Glubina.Data.Text;

/// <summary>
/// One long run of token ids (a tokenized corpus) cut into language-model examples: inputs are
/// <c>length</c> consecutive tokens, targets the same window shifted by one. Training batches start at random
/// offsets (as nanoGPT's get_batch); evaluation walks the stream in non-overlapping windows so every token is
/// scored exactly once.
/// </summary>
public sealed class TokenStream
{
    private readonly long[] _ids;

    /// <summary>A stream of the token ids <paramref name="ids"/>, in order (copied).</summary>
    public TokenStream(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        _ids = new long[ids.Count];
        for (int i = 0; i < _ids.Length; i++)
            _ids[i] = ids[i];
    }

    private TokenStream(long[] ids) => _ids = ids;

    /// <summary>Number of tokens.</summary>
    public int Count => _ids.Length;

    /// <summary>The first <paramref name="fraction"/> of the stream and the rest, in order (no shuffling: the
    /// validation text follows the training text, as a time-ordered split).</summary>
    public (TokenStream Head, TokenStream Tail) Split(double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "TokenStream.Split: the fraction must be in (0, 1).");
        int cut = (int)(Count * fraction);
        return (new TokenStream(_ids[..cut]), new TokenStream(_ids[cut..]));
    }

    /// <summary>The first <paramref name="count"/> tokens.</summary>
    public TokenStream Take(int count) => new(_ids[..Math.Min(count, Count)]);

    /// <summary>A training batch: inputs and targets [batchSize, length] int64 from random offsets.</summary>
    public (Tensor Inputs, Tensor Targets) SampleBatch(int batchSize, int length, Generator? generator = null)
    {
        CheckLength(length);
        var g = generator ?? Generator.Default;
        var inputs = new long[batchSize * length];
        var targets = new long[batchSize * length];
        for (int b = 0; b < batchSize; b++)
        {
            int start = (int)(g.NextDouble() * (Count - length));
            _ids.AsSpan(start, length).CopyTo(inputs.AsSpan(b * length));
            _ids.AsSpan(start + 1, length).CopyTo(targets.AsSpan(b * length));
        }
        return (Tensor.FromArray(inputs, batchSize, length), Tensor.FromArray(targets, batchSize, length));
    }

    /// <summary>Every non-overlapping window of <paramref name="length"/> tokens (the tail shorter than one window is
    /// left out), in order, <paramref name="batchSize"/> windows per batch: inputs and targets [n ≤ batchSize, length].</summary>
    public IEnumerable<(Tensor Inputs, Tensor Targets)> Windows(int length, int batchSize)
    {
        CheckLength(length);
        int windows = (Count - 1) / length;
        for (int first = 0; first < windows; first += batchSize)
        {
            int n = Math.Min(batchSize, windows - first);
            var inputs = new long[n * length];
            var targets = new long[n * length];
            for (int b = 0; b < n; b++)
            {
                int start = (first + b) * length;
                _ids.AsSpan(start, length).CopyTo(inputs.AsSpan(b * length));
                _ids.AsSpan(start + 1, length).CopyTo(targets.AsSpan(b * length));
            }
            yield return (Tensor.FromArray(inputs, n, length), Tensor.FromArray(targets, n, length));
        }
    }

    private void CheckLength(int length)
    {
        if (length <= 0 || length >= Count)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"TokenStream: the window length must be between 1 and {Count - 1} (the stream has {Count} tokens).");
    }
}
