using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Binary cross-entropy on probabilities: −w·(y·log x + (1 − y)·log(1 − x)), with each log clamped at
/// −100 as PyTorch does so that x = 0 or 1 gives a finite loss, and PyTorch's gradient
/// w·(x − y)/max(x·(1 − x), 1e-12), which stays finite at x = 0 and 1 (a saturated sigmoid).</summary>
public sealed class BceLoss(Reduction reduction = Reduction.Mean, Tensor? weight = null) : Loss(reduction)
{
    /// <summary>Rescaling weight multiplied into each element's loss (broadcast to the input's shape), or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target)
    {
        RequireSameShape(input, target);
        // The value from the clamped logs. Differentiating through them would give 0·∞ = NaN at x = 0 or 1, so the
        // input's gradient comes from x·s − (x·s).Detach() instead: exactly 0 in value, slope s with respect to x.
        Tensor x = input.Detach();
        Tensor logX = x.Log().Clamp(min: -100);
        Tensor log1mX = x.Neg().Log1p().Clamp(min: -100);
        Tensor value = target.Mul(logX).Add(target.Neg().Add(1).Mul(log1mX)).Neg();
        Tensor slope = x.Sub(target.Detach()).Div(x.Mul(x.Neg().Add(1)).Clamp(min: 1e-12));
        Tensor attached = input.Mul(slope);
        Tensor loss = value.Add(attached.Sub(attached.Detach()));
        return Reduce(Weight is null ? loss : loss.Mul(Weight));
    }
}
