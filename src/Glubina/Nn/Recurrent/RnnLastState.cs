using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Wraps an <see cref="Rnn"/>, <see cref="Lstm"/> or <see cref="Gru"/> and returns the last layer's final hidden
/// state instead of the sequence: input as the wrapped layer's → [N, D·H] (both directions concatenated, forward
/// first). Lets a sequence classifier be a <see cref="Sequential"/>: Embedding → RnnLastState(LSTM) → Linear.
/// The wrapped layer's parameters are named <c>rnn.weight_ih_l0</c> and so on.
/// </summary>
public sealed class RnnLastState : Module
{
    /// <summary>Wraps <paramref name="rnn"/>, registered as the child <c>rnn</c>.</summary>
    public RnnLastState(RecurrentBase rnn)
    {
        Rnn = RegisterModule("rnn", rnn);
    }

    /// <summary>The wrapped recurrent layer.</summary>
    public RecurrentBase Rnn { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>As <see cref="Forward(Tensor)"/> for a batch of sequences of different lengths [N] (each within 1..T).</summary>
    public Tensor Forward(Tensor input, int[]? lengths)
    {
        RnnOutput result = Rnn switch
        {
            Lstm l => l.Call(input, () => l.Forward(input, null, null, lengths), o => o.Output),
            Gru g => g.Call(input, () => g.Forward(input, null, lengths), o => o.Output),
            Rnn r => r.Call(input, () => r.Forward(input, null, lengths), o => o.Output),
            _ => throw new NotSupportedException($"RnnLastState: {Rnn.GetType().Name} is not a known recurrent layer."),
        };
        int dirs = Rnn.Directions, layers = Rnn.NumLayers;
        // h_n: [L·D, N, H] (unbatched [L·D, H]); the last layer's directions are its last D rows.
        Tensor last = result.HN.Narrow(0, (layers - 1) * dirs, dirs);
        if (dirs == 1)
            return last.Squeeze(0);
        Tensor[] parts = [last.Select(0, 0), last.Select(0, 1)];
        return Tensor.Cat(parts, -1);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => "";
}
