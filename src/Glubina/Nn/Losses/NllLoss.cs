using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Negative log-likelihood of log-probabilities [N, C] (or [N, C, d…]) at int64 class targets [N]
/// (or [N, d…]): −w[y]·x[y]. Targets equal to <c>ignoreIndex</c> contribute nothing; the mean divides by the sum
/// of the weights of the counted targets, as PyTorch.</summary>
public sealed class NllLoss(Reduction reduction = Reduction.Mean, Tensor? weight = null, long ignoreIndex = -100) : Loss(reduction)
{
    public Tensor? Weight { get; } = weight;

    public long IgnoreIndex { get; } = ignoreIndex;

    public override Tensor Forward(Tensor input, Tensor target) =>
        ClassTargets.NegativeLogLikelihood(GetType().Name, input, target, Weight, IgnoreIndex, Reduction);
}
