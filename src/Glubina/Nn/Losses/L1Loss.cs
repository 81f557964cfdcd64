using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Mean absolute error, |x − y|.</summary>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target)
    {
        RequireSameShape(input, target);
        return Reduce(input.Sub(target).Abs());
    }
}
