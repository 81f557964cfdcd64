using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Negative log-likelihood of log-probabilities [N, C] (or [N, C, d…]) at int64 class targets [N]
/// (or [N, d…]): −w[y]·x[y]. Targets equal to <c>ignoreIndex</c> contribute nothing; the mean divides by the sum
/// of the weights of the counted targets, as PyTorch.</summary>
public sealed class NllLoss(Reduction reduction = Reduction.Mean, Tensor? weight = null, long ignoreIndex = -100) : Loss(reduction)
{
    /// <summary>Per-class weights [C], or null for 1 each.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>Target index whose samples contribute nothing to the loss or the mean's denominator (PyTorch's ignore_index, −100 by default).</summary>
    public long IgnoreIndex { get; } = ignoreIndex;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        ClassTargets.NegativeLogLikelihood(GetType().Name, input, target, Weight, IgnoreIndex, Reduction);
}
