using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>x for x > 0, negativeSlope·x otherwise.</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module
{
    public double NegativeSlope { get; } = negativeSlope;

    protected override string ExtraRepr() => FormattableString.Invariant($"negative_slope={NegativeSlope}");

    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
}
