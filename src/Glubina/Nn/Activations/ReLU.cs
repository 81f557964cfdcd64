using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Rectified linear unit, max(0, x).</summary>
public sealed class ReLU : ArgumentFreeLayer<ReLU>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Relu();
}
