using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// A recurrent language model (char-rnn style): token embedding → a multi-layer LSTM or GRU (batch-first) →
/// dropout → linear head to the vocabulary. Tokens [N, T] int64 → logits [N, T, vocab]. State-dict keys:
/// <c>embedding.weight</c>, <c>rnn.weight_ih_l0</c>… (PyTorch's nn.LSTM/nn.GRU names), <c>head.weight</c>,
/// <c>head.bias</c>. <see cref="Generate"/> carries the recurrent state from token to token, so sampling costs one
/// step per new token whatever the context length.
/// </summary>
public sealed class RecurrentLanguageModel : Module, IConfigurable<RecurrentLanguageModel, RecurrentLanguageModelConfig>
{
    private readonly Dropout _dropout;

    /// <summary>A model whose recurrent part is an LSTM (cell "lstm") or a GRU (cell "gru"), with dropout between layers and before the head.</summary>
    public RecurrentLanguageModel(int vocabSize, int embeddingDim, int hiddenSize, int numLayers = 1, string cell = "lstm",
        double dropout = 0.0, Generator? generator = null)
    {
        if (vocabSize <= 0 || embeddingDim <= 0 || hiddenSize <= 0 || numLayers <= 0)
            throw new ArgumentException(
                $"RecurrentLanguageModel: vocab_size, embedding_dim, hidden_size and num_layers must be positive, got {vocabSize}, {embeddingDim}, {hiddenSize}, {numLayers}.");
        Cell = cell.ToLowerInvariant();
        VocabSize = vocabSize;
        DropoutP = dropout;
        Embedding = RegisterModule("embedding", new Embedding(vocabSize, embeddingDim, generator: generator));
        Rnn = RegisterModule<RecurrentBase>("rnn", Cell switch
        {
            "lstm" => new Lstm(embeddingDim, hiddenSize, numLayers, batchFirst: true, dropout: dropout, generator: generator),
            "gru" => new Gru(embeddingDim, hiddenSize, numLayers, batchFirst: true, dropout: dropout, generator: generator),
            _ => throw new ArgumentException($"RecurrentLanguageModel: cell must be \"lstm\" or \"gru\", got \"{cell}\".", nameof(cell)),
        });
        _dropout = RegisterModule("dropout", new Dropout(dropout));
        Head = RegisterModule("head", new Linear(hiddenSize, vocabSize, generator: generator));
    }

    /// <summary>"lstm" or "gru".</summary>
    public string Cell { get; }

    /// <summary>Number of token ids (the last dim of the logits).</summary>
    public int VocabSize { get; }

    /// <summary>Dropout probability between recurrent layers and before the head (training mode only).</summary>
    public double DropoutP { get; }

    /// <summary>The token embedding (<c>embedding</c>), weight [vocab, embeddingDim].</summary>
    public Embedding Embedding { get; }

    /// <summary>The recurrent network (<c>rnn</c>): an <see cref="Lstm"/> or a <see cref="Gru"/>, batch-first.</summary>
    public RecurrentBase Rnn { get; }

    /// <summary>The output projection hidden → vocab (<c>head</c>).</summary>
    public Linear Head { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public RecurrentLanguageModelConfig Config => new(VocabSize, Embedding.EmbeddingDim, Rnn.HiddenSize, Rnn.NumLayers, Cell, DropoutP);

    /// <summary>A new layer from its arguments.</summary>
    public static RecurrentLanguageModel FromConfig(RecurrentLanguageModelConfig c) => new(c.VocabSize, c.EmbeddingDim, c.HiddenSize, c.NumLayers, c.Cell, c.Dropout);

    /// <summary>Logits [N, T, vocab] for int64 tokens [N, T], starting from a zero state.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null).Logits;

    /// <summary>Logits [N, T, vocab] and the final state, starting from <paramref name="state"/> (null: zeros).</summary>
    public (Tensor Logits, RnnOutput State) Forward(Tensor input, RnnOutput? state)
    {
        if (input.DType != DType.Int64 || input.Rank != 2)
            throw new ArgumentException(
                $"RecurrentLanguageModel: input must be int64 token ids [N, T], got {input.DType.Name()} {ShapeMath.Format(input.Shape)}.");
        Tensor x = Embedding.Call(input);
        RnnOutput output = Rnn is Lstm lstm
            ? lstm.Call(x, () => lstm.Forward(x, state?.HN, state?.CN), r => r.Output)
            : Rnn.Call(x, () => ((Gru)Rnn).Forward(x, state?.HN), r => r.Output);
        return (Head.Call(_dropout.Call(output.Output)), output);
    }

    /// <summary>
    /// Extends <paramref name="prompt"/> ([N, T0] or [T0] int64) by <paramref name="maxNewTokens"/> sampled tokens and
    /// returns the whole sequence. The prompt is read once; each new token is one recurrent step. Sampling as
    /// <see cref="TokenSampler"/> (temperature 0 = greedy, optional top-k). Runs without gradients, in eval mode.
    /// </summary>
    public Tensor Generate(Tensor prompt, int maxNewTokens, double temperature = 1.0, int? topK = null, Generator? generator = null)
    {
        TokenSampler.Validate(prompt, temperature, topK, "RecurrentLanguageModel.Generate");
        var g = generator ?? Generator.Default;
        bool wasTraining = Training;
        Eval();
        try
        {
            using var noGrad = GradMode.NoGrad();
            Tensor ids = prompt.Rank == 1 ? prompt.Unsqueeze(0) : prompt;
            int n = ids.Shape[0], t0 = ids.Shape[1];
            var result = new long[n, t0 + maxNewTokens];
            long[] flat = ids.ToArray<long>();
            for (int b = 0; b < n; b++)
                for (int t = 0; t < t0; t++)
                    result[b, t] = flat[b * t0 + t];
            var scratch = new double[VocabSize];
            (Tensor logits, RnnOutput state) = Forward(ids, null);
            var next = new long[n];
            for (int step = 0; step < maxNewTokens; step++)
            {
                double[] last = logits.Select(1, logits.Shape[1] - 1).ToDoubleArray();
                for (int b = 0; b < n; b++)
                    result[b, t0 + step] = next[b] = TokenSampler.Sample(last.AsSpan(b * VocabSize, VocabSize), temperature, topK, g, scratch);
                if (step + 1 < maxNewTokens)
                    (logits, state) = Forward(Tensor.FromArray((long[])next.Clone(), n, 1), state);
            }
            long[] all = new long[result.Length];
            Buffer.BlockCopy(result, 0, all, 0, all.Length * sizeof(long));
            return prompt.Rank == 1 ? Tensor.FromArray(all, all.Length) : Tensor.FromArray(all, n, t0 + maxNewTokens);
        }
        finally
        {
            Train(wasTraining);
        }
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"cell={Cell}, vocab_size={VocabSize}";
}

/// <summary>The arguments of <see cref="RecurrentLanguageModel"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record RecurrentLanguageModelConfig(int VocabSize, int EmbeddingDim, int HiddenSize, int NumLayers = 1, string Cell = "lstm", double Dropout = 0.0);
