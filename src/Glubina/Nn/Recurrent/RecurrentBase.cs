using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// What <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> share (PyTorch's nn.RNNBase): the stack of
/// layers and directions, PyTorch's parameter names and layouts (<c>weight_ih_l{k}[_reverse]</c> [G·H, in],
/// <c>weight_hh_l{k}[_reverse]</c> [G·H, H], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> [G·H], G gates), the
/// U(−1/√H, 1/√H) initialisation, dropout between layers, batch-first layouts and variable-length batches.
/// Each layer-direction runs as one autograd node with a hand-written backward through time.
/// </summary>
public abstract class RecurrentBase : Module
{
    private readonly RecurrentCell _cell;
    private readonly Generator? _generator;
    private readonly Tensor[][] _weights;   // per layer·direction: w_ih, w_hh, b_ih?, b_hh?

    private protected RecurrentBase(RecurrentCell cell, int inputSize, int hiddenSize, int numLayers, bool bias,
        bool batchFirst, double dropout, bool bidirectional, Generator? generator, DType? dtypeOrDefault)
    {
        DType dtype = dtypeOrDefault ?? Tensor.DefaultDType;
        _cell = cell;
        string kind = Kind(cell);
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0)
            throw new ArgumentException(
                $"{kind}: input_size, hidden_size and num_layers must be positive, got {inputSize}, {hiddenSize}, {numLayers}.");
        if (dropout < 0 || dropout > 1 || double.IsNaN(dropout))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{kind}: dropout must be in [0, 1].");
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{kind}: dtype must be floating point, got {dtype.Name()}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bias = bias;
        BatchFirst = batchFirst;
        Dropout = dropout;
        Bidirectional = bidirectional;
        _generator = generator;
        int gates = cell.GateCount() * hiddenSize, dirs = Directions;
        double bound = 1 / Math.Sqrt(hiddenSize);
        _weights = new Tensor[numLayers * dirs][];
        for (int l = 0; l < numLayers; l++)
            for (int d = 0; d < dirs; d++)
            {
                string suffix = $"_l{l}" + (d == 1 ? "_reverse" : "");
                int layerInput = l == 0 ? inputSize : hiddenSize * dirs;
                var list = new List<Tensor>
                {
                    RegisterParameter("weight_ih" + suffix, Tensor.Uniform([gates, layerInput], -bound, bound, generator, dtype)),
                    RegisterParameter("weight_hh" + suffix, Tensor.Uniform([gates, hiddenSize], -bound, bound, generator, dtype)),
                };
                if (bias)
                {
                    list.Add(RegisterParameter("bias_ih" + suffix, Tensor.Uniform([gates], -bound, bound, generator, dtype)));
                    list.Add(RegisterParameter("bias_hh" + suffix, Tensor.Uniform([gates], -bound, bound, generator, dtype)));
                }
                _weights[l * dirs + d] = [.. list];
            }
    }

    /// <summary>Features per time step of the input (PyTorch's input_size).</summary>
    public int InputSize { get; }

    /// <summary>Size H of the hidden state of each layer and direction (PyTorch's hidden_size).</summary>
    public int HiddenSize { get; }

    /// <summary>Stacked layers L; each layer after the first reads the previous one's output.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have <c>bias_ih</c> and <c>bias_hh</c>.</summary>
    public bool Bias { get; }

    /// <summary>Input and output are [N, T, features] instead of [T, N, features].</summary>
    public bool BatchFirst { get; }

    /// <summary>Dropout probability on the outputs of every layer but the last (training only).</summary>
    public double Dropout { get; }

    /// <summary>True when each layer also runs backwards in time; outputs then concatenate both directions (D·H features).</summary>
    public bool Bidirectional { get; }

    /// <summary>2 when bidirectional, else 1.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Name for messages, as PyTorch's repr: <c>LSTM(32, 128, num_layers=2)</c>.</summary>
    protected string LayerName => $"{Kind(_cell)}({InputSize}, {HiddenSize}" + (NumLayers > 1 ? $", num_layers={NumLayers})" : ")");

    private static string Kind(RecurrentCell cell) => cell switch
    {
        RecurrentCell.Lstm => "LSTM",
        RecurrentCell.Gru => "GRU",
        _ => "RNN",
    };

    /// <summary>input: [T, N, in] (batch-first [N, T, in], unbatched [T, in]) → the output sequence
    /// [T, N, D·H]; initial states are zero. Use the richer overload of the subclass for states and lengths.</summary>
    public override Tensor Forward(Tensor input) => Run(input, null, null, null).Output;

    /// <summary>Converts an int64 lengths tensor [N] to the int array the forward takes.</summary>
    protected int[] LengthsFrom(Tensor lengths)
    {
        if (lengths.Rank != 1 || lengths.DType != DType.Int64)
            throw new ArgumentException(
                $"{LayerName}: lengths must be a 1-D int64 tensor, got {lengths.DType.Name()} {ShapeMath.Format(lengths.Shape)}.");
        return Array.ConvertAll(lengths.ToArray<long>(), v => v > int.MaxValue ? int.MaxValue : v < int.MinValue ? int.MinValue : (int)v);
    }

    /// <summary>The whole stack: states h0/c0 [L·D, N, H] (null: zeros) and per-sequence lengths (null: all T).</summary>
    private protected RnnOutput Run(Tensor input, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        bool lstm = _cell == RecurrentCell.Lstm;
        if (input.Rank is not (2 or 3))
            throw new ArgumentException(
                $"{LayerName}: input must be [T, N, {InputSize}]{(BatchFirst ? " (batch_first: [N, T, " + InputSize + "])" : "")} or unbatched [T, {InputSize}], got {ShapeMath.Format(input.Shape)}.");
        if (input.Shape[^1] != InputSize)
            throw new ArgumentException(
                $"{LayerName}: the input's last dim must be input_size = {InputSize}, got shape {ShapeMath.Format(input.Shape)}.");
        Tensor w0 = _weights[0][0];
        if (input.DType != w0.DType)
            throw new ArgumentException($"{LayerName}: the input is {input.DType.Name()} but the weights are {w0.DType.Name()}; convert with To().");
        bool unbatched = input.Rank == 2;
        Tensor x = unbatched ? input.Unsqueeze(1) : BatchFirst ? input.Transpose(0, 1) : input;
        int steps = x.Size(0), batch = x.Size(1), dirs = Directions, states = NumLayers * dirs;
        if (steps == 0 || batch == 0)
            throw new ArgumentException($"{LayerName}: the input has no steps or no sequences: {ShapeMath.Format(input.Shape)}.");
        h0 = CheckState(h0, "h0", unbatched, states, batch, input.DType);
        c0 = lstm ? CheckState(c0, "c0", unbatched, states, batch, input.DType) : null;
        lengths = Tensor.RecurrentLengths(LayerName, lengths, steps, batch);

        var hN = new Tensor[states];
        var cN = lstm ? new Tensor[states] : null;
        Tensor layerInput = x;
        for (int l = 0; l < NumLayers; l++)
        {
            var outputs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++)
            {
                int k = l * dirs + d;
                Tensor[] w = _weights[k];
                Tensor hk = h0 is null ? Tensor.Zeros([batch, HiddenSize], input.DType) : h0.Select(0, k);
                Tensor? ck = !lstm ? null : c0 is null ? Tensor.Zeros([batch, HiddenSize], input.DType) : c0.Select(0, k);
                var (y, hLast, cLast) = layerInput.Recurrent(_cell, hk, ck, w[0], w[1], Bias ? w[2] : null, Bias ? w[3] : null,
                    lengths, reverse: d == 1);
                outputs[d] = y;
                hN[k] = hLast;
                if (lstm)
                    cN![k] = cLast!;
            }
            layerInput = dirs == 1 ? outputs[0] : Tensor.Cat(outputs, 2);
            if (l < NumLayers - 1 && Training && Dropout > 0)
                layerInput = Dropout >= 1
                    ? layerInput.Mul(0.0)
                    : layerInput.Mul(Tensor.DropoutMask(layerInput.ShapeArray(), 1 - Dropout, _generator, input.DType));
        }
        Tensor output = unbatched ? layerInput.Squeeze(1) : BatchFirst ? layerInput.Transpose(0, 1) : layerInput;
        Tensor h = Tensor.Stack(hN, 0);
        Tensor? c = lstm ? Tensor.Stack(cN!, 0) : null;
        if (unbatched)
        {
            h = h.Squeeze(1);
            c = c?.Squeeze(1);
        }
        return new RnnOutput(output, h, c);
    }

    private Tensor? CheckState(Tensor? state, string name, bool unbatched, int states, int batch, DType dtype)
    {
        if (state is null)
            return null;
        int[] expected = unbatched ? [states, HiddenSize] : [states, batch, HiddenSize];
        if (!state.Shape.SequenceEqual(expected))
            throw new ArgumentException(
                $"{LayerName}: {name} must be {ShapeMath.Format(expected)} ([num_layers·directions, N, hidden_size]), got {ShapeMath.Format(state.Shape)}.");
        if (state.DType != dtype)
            throw new ArgumentException($"{LayerName}: {name} is {state.DType.Name()} but the input is {dtype.Name()}.");
        return unbatched ? state.Unsqueeze(1) : state;
    }

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape)
    {
        long tokens = inputShape.Length == 3 ? (long)inputShape[0] * inputShape[1] : inputShape.Length == 2 ? inputShape[0] : 0;
        long perToken = 0;
        foreach (var (_, p) in NamedParameters())
            if (p.Rank == 2)
                perToken += p.Numel;
        return tokens * perToken;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{InputSize}, {HiddenSize}" + (NumLayers > 1 ? $", num_layers={NumLayers}" : "") + (Bias ? "" : ", bias=false")
        + (BatchFirst ? ", batch_first=true" : "") + (Dropout > 0 ? FormattableString.Invariant($", dropout={Dropout}") : "")
        + (Bidirectional ? ", bidirectional=true" : "");
}
