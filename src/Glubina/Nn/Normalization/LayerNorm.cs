using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Layer normalisation over the last dims (normalizedShape) with the biased variance,
/// then an elementwise affine map (<c>weight</c>, <c>bias</c> of that shape), as PyTorch.</summary>
public sealed class LayerNorm : Module, IConfigurable<LayerNorm, LayerNormConfig>
{
    /// <summary>Normalises over several trailing dims.</summary>
    /// <param name="normalizedShape">The trailing dims, e.g. [E] or [H, W].</param>
    /// <param name="eps">Added to the variance under the square root.</param>
    /// <param name="elementwiseAffine">Learn <c>weight</c> (init 1) and <c>bias</c> (init 0) of shape normalizedShape.</param>
    /// <exception cref="ArgumentException">normalizedShape is empty or has a non-positive size.</exception>
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

    /// <summary>Normalises over the last dim, of size <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
        : this([normalizedShape], eps, elementwiseAffine)
    {
    }

    /// <summary>The trailing dims normalised over; the input's last dims must equal them.</summary>
    public int[] NormalizedShape { get; }

    /// <summary>Added to the variance under the square root, for stability.</summary>
    public double Eps { get; }

    /// <summary>Scale of shape <see cref="NormalizedShape"/> (init 1), or null without elementwise affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift of shape <see cref="NormalizedShape"/> (init 0), or null without elementwise affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public LayerNormConfig Config => new(NormalizedShape, Eps, Weight is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static LayerNorm FromConfig(LayerNormConfig c) => new(c.NormalizedShape, c.Eps, c.ElementwiseAffine);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        int k = NormalizedShape.Length;
        if (input.Rank < k || !input.Shape[^k..].SequenceEqual(NormalizedShape))
            throw new ArgumentException(
                $"LayerNorm({ShapeMath.Format(NormalizedShape)}): the input's last dims must be {ShapeMath.Format(NormalizedShape)}, got {ShapeMath.Format(input.Shape)}.");
        return input.LayerNorm(NormalizedShape, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"{ShapeMath.Format(NormalizedShape)}, eps={Eps}, elementwise_affine={(Weight is not null ? "true" : "false")}");
}

/// <summary>The arguments of <see cref="LayerNorm"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record LayerNormConfig(int[] NormalizedShape, double Eps = 1e-5, bool ElementwiseAffine = true);
