using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b; x: [..., in] → y: [..., out]. Parameters as PyTorch: <c>weight</c>
/// [out, in] and <c>bias</c> [out], initialised like nn.Linear (Kaiming-uniform with a = √5, bias
/// U(−1/√in, 1/√in)), so weights move both ways.
/// </summary>
public sealed class Linear : Module, IConfigurable<Linear, LinearConfig>
{
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null, DType? dtype = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: feature counts must be positive, got in={inFeatures}, out={outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Zeros([outFeatures, inFeatures], dtype));
        Init.KaimingUniform(Weight, a: Math.Sqrt(5), generator: generator);
        if (bias)
        {
            double bound = 1 / Math.Sqrt(inFeatures);
            Bias = RegisterParameter("bias", Tensor.Zeros([outFeatures], dtype));
            Init.Uniform(Bias, -bound, bound, generator);
        }
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public LinearConfig Config => new(InFeatures, OutFeatures, Bias is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static Linear FromConfig(LinearConfig c) => new(c.InFeatures, c.OutFeatures, c.Bias);

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank == 0 || input.Shape[^1] != InFeatures)
            throw new ArgumentException(
                $"Linear(in_features={InFeatures}): the input's last dim must be {InFeatures}, got shape {ShapeMath.Format(input.Shape)}.");
        return input.Linear(Weight, Bias);
    }

    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape) =>
        (long)ShapeMath.Numel(outputShape) * InFeatures;

    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is not null ? "true" : "false")}";
}

/// <summary>The arguments of <see cref="Linear"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record LinearConfig(int InFeatures, int OutFeatures, bool Bias = true);
