using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Sigmoid and binary cross-entropy in one stable expression:
/// (1 − y)·x + (1 + (p − 1)·y)·(log(1 + e^−|x|) + max(−x, 0)), with p the per-class positive weight (1 when
/// none), as PyTorch's BCEWithLogitsLoss.</summary>
public sealed class BceWithLogitsLoss(Reduction reduction = Reduction.Mean, Tensor? weight = null, Tensor? posWeight = null) : Loss(reduction)
{
    /// <summary>Rescaling weight multiplied into each element's loss (broadcast to the input's shape), or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>Weight of the positive examples per class, broadcast over the last dim (PyTorch's pos_weight; above 1 raises
    /// recall), or null for 1.</summary>
    public Tensor? PosWeight { get; } = posWeight;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target)
    {
        RequireSameShape(input, target);
        Tensor softTerm = input.Abs().Neg().Exp().Log1p().Add(input.Neg().Relu());   // log(1 + e^−|x|) + max(−x, 0)
        Tensor coefficient = PosWeight is null ? Tensor.Scalar(1, input.DType) : target.Mul(PosWeight.Sub(1)).Add(1);
        Tensor loss = target.Neg().Add(1).Mul(input).Add(coefficient.Mul(softTerm));
        return Reduce(Weight is null ? loss : loss.Mul(Weight));
    }
}
