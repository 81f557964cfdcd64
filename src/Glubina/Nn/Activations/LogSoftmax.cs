using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Log-softmax along a dim.</summary>
public sealed class LogSoftmax(int dim = -1) : Module
{
    public int Dim { get; } = dim;

    protected override string ExtraRepr() => $"dim={Dim}";

    public override Tensor Forward(Tensor input) => input.LogSoftmax(Dim);
}
