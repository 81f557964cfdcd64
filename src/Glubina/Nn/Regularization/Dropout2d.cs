using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Channel dropout (PyTorch's nn.Dropout2d): in training, zeroes each whole channel of an [N, C, H, W] input
/// with probability p and scales the kept channels by 1/(1−p); identity in evaluation. A 3-D input is read as
/// [N, C, L] (channel-wise 1-D dropout), as PyTorch 1.13 does.
/// The mask comes from the given generator (default: <see cref="Generator.Default"/>).</summary>
public sealed class Dropout2d : Module, IConfigurable<Dropout2d, Dropout2dConfig>
{
    private readonly Generator? _generator;

    /// <summary>A channel-dropout layer zeroing channels with probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public Dropout2d(double p = 0.5, Generator? generator = null)
    {
        if (p < 0 || p > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout2d: p must be in [0, 1].");
        P = p;
        _generator = generator;
    }

    /// <summary>Probability that a whole channel is zeroed in training (0 = identity, 1 = all zeros).</summary>
    public double P { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public Dropout2dConfig Config => new(P);

    /// <summary>A new layer from its arguments.</summary>
    public static Dropout2d FromConfig(Dropout2dConfig c) => new(c.P);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank is not (3 or 4))
            throw new ArgumentException($"Dropout2d: expected input [N, C, H, W] or [N, C, L], got {ShapeMath.Format(input.Shape)}.");
        if (!Training || P == 0)
            return input;
        if (P == 1)
            return input.Mul(0.0);
        // One draw per channel, broadcast over the plane.
        int[] maskShape = input.Rank == 4 ? [input.Size(0), input.Size(1), 1, 1] : [input.Size(0), input.Size(1), 1];
        return input.Mul(Tensor.DropoutMask(maskShape, 1 - P, _generator, input.DType));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"p={P}");
}

/// <summary>The arguments of <see cref="Dropout2d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record Dropout2dConfig(double P = 0.5);
