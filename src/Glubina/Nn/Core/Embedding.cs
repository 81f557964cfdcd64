using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// A lookup table of <c>num_embeddings</c> vectors of size <c>embedding_dim</c>, as nn.Embedding: int64 indices of
/// any shape [...] → [..., embedding_dim]. <c>weight</c> [num_embeddings, embedding_dim] starts N(0, 1) with the
/// padding row (if any) zero; the padding row never receives a gradient. The backward is one scatter-add of rows.
/// </summary>
public sealed class Embedding : Module, IConfigurable<Embedding, EmbeddingConfig>
{
    /// <param name="numEmbeddings">Size of the vocabulary.</param>
    /// <param name="embeddingDim">Size of each vector.</param>
    /// <param name="paddingIdx">Row that stays zero and gets no gradient; negative counts from the end, as PyTorch.</param>
    /// <param name="generator">Initialisation stream (default <see cref="Generator.Default"/>).</param>
    /// <param name="dtype">Float32 or Float64.</param>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null, DType? dtype = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentException(
                $"Embedding: num_embeddings and embedding_dim must be positive, got {numEmbeddings} and {embeddingDim}.");
        if (paddingIdx is int p)
        {
            if (p < -numEmbeddings || p >= numEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p,
                    $"Embedding: padding_idx must be within [{-numEmbeddings}, {numEmbeddings - 1}].");
            PaddingIdx = p < 0 ? p + numEmbeddings : p;
        }
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Tensor w = Tensor.Normal([numEmbeddings, embeddingDim], 0, 1, generator, dtype);
        if (PaddingIdx is int pad)
            w.Select(0, pad).FillInPlace(0);
        Weight = RegisterParameter("weight", w);
    }

    /// <summary>Number of rows, the vocabulary size; valid indices are 0..NumEmbeddings−1.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Size of each vector, the last dim of the output.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The padding row (non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>[num_embeddings, embedding_dim].</summary>
    public Tensor Weight { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public EmbeddingConfig Config => new(NumEmbeddings, EmbeddingDim, PaddingIdx);

    /// <summary>A new layer from its arguments.</summary>
    public static Embedding FromConfig(EmbeddingConfig c) => new(c.NumEmbeddings, c.EmbeddingDim, c.PaddingIdx);

    /// <summary>indices: int64 [...] → [..., embedding_dim].</summary>
    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that a bad index is reported as this layer's error.
        Tensor.CheckEmbeddingIndices($"Embedding({NumEmbeddings}, {EmbeddingDim})", input, Weight);
        return input.Embedding(Weight, PaddingIdx);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIdx is int p ? $", padding_idx={p}" : "");
}

/// <summary>The arguments of <see cref="Embedding"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record EmbeddingConfig(int NumEmbeddings, int EmbeddingDim, int? PaddingIdx = null);
