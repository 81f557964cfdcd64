using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// A decoder-only (GPT-style) language model: token embedding + positional encoding (learned or sinusoidal) →
/// <c>numLayers</c> pre-norm transformer blocks with causal self-attention (<see cref="TransformerEncoderLayer"/>
/// with normFirst, GELU, batch-first) → final LayerNorm → linear head to the vocabulary, optionally tied to the
/// token embedding. Tokens [N, T] int64 → logits [N, T, vocab]. State-dict keys: <c>token_embedding.weight</c>,
/// <c>position.weight</c> (learned), <c>layers.{i}.…</c>, <c>norm.…</c>, <c>lm_head.weight</c> (untied).
/// </summary>
public sealed class CausalLanguageModel : Module, IConfigurable<CausalLanguageModel, CausalLanguageModelConfig>
{
    private readonly Module _position;

    /// <summary>Builds the model with freshly initialised weights.</summary>
    /// <param name="vocabSize">Number of token ids; logits have this many classes.</param>
    /// <param name="dModel">Embedding and model size E; a multiple of <paramref name="numHeads"/>.</param>
    /// <param name="numHeads">Attention heads per block.</param>
    /// <param name="numLayers">Transformer blocks.</param>
    /// <param name="maxLength">Longest context (rows of the position table).</param>
    /// <param name="dimFeedforward">Feed-forward hidden size (default 4·dModel).</param>
    /// <param name="dropout">Dropout after the positions, in attention, in the feed-forward and on the residual branches.</param>
    /// <param name="learnedPositions">Learned position embeddings (GPT-2) rather than the sinusoidal table.</param>
    /// <param name="tieWeights">Use the token embedding's weight as the output head (no <c>lm_head</c>).</param>
    /// <param name="generator">Initialisation and dropout masks.</param>
    /// <exception cref="ArgumentException">A size is not positive, or dModel is not a multiple of numHeads.</exception>
    public CausalLanguageModel(int vocabSize, int dModel, int numHeads, int numLayers, int maxLength,
        int? dimFeedforward = null, double dropout = 0.1, bool learnedPositions = true, bool tieWeights = false,
        Generator? generator = null)
    {
        if (vocabSize <= 0 || numLayers <= 0 || maxLength <= 0)
            throw new ArgumentException(
                $"CausalLanguageModel: vocab_size, num_layers and max_length must be positive, got {vocabSize}, {numLayers}, {maxLength}.");
        VocabSize = vocabSize;
        NumHeads = numHeads;
        NumLayers = numLayers;
        DimFeedforward = dimFeedforward ?? 4 * dModel;
        DropoutP = dropout;
        LearnedPositions = learnedPositions;
        DModel = dModel;
        MaxLength = maxLength;
        TiedWeights = tieWeights;
        TokenEmbedding = RegisterModule("token_embedding", new TokenTable(vocabSize, dModel, generator));
        _position = learnedPositions
            ? RegisterModule("position", new LearnedPositionalEncoding(dModel, maxLength, dropout, batchFirst: true, generator: generator))
            : RegisterModule("position", new SinusoidalPositionalEncoding(dModel, dropout, maxLength, batchFirst: true, generator));
        var layers = new ModuleList();
        for (int i = 0; i < numLayers; i++)
            layers.Add(new TransformerEncoderLayer(dModel, numHeads, DimFeedforward, dropout, "gelu",
                batchFirst: true, normFirst: true, generator: generator));
        Layers = RegisterModule("layers", layers);
        Norm = RegisterModule("norm", new LayerNorm(dModel));
        if (!tieWeights)
            LmHead = RegisterModule("lm_head", new Linear(dModel, vocabSize, bias: false, generator: generator));
    }

    /// <summary>Number of token ids (the last dim of the logits).</summary>
    public int VocabSize { get; }

    /// <summary>Embedding and model size E.</summary>
    public int DModel { get; }

    /// <summary>Attention heads per block.</summary>
    public int NumHeads { get; }

    /// <summary>Number of transformer blocks.</summary>
    public int NumLayers { get; }

    /// <summary>Hidden size of each block's feed-forward network (default 4·dModel).</summary>
    public int DimFeedforward { get; }

    /// <summary>Dropout probability used throughout the model (training mode only).</summary>
    public double DropoutP { get; }

    /// <summary>Learned position embeddings (true) or the fixed sinusoidal table.</summary>
    public bool LearnedPositions { get; }

    /// <summary>The longest context the model sees; <see cref="Generate"/> crops to the last MaxLength tokens.</summary>
    public int MaxLength { get; }

    /// <summary>True when the output head reuses the token embedding's weight (GPT-2's weight tying).</summary>
    public bool TiedWeights { get; }

    /// <summary>The token embedding; its <c>Weight</c> [vocab, dModel] is also the head's weight when tied.</summary>
    public TokenTable TokenEmbedding { get; }

    /// <summary>The <see cref="TransformerEncoderLayer"/> blocks (<c>layers.{i}</c>), pre-norm, causal.</summary>
    public ModuleList Layers { get; }

    /// <summary>The LayerNorm after the last block (<c>norm</c>).</summary>
    public LayerNorm Norm { get; }

