using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Softmax along a dim.</summary>
public sealed class Softmax(int dim = -1) : Module
{
    public int Dim { get; } = dim;

    protected override string ExtraRepr() => $"dim={Dim}";

    public override Tensor Forward(Tensor input) => input.Softmax(Dim);
}
