using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Gaussian error linear unit; approximate "none" (erf) or "tanh".</summary>
public sealed class GELU(string approximate = "none") : Module
{
    public string Approximate { get; } = approximate;

    protected override string ExtraRepr() => $"approximate={Approximate}";

    public override Tensor Forward(Tensor input) => input.Gelu(Approximate);
}
