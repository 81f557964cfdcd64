using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}
