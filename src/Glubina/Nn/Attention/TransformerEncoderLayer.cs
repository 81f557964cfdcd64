using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// One transformer encoder block as PyTorch's <c>nn.TransformerEncoderLayer</c>: self-attention and a feed-forward
/// network (linear1 → activation → dropout → linear2), each with a residual connection and LayerNorm, either after
/// the residual (post-norm, the default) or before the sub-block (<c>normFirst</c>, pre-norm). Submodules carry
/// PyTorch's names (self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2), so state dicts load
/// from PyTorch. Input [S, N, E] ([N, S, E] with <c>batchFirst</c>) → the same shape.
/// </summary>
public sealed class TransformerEncoderLayer : Module, IConfigurable<TransformerEncoderLayer, TransformerEncoderLayerConfig>
{
    private readonly Generator? _generator;

    /// <param name="dModel">E, the embedding size.</param>
    /// <param name="nhead">Number of attention heads (divides dModel).</param>
    /// <param name="dimFeedforward">Hidden size of the feed-forward network.</param>
    /// <param name="dropout">Dropout after attention weights, inside the feed-forward and on both residual branches.</param>
    /// <param name="activation">"relu" or "gelu".</param>
    /// <param name="layerNormEps">LayerNorm epsilon.</param>
    /// <param name="batchFirst">Inputs are [N, S, E] rather than [S, N, E].</param>
    /// <param name="normFirst">Pre-norm (LayerNorm before each sub-block) rather than post-norm.</param>
    /// <param name="generator">Initialisation and dropout masks (default <see cref="Generator.Default"/>).</param>
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1,
        string activation = "relu", double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false,
        Generator? generator = null)
    {
        if (activation is not ("relu" or "gelu"))
            throw new ArgumentException($"TransformerEncoderLayer: activation must be \"relu\" or \"gelu\", got \"{activation}\".");
        if (dimFeedforward <= 0)
            throw new ArgumentException($"TransformerEncoderLayer: dim_feedforward must be positive, got {dimFeedforward}.");
        DModel = dModel;
        NHead = nhead;
        DimFeedforward = dimFeedforward;
        DropoutP = dropout;
        Activation = activation;
        LayerNormEps = layerNormEps;
        BatchFirst = batchFirst;
        NormFirst = normFirst;
        _generator = generator;
        SelfAttn = RegisterModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, true, generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, true, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
    }

    /// <summary>Embedding size E (PyTorch's d_model).</summary>
    public int DModel { get; }

    /// <summary>Number of attention heads (PyTorch's nhead).</summary>
    public int NHead { get; }

    /// <summary>Hidden size of the feed-forward network (PyTorch's dim_feedforward).</summary>
    public int DimFeedforward { get; }

    /// <summary>Dropout probability used on the attention weights, inside the feed-forward and on both residual branches.</summary>
    public double DropoutP { get; }

    /// <summary>The feed-forward activation, "relu" or "gelu".</summary>
    public string Activation { get; }

    /// <summary>Epsilon of both LayerNorms.</summary>
    public double LayerNormEps { get; }

    /// <summary>True when inputs are [N, S, E], false for [S, N, E].</summary>
    public bool BatchFirst { get; }

    /// <summary>True for pre-norm (LayerNorm before each sub-block), false for post-norm (after each residual addition).</summary>
    public bool NormFirst { get; }

    /// <summary>The self-attention sub-block (<c>self_attn</c>).</summary>
    public MultiheadAttention SelfAttn { get; }

    /// <summary>First feed-forward projection, E → dimFeedforward (<c>linear1</c>).</summary>
    public Linear Linear1 { get; }

    /// <summary>Dropout between the activation and <see cref="Linear2"/> (<c>dropout</c>).</summary>
    public Dropout Dropout { get; }

    /// <summary>Second feed-forward projection, dimFeedforward → E (<c>linear2</c>).</summary>
    public Linear Linear2 { get; }

    /// <summary>LayerNorm of the attention sub-block (<c>norm1</c>).</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>LayerNorm of the feed-forward sub-block (<c>norm2</c>).</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Dropout on the attention branch before its residual addition (<c>dropout1</c>).</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the feed-forward branch before its residual addition (<c>dropout2</c>).</summary>
    public Dropout Dropout2 { get; }

    /// <summary>A new layer with the same configuration and a copy of this layer's parameters (PyTorch's deepcopy).</summary>
    public TransformerEncoderLayer Copy()
    {
        var copy = new TransformerEncoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst,
            NormFirst, _generator);
        copy.LoadStateDict(StateDict());
        copy.Train(Training);
        return copy;
    }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public TransformerEncoderLayerConfig Config => new(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst);

    /// <summary>A new layer from its arguments.</summary>
    public static TransformerEncoderLayer FromConfig(TransformerEncoderLayerConfig c) => new(c.DModel, c.Nhead, c.DimFeedforward, c.Dropout, c.Activation, c.LayerNormEps, c.BatchFirst, c.NormFirst);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Forward(input, null, null);

    /// <summary>Runs the block.</summary>
    /// <param name="src">[S, N, E] ([N, S, E] with batchFirst; [S, E] unbatched).</param>
    /// <param name="srcMask">[S, S] or [N·heads, S, S]; bool true = not allowed, or floating, added.</param>
    /// <param name="srcKeyPaddingMask">[N, S]; bool true = padding (ignored as a key), or floating, added.</param>
    /// <param name="isCausal">Also block attention to later positions.</param>
    public Tensor Forward(Tensor src, Tensor? srcMask, Tensor? srcKeyPaddingMask, bool isCausal = false)
    {
        if (src.Rank is not (2 or 3) || src.Shape[^1] != DModel)
            throw new ArgumentException(
                $"TransformerEncoderLayer(d_model={DModel}): input must be {(BatchFirst ? "[N, S, E]" : "[S, N, E]")} or [S, E] with E = {DModel}, " +
                $"got {ShapeMath.Format(src.Shape)}.");
        Tensor x = src;
        if (NormFirst)
        {
            x = x.Add(SelfAttentionBlock(Norm1.Call(x), srcMask, srcKeyPaddingMask, isCausal));
            return x.Add(FeedForwardBlock(Norm2.Call(x)));
        }
        x = Norm1.Call(x.Add(SelfAttentionBlock(x, srcMask, srcKeyPaddingMask, isCausal)));
        return Norm2.Call(x.Add(FeedForwardBlock(x)));
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        Dropout1.Call(SelfAttn.Call(x, () => SelfAttn.Forward(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal),
            r => r.Output).Output);

    private Tensor FeedForwardBlock(Tensor x)
    {
        Tensor hidden = Linear1.Call(x);
        hidden = Activation == "relu" ? hidden.Relu() : hidden.Gelu();
        return Dropout2.Call(Linear2.Call(Dropout.Call(hidden)));
    }

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape) =>
        SelfAttn.MultiplyAdds(inputShape, outputShape) + ShapeMath.Numel(inputShape) / DModel * 2L * DModel * DimFeedforward;

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant(
        $"d_model={DModel}, nhead={NHead}, dim_feedforward={DimFeedforward}, activation={Activation}, norm_first={(NormFirst ? "true" : "false")}");
}

/// <summary>The arguments of <see cref="TransformerEncoderLayer"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record TransformerEncoderLayerConfig(int DModel, int Nhead, int DimFeedforward = 2048, double Dropout = 0.1, string Activation = "relu", double LayerNormEps = 1e-5, bool BatchFirst = false, bool NormFirst = false);
