using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Mean squared error, (x − y)².</summary>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target)
    {
        RequireSameShape(input, target);
        Tensor d = input.Sub(target);
        return Reduce(d.Mul(d));
    }
}
