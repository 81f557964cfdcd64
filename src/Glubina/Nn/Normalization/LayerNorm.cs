using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Layer normalisation over the last dims (normalizedShape) with the biased variance,
/// then an elementwise affine map (<c>weight</c>, <c>bias</c> of that shape), as PyTorch.</summary>
public sealed class LayerNorm : Module, IConfigurable<LayerNorm, LayerNormConfig>
{
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: normalizedShape must be non-empty and positive, got {ShapeMath.Format(normalizedShape)}.");
        NormalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(normalizedShape));
            Bias = RegisterParameter("bias", Tensor.Zeros(normalizedShape));
        }
    }

    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
        : this([normalizedShape], eps, elementwiseAffine)
    {
    }

    public int[] NormalizedShape { get; }

    public double Eps { get; }

    public Tensor? Weight { get; }

    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public LayerNormConfig Config => new(NormalizedShape, Eps, Weight is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static LayerNorm FromConfig(LayerNormConfig c) => new(c.NormalizedShape, c.Eps, c.ElementwiseAffine);

    public override Tensor Forward(Tensor input)
    {
        int k = NormalizedShape.Length;
        if (input.Rank < k || !input.Shape[^k..].SequenceEqual(NormalizedShape))
            throw new ArgumentException(
                $"LayerNorm({ShapeMath.Format(NormalizedShape)}): the input's last dims must be {ShapeMath.Format(NormalizedShape)}, got {ShapeMath.Format(input.Shape)}.");
        return input.LayerNorm(NormalizedShape, Weight, Bias, Eps);
    }

    protected override string ExtraRepr() => FormattableString.Invariant($"{ShapeMath.Format(NormalizedShape)}, eps={Eps}, elementwise_affine={(Weight is not null ? "true" : "false")}");
}

/// <summary>The arguments of <see cref="LayerNorm"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record LayerNormConfig(int[] NormalizedShape, double Eps = 1e-5, bool ElementwiseAffine = true);
