using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Huber loss: 0.5·d² where |d| ≤ δ, else δ·(|d| − 0.5·δ) (d = x − y), as PyTorch.</summary>
public sealed class HuberLoss : Loss
{
    /// <summary>A Huber loss with threshold <paramref name="delta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">delta is not positive.</exception>
    public HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) : base(reduction)
    {
        if (delta <= 0)
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "HuberLoss: delta must be positive.");
        Delta = delta;
    }

    /// <summary>Where the loss turns from quadratic to linear, in the targets' units (δ).</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target)
    {
        RequireSameShape(input, target);
        Tensor d = input.Sub(target).Abs();
        return Reduce(Tensor.Where(d.Le(Delta), d.Mul(d).Mul(0.5), d.Sub(0.5 * Delta).Mul(Delta)));
    }
}
