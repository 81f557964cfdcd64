using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Multi-head attention as PyTorch's <c>nn.MultiheadAttention</c> (kdim = vdim = embed_dim, no bias_k/bias_v, no
/// zero attention): parameters <c>in_proj_weight</c> [3E, E], <c>in_proj_bias</c> [3E], <c>out_proj.weight</c>
/// [E, E], <c>out_proj.bias</c> [E], so state dicts move both ways. Inputs are [L, N, E] (or [N, L, E] with
/// <c>batchFirst</c>, or unbatched [L, E]); key and value [S, N, E] likewise. Masks follow nn.MultiheadAttention: a
/// bool <c>keyPaddingMask</c> [N, S] or <c>attnMask</c> [L, S] / [N·heads, L, S] marks with <c>true</c> the positions
/// that may NOT be attended; floating masks are added to the scores.
/// </summary>
public sealed class MultiheadAttention : Module, IConfigurable<MultiheadAttention, MultiheadAttentionConfig>
{
    private readonly Generator? _generator;

    /// <summary>Builds the projections, initialised as PyTorch's (Xavier-uniform in_proj_weight, zero biases).</summary>
    /// <param name="embedDim">E, the model size; a multiple of <paramref name="numHeads"/>.</param>
    /// <param name="numHeads">Parallel heads, each of size E / numHeads.</param>
    /// <param name="dropout">Dropout probability on the attention weights.</param>
    /// <param name="bias">Give the input and output projections biases.</param>
    /// <param name="batchFirst">Inputs are [N, L, E] rather than [L, N, E].</param>
    /// <param name="generator">Initialisation and dropout masks.</param>
    /// <param name="dtype">Parameter dtype (default <see cref="Tensor.DefaultDType"/>).</param>
    /// <exception cref="ArgumentException">embedDim is not a positive multiple of numHeads.</exception>
    /// <exception cref="ArgumentOutOfRangeException">dropout is outside [0, 1].</exception>
    public MultiheadAttention(int embedDim, int numHeads, double dropout = 0, bool bias = true, bool batchFirst = false,
        Generator? generator = null, DType? dtype = null)
    {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0)
            throw new ArgumentException(
                $"MultiheadAttention: embed_dim must be a positive multiple of num_heads, got embed_dim={embedDim}, num_heads={numHeads}.");
        if (dropout < 0 || dropout > 1 || double.IsNaN(dropout))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "MultiheadAttention: dropout must be in [0, 1].");
        EmbedDim = embedDim;
        NumHeads = numHeads;
        Dropout = dropout;
        BatchFirst = batchFirst;
        _generator = generator;
        // PyTorch's _reset_parameters: Xavier-uniform in_proj_weight, zero biases, out_proj.weight as nn.Linear.
        InProjWeight = RegisterParameter("in_proj_weight", Tensor.Zeros([3 * embedDim, embedDim], dtype));
        Init.XavierUniform(InProjWeight, generator: generator);
        if (bias)
            InProjBias = RegisterParameter("in_proj_bias", Tensor.Zeros([3 * embedDim], dtype));
        OutProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias, generator, dtype));
        if (OutProj.Bias is not null)
            Init.Zeros(OutProj.Bias);
    }

    /// <summary>Model size E (PyTorch's embed_dim).</summary>
    public int EmbedDim { get; }

    /// <summary>Number of attention heads.</summary>
    public int NumHeads { get; }

    /// <summary>Size of one head, E / NumHeads.</summary>
    public int HeadDim => EmbedDim / NumHeads;

    /// <summary>Dropout probability on the attention weights (training mode only).</summary>
    public double Dropout { get; }

    /// <summary>True when inputs are [N, L, E], false for [L, N, E].</summary>
    public bool BatchFirst { get; }

    /// <summary>[3E, E]: the query, key and value projections stacked.</summary>
    public Tensor InProjWeight { get; }

    /// <summary>[3E] or null.</summary>
    public Tensor? InProjBias { get; }

    /// <summary>The output projection (<c>out_proj</c>): weight [E, E], bias [E] or none.</summary>
    public Linear OutProj { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public MultiheadAttentionConfig Config => new(EmbedDim, NumHeads, Dropout, InProjBias is not null, BatchFirst);

    /// <summary>A new layer from its arguments.</summary>
    public static MultiheadAttention FromConfig(MultiheadAttentionConfig c) => new(c.EmbedDim, c.NumHeads, c.Dropout, c.Bias, c.BatchFirst);

    /// <summary>Self-attention of <paramref name="input"/> with no mask; returns the output only.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, input, input, needWeights: false).Output;

    /// <summary>
    /// Attention of <paramref name="query"/> over <paramref name="key"/>/<paramref name="value"/>. Returns the output
    /// (the query's shape) and, with <paramref name="needWeights"/>, the attention weights: [N, L, S] averaged over heads
    /// or [N, heads, L, S] (unbatched: without N).
    /// </summary>
    /// <param name="query">[L, N, E] ([N, L, E] with batchFirst; [L, E] unbatched).</param>
    /// <param name="key">[S, N, E] ([N, S, E]; [S, E]).</param>
    /// <param name="value">[S, N, E] ([N, S, E]; [S, E]).</param>
    /// <param name="keyPaddingMask">[N, S] ([S] unbatched); bool true = ignore that key, or floating, added.</param>
    /// <param name="needWeights">Return the attention weights too.</param>
    /// <param name="attnMask">[L, S] or [N·heads, L, S]; bool true = not allowed, or floating, added.</param>
    /// <param name="averageAttnWeights">Average the returned weights over heads.</param>
    /// <param name="isCausal">Also block every key after the query's position (as a causal attnMask).</param>
    public (Tensor Output, Tensor? Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null,
        bool needWeights = true, Tensor? attnMask = null, bool averageAttnWeights = true, bool isCausal = false)
    {
        bool selfAttention = ReferenceEquals(query, key) && ReferenceEquals(key, value);
        bool keyIsValue = ReferenceEquals(key, value);
        string who = $"MultiheadAttention(embed_dim={EmbedDim}, num_heads={NumHeads})";
        if (query.Rank != key.Rank || key.Rank != value.Rank || query.Rank is not (2 or 3))
            throw new ArgumentException(
                $"{who}: query, key and value must all be 3-D ({(BatchFirst ? "[N, L, E]" : "[L, N, E]")}) or all 2-D ([L, E]), got " +
                $"{ShapeMath.Format(query.Shape)}, {ShapeMath.Format(key.Shape)}, {ShapeMath.Format(value.Shape)}.");
        bool batched = query.Rank == 3;
        // Work batch-first: [N, L, E].
        Tensor ToBatchFirst(Tensor t) => !batched ? t.Unsqueeze(0) : BatchFirst ? t : t.Transpose(0, 1);
        Tensor q3 = ToBatchFirst(query);
        Tensor k3 = selfAttention ? q3 : ToBatchFirst(key);
        Tensor v3 = keyIsValue ? k3 : ToBatchFirst(value);
        int e = EmbedDim, h = NumHeads, d = HeadDim;
        int n = q3.Shape[0], l = q3.Shape[1], s = k3.Shape[1];
        if (q3.Shape[2] != e || k3.Shape[2] != e || v3.Shape[2] != e)
            throw new ArgumentException(
                $"{who}: the last dim of query, key and value must be {e}, got {ShapeMath.Format(query.Shape)}, " +
                $"{ShapeMath.Format(key.Shape)}, {ShapeMath.Format(value.Shape)}.");
        if (k3.Shape[0] != n || v3.Shape[0] != n || v3.Shape[1] != s)
            throw new ArgumentException(
                $"{who}: query, key and value disagree on batch size or key/value length: {ShapeMath.Format(query.Shape)}, " +
                $"{ShapeMath.Format(key.Shape)}, {ShapeMath.Format(value.Shape)}.");

        Tensor q, k, v;
        if (selfAttention)
        {
            // One GEMM for all three projections; heads are strided views of its output (no copies).
            Tensor qkv = q3.Linear(InProjWeight, InProjBias).Reshape(n, l, 3, h, d).Permute(2, 0, 3, 1, 4);
            (q, k, v) = (qkv.Select(0, 0), qkv.Select(0, 1), qkv.Select(0, 2));
        }
        else
        {
            q = Heads(q3.Linear(InProjWeight.Narrow(0, 0, e), InProjBias?.Narrow(0, 0, e)), n, l);
            if (keyIsValue)
            {
                Tensor kv = k3.Linear(InProjWeight.Narrow(0, e, 2 * e), InProjBias?.Narrow(0, e, 2 * e))
                    .Reshape(n, s, 2, h, d).Permute(2, 0, 3, 1, 4);
                (k, v) = (kv.Select(0, 0), kv.Select(0, 1));
            }
            else
            {
                k = Heads(k3.Linear(InProjWeight.Narrow(0, e, e), InProjBias?.Narrow(0, e, e)), n, s);
                v = Heads(v3.Linear(InProjWeight.Narrow(0, 2 * e, e), InProjBias?.Narrow(0, 2 * e, e)), n, s);
            }
        }

        Tensor? blocked = null, additive = null, padBlocked = null;
        if (attnMask is not null)
        {
            Tensor m = attnMask.Rank switch
            {
                2 when attnMask.Shape[0] == l && attnMask.Shape[1] == s => attnMask,
                3 when attnMask.Shape[0] == n * h && attnMask.Shape[1] == l && attnMask.Shape[2] == s => attnMask.Reshape(n, h, l, s),
                _ => throw new ArgumentException(
                    $"{who}: attn_mask must be [L, S] = [{l}, {s}] or [N·heads, L, S] = [{n * h}, {l}, {s}], got {ShapeMath.Format(attnMask.Shape)}."),
            };
            if (m.DType == DType.Bool)
                blocked = m;
            else
                additive = m;
        }
        if (keyPaddingMask is not null)
        {
            int[] expected = batched ? [n, s] : [s];
            if (!keyPaddingMask.Shape.SequenceEqual(expected))
                throw new ArgumentException(
                    $"{who}: key_padding_mask must be {ShapeMath.Format(expected)} (batch, key length), got {ShapeMath.Format(keyPaddingMask.Shape)}.");
            Tensor m = keyPaddingMask.Reshape(n, 1, 1, s);
            if (m.DType == DType.Bool)
                padBlocked = m;
            else
                additive = additive is null ? m : additive.Add(m);
        }

        double p = Training ? Dropout : 0;
        var (heads, weights) = ScaledDotProductAttention.Compute(q, k, v, blocked, additive, padBlocked, isCausal, p,
            _generator, null, needWeights, who);
        // [N, H, L, D] → [N, L, E] (one copy), then the output projection.
        Tensor output = OutProj.Call(heads.Permute(0, 2, 1, 3).Reshape(n, l, e));
        output = !batched ? output.Squeeze(0) : BatchFirst ? output : output.Transpose(0, 1);

        Tensor? returned = null;
        if (needWeights)
        {
            returned = averageAttnWeights ? weights!.Mean(1) : weights!;
            if (!batched)
                returned = returned.Squeeze(0);
        }
        return (output, returned);
    }

    // [N, T, E] → [N, H, T, D] as a view.
    private Tensor Heads(Tensor x, int n, int t) => x.Reshape(n, t, NumHeads, HeadDim).Permute(0, 2, 1, 3);

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape)
    {
        if (inputShape.Length < 2)
            return 0;
        long tokens = ShapeMath.Numel(inputShape) / EmbedDim;
        long length = BatchFirst && inputShape.Length == 3 ? inputShape[1] : inputShape[0];
        return tokens * 4L * EmbedDim * EmbedDim + 2L * tokens * length * EmbedDim;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        FormattableString.Invariant($"embed_dim={EmbedDim}, num_heads={NumHeads}, dropout={Dropout}, batch_first={(BatchFirst ? "true" : "false")}");
}

/// <summary>The arguments of <see cref="MultiheadAttention"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record MultiheadAttentionConfig(int EmbedDim, int NumHeads, double Dropout = 0, bool Bias = true, bool BatchFirst = false);
