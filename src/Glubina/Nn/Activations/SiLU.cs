using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>SiLU / swish, x·σ(x).</summary>
public sealed class SiLU : ArgumentFreeLayer<SiLU>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Silu();
}
