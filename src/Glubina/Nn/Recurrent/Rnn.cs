using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Elman RNN, as nn.RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu). input [T, N, in] (batch_first:
/// [N, T, in]) → output [T, N, D·H] plus h_n [L·D, N, H]. Parameters as PyTorch: <c>weight_ih_l{k}[_reverse]</c>
/// [H, in], <c>weight_hh_l{k}[_reverse]</c> [H, H], <c>bias_ih/bias_hh</c> [H].
/// </summary>
public sealed class Rnn : RecurrentBase, IConfigurable<Rnn, RnnConfig>
{
    /// <summary>As nn.RNN(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first, dropout, bidirectional);
    /// <paramref name="nonlinearity"/> is "tanh" (default) or "relu".</summary>
    public Rnn(int inputSize, int hiddenSize, int numLayers = 1, string nonlinearity = "tanh", bool bias = true,
        bool batchFirst = false, double dropout = 0, bool bidirectional = false, Generator? generator = null, DType? dtype = null)
        : base(Cell(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator, dtype)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>"tanh" or "relu".</summary>
    public string Nonlinearity { get; }

    private static RecurrentCell Cell(string nonlinearity) => nonlinearity switch
    {
        "tanh" => RecurrentCell.RnnTanh,
        "relu" => RecurrentCell.RnnRelu,
        _ => throw new ArgumentException($"RNN: nonlinearity must be \"tanh\" or \"relu\", got \"{nonlinearity}\".", nameof(nonlinearity)),
    };

    /// <summary>Output and final state. h0: [L·D, N, H] (null: zeros); lengths: each sequence's true length
    /// (as pack_padded_sequence with enforce_sorted=False): padded steps leave the state alone and output zero.</summary>
    public RnnOutput Forward(Tensor input, Tensor? h0, int[]? lengths = null) => Run(input, h0, null, lengths);

    /// <summary>As <see cref="Forward(Tensor, Tensor?, int[])"/> with lengths as an int64 tensor [N].</summary>
    public RnnOutput Forward(Tensor input, Tensor? h0, Tensor lengths) => Run(input, h0, null, LengthsFrom(lengths));

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public RnnConfig Config => new(InputSize, HiddenSize, NumLayers, Nonlinearity, Bias, BatchFirst, Dropout, Bidirectional);

    /// <summary>A new layer from its arguments.</summary>
    public static Rnn FromConfig(RnnConfig c) => new(c.InputSize, c.HiddenSize, c.NumLayers, c.Nonlinearity, c.Bias, c.BatchFirst, c.Dropout, c.Bidirectional);

    /// <inheritdoc/>
    protected override string ExtraRepr() => base.ExtraRepr() + (Nonlinearity == "relu" ? ", nonlinearity=relu" : "");
}

/// <summary>The arguments of <see cref="Rnn"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record RnnConfig(int InputSize, int HiddenSize, int NumLayers = 1, string Nonlinearity = "tanh", bool Bias = true, bool BatchFirst = false, double Dropout = 0, bool Bidirectional = false);