    /// <summary>The output head (null when tied to the embedding).</summary>
    public Linear? LmHead { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public CausalLanguageModelConfig Config => new(VocabSize, DModel, NumHeads, NumLayers, MaxLength, DimFeedforward, DropoutP, LearnedPositions, TiedWeights);

    /// <summary>A new layer from its arguments.</summary>
    public static CausalLanguageModel FromConfig(CausalLanguageModelConfig c) => new(c.VocabSize, c.DModel, c.NumHeads, c.NumLayers, c.MaxLength, c.DimFeedforward, c.Dropout, c.LearnedPositions, c.TieWeights);

    /// <summary>Logits [N, T, vocab] for int64 tokens [N, T] (T ≤ MaxLength).</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.DType != DType.Int64 || input.Rank != 2)
            throw new ArgumentException(
                $"CausalLanguageModel: input must be int64 token ids [N, T], got {input.DType.Name()} {ShapeMath.Format(input.Shape)}.");
        if (input.Shape[1] > MaxLength)
            throw new ArgumentException($"CausalLanguageModel: sequence length {input.Shape[1]} exceeds max_length {MaxLength}.");
        Tensor x = _position.Call(TokenEmbedding.Call(input));
        foreach (TransformerEncoderLayer layer in Layers.Cast<TransformerEncoderLayer>())
        {
            Tensor h = x;
            x = layer.Call(h, () => layer.Forward(h, null, null, isCausal: true), y => y);
        }
        x = Norm.Call(x);
        return LmHead is null ? x.Linear(TokenEmbedding.Weight) : LmHead.Call(x);
    }

    /// <summary>
    /// Extends <paramref name="prompt"/> ([N, T0] or [T0] int64) by <paramref name="maxNewTokens"/> sampled tokens and
    /// returns the whole sequence ([N, T0 + new] or [T0 + new]). Each step feeds the last MaxLength tokens, divides the
    /// last position's logits by <paramref name="temperature"/> (0 = greedy), keeps the <paramref name="topK"/> largest
    /// (if given) and samples from the softmax with <paramref name="generator"/>. Runs without gradients, in eval mode.
    /// </summary>
    public Tensor Generate(Tensor prompt, int maxNewTokens, double temperature = 1.0, int? topK = null, Generator? generator = null)
    {
        TokenSampler.Validate(prompt, temperature, topK, "CausalLanguageModel.Generate");
        var g = generator ?? Generator.Default;
        bool wasTraining = Training;
        Eval();
        try
        {
            Tensor ids = prompt.Rank == 1 ? prompt.Unsqueeze(0) : prompt;
            int n = ids.Shape[0];
            var rows = new List<long>[n];
            long[] flat = ids.ToArray<long>();
            int t0 = ids.Shape[1];
            for (int b = 0; b < n; b++)
                rows[b] = [.. flat.AsSpan(b * t0, t0)];
            var probabilities = new double[VocabSize];
            for (int step = 0; step < maxNewTokens; step++)
            {
                int len = Math.Min(rows[0].Count, MaxLength);
                var context = new long[n * len];
                for (int b = 0; b < n; b++)
                    rows[b].CopyTo(rows[b].Count - len, context, b * len, len);
                double[] logits;
                using (GradMode.NoGrad())
                using (new TensorScope())
                    logits = Forward(Tensor.FromArray(context, n, len)).Select(1, len - 1).ToDoubleArray();
                for (int b = 0; b < n; b++)
                    rows[b].Add(TokenSampler.Sample(logits.AsSpan(b * VocabSize, VocabSize), temperature, topK, g, probabilities));
            }
            long[] result = rows.SelectMany(r => r).ToArray();
            return prompt.Rank == 1 ? Tensor.FromArray(result, result.Length) : Tensor.FromArray(result, n, result.Length / n);
        }
        finally
        {
            Train(wasTraining);
        }
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"vocab_size={VocabSize}, d_model={DModel}, max_length={MaxLength}, tied={(TiedWeights ? "true" : "false")}";

    /// <summary>A lookup table of token vectors: ids [N, T] → [N, T, dModel]; parameter <c>weight</c> [vocab, dModel],
    /// initialised N(0, 0.02²) as GPT-2.</summary>
    public sealed class TokenTable : Module
    {
        /// <summary>A table of <paramref name="vocabSize"/> float32 vectors of size <paramref name="dModel"/>.</summary>
        public TokenTable(int vocabSize, int dModel, Generator? generator)
        {
            Weight = RegisterParameter("weight", Tensor.Zeros([vocabSize, dModel], DType.Float32));
            Init.Normal(Weight, 0, 0.02, generator);
        }

        /// <summary>[vocab, dModel].</summary>
        public Tensor Weight { get; }

        /// <inheritdoc/>
        public override Tensor Forward(Tensor input)
        {
            int[] shape = [.. input.ShapeArray(), Weight.Shape[1]];
            return Weight.IndexSelect(0, input.Reshape(-1)).Reshape(shape);
        }
    }
}

/// <summary>The arguments of <see cref="CausalLanguageModel"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record CausalLanguageModelConfig(int VocabSize, int DModel, int NumHeads, int NumLayers, int MaxLength, int DimFeedforward, double Dropout = 0.1, bool LearnedPositions = true, bool TieWeights = false);
