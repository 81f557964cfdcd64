using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// A stack of <c>numLayers</c> copies of an encoder layer with an optional final LayerNorm, as PyTorch's
/// <c>nn.TransformerEncoder</c>: every copy starts from the given layer's parameters (PyTorch deep-copies it), and
/// state-dict keys are <c>layers.{i}.…</c> and <c>norm.…</c>. Input and output [S, N, E] ([N, S, E] with batchFirst).
/// </summary>
public sealed class TransformerEncoder : Module, IConfigurable<TransformerEncoder, TransformerEncoderConfig>
{
    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="encoderLayer"/> (the layer itself is not used).</summary>
    /// <param name="encoderLayer">The block to copy; its configuration and current parameters seed every layer.</param>
    /// <param name="numLayers">Number of copies.</param>
    /// <param name="norm">LayerNorm applied after the last layer (usual with pre-norm layers), or null.</param>
    /// <exception cref="ArgumentException">numLayers is not positive.</exception>
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm? norm = null)
    {
        if (numLayers <= 0)
            throw new ArgumentException($"TransformerEncoder: num_layers must be positive, got {numLayers}.");
        var layers = new ModuleList();
        for (int i = 0; i < numLayers; i++)
            layers.Add(encoderLayer.Copy());
        Layers = RegisterModule("layers", layers);
        if (norm is not null)
            Norm = RegisterModule("norm", norm);
    }

    /// <summary>The layers (<see cref="TransformerEncoderLayer"/>s).</summary>
    public ModuleList Layers { get; }

    /// <summary>The final LayerNorm (<c>norm</c>), or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>Number of stacked layers.</summary>
    public int NumLayers => Layers.Count;

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public TransformerEncoderConfig Config => new(((TransformerEncoderLayer)Layers[0]).Config, NumLayers, Norm is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static TransformerEncoder FromConfig(TransformerEncoderConfig c) =>
        new(TransformerEncoderLayer.FromConfig(c.Layer), c.NumLayers,
            c.FinalNorm ? new LayerNorm(c.Layer.DModel, c.Layer.LayerNormEps) : null);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Forward(input, null, null);

    /// <summary>Runs every layer with the same masks, then the final norm.</summary>
    /// <param name="src">[S, N, E] ([N, S, E] with batchFirst).</param>
    /// <param name="mask">[S, S] or [N·heads, S, S]; bool true = not allowed, or floating, added.</param>
    /// <param name="srcKeyPaddingMask">[N, S]; bool true = padding.</param>
    /// <param name="isCausal">Causal self-attention in every layer.</param>
    public Tensor Forward(Tensor src, Tensor? mask, Tensor? srcKeyPaddingMask, bool isCausal = false)
    {
        Tensor x = src;
        foreach (TransformerEncoderLayer layer in Layers.Cast<TransformerEncoderLayer>())
        {
            Tensor input = x;
            x = layer.Call(input, () => layer.Forward(input, mask, srcKeyPaddingMask, isCausal), y => y);
        }
        return Norm is null ? x : Norm.Call(x);
    }

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape)
    {
        long total = 0;
        foreach (Module layer in Layers)
            total += layer.MultiplyAdds(inputShape, outputShape);
        return total;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"num_layers={NumLayers}";
}

/// <summary>The arguments of <see cref="TransformerEncoder"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record TransformerEncoderConfig(TransformerEncoderLayerConfig Layer, int NumLayers, bool FinalNorm = false);
