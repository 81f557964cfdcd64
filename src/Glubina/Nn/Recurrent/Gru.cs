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
    /// <summary>As nn.GRU(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional), initialised
    /// U(−1/√H, 1/√H) as PyTorch.</summary>
    /// <param name="inputSize">Features per time step of the input.</param>
    /// <param name="hiddenSize">Size H of the hidden state.</param>
    /// <param name="numLayers">Stacked layers L.</param>
    /// <param name="bias">Give each layer <c>bias_ih</c> and <c>bias_hh</c>.</param>
    /// <param name="batchFirst">Input and output are [N, T, features] instead of [T, N, features].</param>
    /// <param name="dropout">Dropout probability on the outputs of every layer but the last (training only).</param>
    /// <param name="bidirectional">Also run each layer backwards in time (D = 2).</param>
    /// <param name="generator">Initialisation and dropout masks (default <see cref="Generator.Default"/>).</param>
    /// <param name="dtype">Parameter dtype, floating point (default <see cref="Tensor.DefaultDType"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive or the dtype is not floating point.</exception>
    /// <exception cref="ArgumentOutOfRangeException">dropout is outside [0, 1].</exception>
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
