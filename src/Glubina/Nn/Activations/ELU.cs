using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>x for x > 0, alpha·(eˣ − 1) otherwise.</summary>
public sealed class ELU(double alpha = 1.0) : Module
{
    public double Alpha { get; } = alpha;

    protected override string ExtraRepr() => FormattableString.Invariant($"alpha={Alpha}");

    public override Tensor Forward(Tensor input) => input.Elu(Alpha);
}
