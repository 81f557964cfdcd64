using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// One direction of one recurrent layer over a whole sequence, as one autograd node with a hand-written backward
    /// through time: what nn.RNN, nn.LSTM and nn.GRU run for each layer and direction. This input [T, N, in], with
    /// <paramref name="weightIh"/> [G·H, in], <paramref name="weightHh"/> [G·H, H] and the optional biases [G·H] (G gates of
    /// <paramref name="cell"/>, in PyTorch's order and layout), starts from the state <paramref name="h0"/> [N, H] and, for
    /// an LSTM only, the cell state <paramref name="c0"/> [N, H]. Returns the outputs [T, N, H], the final state H [N, H]
    /// and the LSTM's final cell state C [N, H] (null for the others). With <paramref name="lengths"/> (N values in 1..T)
    /// the steps t ≥ lengths[b] leave sequence b's state alone and output zeros; <paramref name="reverse"/> runs from the
    /// last step to the first (the second direction of a bidirectional layer).
    /// </summary>
    public (Tensor Output, Tensor H, Tensor? C) Recurrent(RecurrentCell cell, Tensor h0, Tensor? c0, Tensor weightIh, Tensor weightHh,
        Tensor? biasIh = null, Tensor? biasHh = null, int[]? lengths = null, bool reverse = false)
    {
        string op = cell.OpName();
        EnsureFloating(op);
        if (Rank != 3 || _shape[0] == 0 || _shape[1] == 0)
            throw new ArgumentException($"{op}: expected a non-empty input [T, N, input_size], got {ShapeMath.Format(_shape)}.");
        if (h0.Rank != 2)
            throw new ArgumentException($"{op}: h0 must be [N, hidden_size], got {ShapeMath.Format(h0.Shape)}.");
        int steps = _shape[0], batch = _shape[1], hidden = h0.Size(1), gates = cell.GateCount() * hidden;
        bool lstm = cell == RecurrentCell.Lstm;
        if (lstm != (c0 is not null))
            throw new ArgumentException($"{op}: {(lstm ? "an LSTM needs the cell state c0" : "c0 is an LSTM's cell state; pass null")}.");
        CheckRecurrentArgument(op, "h0", h0, [batch, hidden]);
        CheckRecurrentArgument(op, "c0", c0, [batch, hidden]);
        CheckRecurrentArgument(op, "weight_ih", weightIh, [gates, _shape[2]]);
        CheckRecurrentArgument(op, "weight_hh", weightHh, [gates, hidden]);
        CheckRecurrentArgument(op, "bias_ih", biasIh, [gates]);
        CheckRecurrentArgument(op, "bias_hh", biasHh, [gates]);
        Tensor y = RecurrentOps.Layer(cell, this, h0, c0, weightIh, weightHh, biasIh, biasHh,
            RecurrentLengths(op, lengths, steps, batch), reverse);
        return (y.Narrow(0, 0, steps), y.Select(0, steps), lstm ? y.Select(0, steps + 1) : null);
    }

    private void CheckRecurrentArgument(string op, string name, Tensor? t, int[] expected)
    {
        if (t is not null && (t.DType != DType || !ShapeMath.SameShape(t.Shape, expected)))
            throw new ArgumentException(
                $"{op}: {name} must be {DType.Name()} {ShapeMath.Format(expected)} for the input {ShapeMath.Format(_shape)}, " +
                $"got {t.DType.Name()} {ShapeMath.Format(t.Shape)}.");
    }

    /// <summary>Per-sequence lengths of a recurrent call, checked (N values in 1..T); null when every sequence is full.
    /// Errors name <paramref name="where"/>.</summary>
    internal static int[]? RecurrentLengths(string where, int[]? lengths, int steps, int batch)
    {
        if (lengths is null)
            return null;
        if (lengths.Length != batch)
            throw new ArgumentException($"{where}: lengths has {lengths.Length} entries but the batch has {batch} sequences.");
        bool allFull = true;
        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[b],
                    $"{where}: lengths[{b}] = {lengths[b]} must be within 1..{steps} (the padded sequence length).");
            allFull &= lengths[b] == steps;
        }
        return allFull ? null : (int[])lengths.Clone();
    }
}
