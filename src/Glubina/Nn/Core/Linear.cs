using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b; x: [..., in] → y: [..., out]. Parameters as PyTorch: <c>weight</c>
/// [out, in] and <c>bias</c> [out], initialised like nn.Linear (Kaiming-uniform with a = √5, bias
/// U(−1/√in, 1/√in)), so weights move both ways.
/// </summary>
public sealed class Linear : Module, IConfigurable<Linear, LinearConfig>
{
    /// <summary>A fully connected layer with freshly initialised weights.</summary>
    /// <param name="inFeatures">Size of each input sample (the input's last dim).</param>
    /// <param name="outFeatures">Size of each output sample.</param>
    /// <param name="bias">Learn an additive bias.</param>
    /// <param name="generator">Initialisation stream (default <see cref="Generator.Default"/>).</param>
    /// <param name="dtype">Parameter dtype (default <see cref="Tensor.DefaultDType"/>).</param>
    /// <exception cref="ArgumentException">A feature count is not positive.</exception>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null, DType? dtype = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: feature counts must be positive, got in={inFeatures}, out={outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Zeros([outFeatures, inFeatures], dtype));
        if (bias)
            Bias = RegisterParameter("bias", Tensor.Zeros([outFeatures], dtype));
        Init.LinearDefault(Weight, Bias, generator);
    }

    /// <summary>Size of the input's last dim (PyTorch's in_features).</summary>
    public int InFeatures { get; }

    /// <summary>Size of the output's last dim (PyTorch's out_features).</summary>
    public int OutFeatures { get; }

    /// <summary>[out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null without bias.</summary>
    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public LinearConfig Config => new(InFeatures, OutFeatures, Bias is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static Linear FromConfig(LinearConfig c) => new(c.InFeatures, c.OutFeatures, c.Bias);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank == 0 || input.Shape[^1] != InFeatures)
            throw new ArgumentException(
                $"Linear(in_features={InFeatures}): the input's last dim must be {InFeatures}, got shape {ShapeMath.Format(input.Shape)}.");
        return input.Linear(Weight, Bias);
    }

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape) =>
        (long)ShapeMath.Numel(outputShape) * InFeatures;

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is not null ? "true" : "false")}";
}

/// <summary>The arguments of <see cref="Linear"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record LinearConfig(int InFeatures, int OutFeatures, bool Bias = true);
