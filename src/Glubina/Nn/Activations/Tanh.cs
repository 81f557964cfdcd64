using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : ArgumentFreeLayer<Tanh>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Tanh();
}
