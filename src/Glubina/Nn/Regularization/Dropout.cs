using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>In training, zeroes each element with probability p and scales the rest by 1/(1−p); identity in
/// evaluation. The mask comes from the given generator (default: <see cref="Generator.Default"/>, so one
/// seed fixes initialisation, shuffling and dropout).</summary>
public sealed class Dropout : DropoutBase, IConfigurable<Dropout, DropoutConfig>
{
    /// <summary>A dropout layer zeroing elements with probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public Dropout(double p = 0.5, Generator? generator = null)
        : base("Dropout", p, generator)
    {
    }

    /// <summary>A new layer from its arguments.</summary>
    public static Dropout FromConfig(DropoutConfig c) => new(c.P);

    /// <inheritdoc/>
    private protected override int[] MaskShape(Tensor input) => input.ShapeArray();
}
