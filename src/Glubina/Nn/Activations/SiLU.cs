using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>SiLU / swish, x·σ(x).</summary>
public sealed class SiLU : Module
{
    public override Tensor Forward(Tensor input) => input.Silu();
}
