using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Binary cross-entropy on probabilities: −w·(y·log x + (1 − y)·log(1 − x)), with each log clamped at
/// −100 as PyTorch does so that x = 0 or 1 gives a finite loss.</summary>
public sealed class BceLoss(Reduction reduction = Reduction.Mean, Tensor? weight = null) : Loss(reduction)
{
    public Tensor? Weight { get; } = weight;

    public override Tensor Forward(Tensor input, Tensor target)
    {
        RequireSameShape(input, target);
        Tensor logX = input.Log().Clamp(min: -100);
        Tensor log1mX = input.Neg().Log1p().Clamp(min: -100);
        Tensor loss = target.Mul(logX).Add(target.Neg().Add(1).Mul(log1mX)).Neg();
        return Reduce(Weight is null ? loss : loss.Mul(Weight));
    }
}
