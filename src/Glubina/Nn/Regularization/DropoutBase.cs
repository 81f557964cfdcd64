using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>What <see cref="Dropout"/> and <see cref="Dropout2d"/> share: the probability, the generator, identity in
/// evaluation, and a mask of kept elements scaled by 1/(1−p); they differ in the mask's shape.</summary>
public abstract class DropoutBase : Module
{
    private readonly Generator? _generator;

    private protected DropoutBase(string layer, double p, Generator? generator)
    {
        if (p < 0 || p > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{layer}: p must be in [0, 1].");
        P = p;
        _generator = generator;
    }

    /// <summary>Probability that an element (or, for <see cref="Dropout2d"/>, a whole channel) is zeroed in training
    /// (0 = identity, 1 = all zeros).</summary>
    public double P { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public DropoutConfig Config => new(P);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        if (!Training || P == 0)
            return input;
        if (P == 1)
            return input.Mul(0.0);
        return input.Mul(Tensor.DropoutMask(MaskShape(input), 1 - P, _generator, input.DType));
    }

    /// <summary>Throws for an input the layer does not take.</summary>
    private protected virtual void CheckInput(Tensor input)
    {
    }

    /// <summary>The shape of one mask draw, broadcast over the input.</summary>
    private protected abstract int[] MaskShape(Tensor input);

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"p={P}");
}

/// <summary>The arguments of <see cref="Dropout"/> and <see cref="Dropout2d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record DropoutConfig(double P = 0.5);
