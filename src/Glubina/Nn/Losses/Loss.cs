using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Base of the loss functions: (input, target) → loss, reduced as <see cref="Reduction"/> says.</summary>
public abstract class Loss(Reduction reduction)
{
    /// <summary>How the per-element losses are combined into the result.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>Computes the loss of <paramref name="input"/> (predictions, logits…) against <paramref name="target"/>.</summary>
    public abstract Tensor Forward(Tensor input, Tensor target);

    /// <summary>Applies the reduction to per-element losses.</summary>
    protected Tensor Reduce(Tensor perElement) => Reduction switch
    {
        Reduction.Mean => perElement.Mean(),
        Reduction.Sum => perElement.Sum(),
        _ => perElement,
    };

    /// <summary>Checks that input and target have the same shape (the regression losses need it).</summary>
    protected void RequireSameShape(Tensor input, Tensor target)
    {
        if (!input.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException(
                $"{GetType().Name}: input {ShapeMath.Format(input.Shape)} and target {ShapeMath.Format(target.Shape)} must have the same shape.");
        if (input.DType != target.DType)
            throw new ArgumentException(
                $"{GetType().Name}: input is {input.DType.Name()} but target is {target.DType.Name()}; convert the target with To({input.DType}).");
    }
}
