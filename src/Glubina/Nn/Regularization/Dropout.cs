using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>In training, zeroes each element with probability p and scales the rest by 1/(1−p); identity in
/// evaluation. The mask comes from the given generator (default: <see cref="Generator.Default"/>, so one
/// seed fixes initialisation, shuffling and dropout).</summary>
public sealed class Dropout : Module, IConfigurable<Dropout, DropoutConfig>
{
    private readonly Generator? _generator;

    /// <summary>A dropout layer zeroing elements with probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (p < 0 || p > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: p must be in [0, 1].");
        P = p;
        _generator = generator;
    }

    /// <summary>Probability that an element is zeroed in training (0 = identity, 1 = all zeros).</summary>
    public double P { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public DropoutConfig Config => new(P);

    /// <summary>A new layer from its arguments.</summary>
    public static Dropout FromConfig(DropoutConfig c) => new(c.P);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (!Training || P == 0)
            return input;
        if (P == 1)
            return input.Mul(0.0);
        return input.Mul(Tensor.DropoutMask(input.ShapeArray(), 1 - P, _generator, input.DType));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"p={P}");
}

/// <summary>The arguments of <see cref="Dropout"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record DropoutConfig(double P = 0.5);
