using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Gated recurrent unit, as nn.GRU: r = σ(W_ir x + b_ir + W_hr h + b_hr), z likewise,
/// n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h' = (1 − z)⊙n + z⊙h. input [T, N, in] (batch_first: [N, T, in])
/// → output [T, N, D·H] plus h_n [L·D, N, H]. Parameters as PyTorch (gates r, z, n): <c>weight_ih_l{k}[_reverse]</c>
/// [3H, in], <c>weight_hh_l{k}[_reverse]</c> [3H, H], <c>bias_ih/bias_hh</c> [3H].
/// </summary>
public sealed class Gru : RecurrentBase, IConfigurable<Gru, RecurrentConfig>
{
    public Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
        double dropout = 0, bool bidirectional = false, Generator? generator = null, DType? dtype = null)
        : base(RecurrentCell.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator, dtype)
    {
    }

    /// <summary>Output and final state. h0: [L·D, N, H] (null: zeros); lengths: each sequence's true length
    /// (as pack_padded_sequence with enforce_sorted=False): padded steps leave the state alone and output zero.</summary>
    public RnnOutput Forward(Tensor input, Tensor? h0, int[]? lengths = null) => Run(input, h0, null, lengths);

    /// <summary>As <see cref="Forward(Tensor, Tensor?, int[])"/> with lengths as an int64 tensor [N].</summary>
    public RnnOutput Forward(Tensor input, Tensor? h0, Tensor lengths) => Run(input, h0, null, LengthsFrom(lengths));

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public RecurrentConfig Config => new(InputSize, HiddenSize, NumLayers, Bias, BatchFirst, Dropout, Bidirectional);

    /// <summary>A new layer from its arguments.</summary>
    public static Gru FromConfig(RecurrentConfig c) => new(c.InputSize, c.HiddenSize, c.NumLayers, c.Bias, c.BatchFirst, c.Dropout, c.Bidirectional);
}
