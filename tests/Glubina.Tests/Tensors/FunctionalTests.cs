using Glubina.Tensors;

namespace Glubina.Tests.Tensors;

/// <summary>The public functional calls that the built-in layers run, called directly: per-side convolution padding
/// against zero-padding the input first (PyTorch's F.pad then conv), the embedding's padding row, and the errors of the
/// fused recurrent call.</summary>
public sealed class FunctionalTests
{
    // x: [N, C, H, W] → [N, C, top + H + bottom, left + W + right], zeros around
    private static Tensor ZeroPad(Tensor x, int top, int bottom, int left, int right)
    {
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        Tensor rows = Tensor.Cat([Tensor.Zeros([n, c, top, w], x.DType), x, Tensor.Zeros([n, c, bottom, w], x.DType)], 2);
        int ph = top + h + bottom;
        return Tensor.Cat([Tensor.Zeros([n, c, ph, left], x.DType), rows, Tensor.Zeros([n, c, ph, right], x.DType)], 3);
    }

    [Fact]
    public void Per_side_padding_is_zero_padding_then_an_unpadded_convolution()
    {
        var gen = new Generator(3);
        Tensor x = Tensor.Normal([2, 4, 7, 6], 0, 1, gen, DType.Float64);
        Tensor w = Tensor.Normal([6, 2, 3, 2], 0, 0.5, gen, DType.Float64);
        Tensor b = Tensor.Normal([6], 0, 1, gen, DType.Float64);
        Tensor y = x.Conv2d(w, b, (2, 1), (0, 2, 1, 3), (1, 2), groups: 2);
        Tensor expected = ZeroPad(x, 0, 2, 1, 3).Conv2d(w, b, (2, 1), (0, 0), (1, 2), groups: 2);
        Assert.Equal(expected.ShapeArray(), y.ShapeArray());
        Assert.Equal(expected.ToDoubleArray(), y.ToDoubleArray());

        Tensor x1 = x.Select(2, 0), w1 = w.Select(2, 0);
        Tensor y1 = x1.Conv1d(w1, b, (1, 3), stride: 1, dilation: 2, groups: 2);
        Tensor expected1 = ZeroPad(x1.Unsqueeze(2), 0, 0, 1, 3).Squeeze(2).Conv1d(w1, b, stride: 1, padding: 0, dilation: 2, groups: 2);
        Assert.Equal(expected1.ToDoubleArray(), y1.ToDoubleArray());
    }

    [Fact]
    public void Embedding_counts_a_negative_padding_index_from_the_end_and_gives_its_row_no_gradient()
    {
        Tensor weight = Tensor.Ones([4, 2], DType.Float64).RequiresGrad_();
        Tensor y = Tensor.FromArray(new long[] { 3, 1, 3 }, 3).Embedding(weight, paddingIdx: -1);
        Assert.Equal([3, 2], y.ShapeArray());
        y.Sum().Backward();
        Assert.Equal([0, 0, 1, 1, 0, 0, 0, 0], weight.Grad!.ToDoubleArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromArray(new long[] { 0 }, 1).Embedding(weight, paddingIdx: 4));
        Assert.Contains("[-4, 3]", e.Message);
    }

    [Fact]
    public void Recurrent_checks_states_and_weights_against_the_cell()
    {
        Tensor x = Tensor.Zeros(5, 3, 4), h0 = Tensor.Zeros(3, 6);
        Tensor wIh = Tensor.Zeros(24, 4), wHh = Tensor.Zeros(24, 6);
        var (output, h, c) = x.Recurrent(RecurrentCell.Lstm, h0, Tensor.Zeros(3, 6), wIh, wHh);
        Assert.Equal([5, 3, 6], output.ShapeArray());
        Assert.Equal([3, 6], h.ShapeArray());
        Assert.Equal([3, 6], c!.ShapeArray());
        var e = Assert.Throws<ArgumentException>(() => x.Recurrent(RecurrentCell.Lstm, h0, null, wIh, wHh));
        Assert.Contains("lstm: an LSTM needs the cell state c0", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Recurrent(RecurrentCell.Gru, h0, null, wIh, wHh));
        Assert.Contains("gru: weight_ih must be float32 [18, 4]", e.Message);
        Assert.Contains("got float32 [24, 4]", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() =>
            x.Recurrent(RecurrentCell.Lstm, h0, Tensor.Zeros(3, 6), wIh, wHh, lengths: [5, 6, 1]));
        Assert.Contains("lengths[1] = 6", r.Message);
    }
}
