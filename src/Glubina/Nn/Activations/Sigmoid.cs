using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Logistic sigmoid, 1/(1+e^−x).</summary>
public sealed class Sigmoid : ArgumentFreeLayer<Sigmoid>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
