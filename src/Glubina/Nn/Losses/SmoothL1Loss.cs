using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Smooth L1: 0.5·d²/β where |d| &lt; β, else |d| − 0.5·β (d = x − y), as PyTorch.</summary>
public sealed class SmoothL1Loss : Loss
{
    /// <summary>A smooth L1 loss with threshold <paramref name="beta"/> (0 gives the plain L1 loss).</summary>
    /// <exception cref="ArgumentOutOfRangeException">beta is negative.</exception>
    public SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) : base(reduction)
    {
        if (beta < 0)
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "SmoothL1Loss: beta must be non-negative.");
        Beta = beta;
    }

    /// <summary>Where the loss turns from quadratic to linear, in the targets' units (β).</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target)
    {
        RequireSameShape(input, target);
        Tensor d = input.Sub(target).Abs();
        if (Beta == 0)
            return Reduce(d);
        return Reduce(Tensor.Where(d.Lt(Beta), d.Mul(d).Mul(0.5 / Beta), d.Sub(0.5 * Beta)));
    }
}
