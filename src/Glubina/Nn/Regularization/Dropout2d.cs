using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Channel dropout (PyTorch's nn.Dropout2d): in training, zeroes each whole channel of an [N, C, H, W] input
/// with probability p and scales the kept channels by 1/(1−p); identity in evaluation. A 3-D input is read as
/// [N, C, L] (channel-wise 1-D dropout), as PyTorch 1.13 does.
/// The mask comes from the given generator (default: <see cref="Generator.Default"/>).</summary>
public sealed class Dropout2d : DropoutBase, IConfigurable<Dropout2d, DropoutConfig>
{
    /// <summary>A channel-dropout layer zeroing channels with probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public Dropout2d(double p = 0.5, Generator? generator = null)
        : base("Dropout2d", p, generator)
    {
    }

    /// <summary>A new layer from its arguments.</summary>
    public static Dropout2d FromConfig(DropoutConfig c) => new(c.P);

    /// <inheritdoc/>
    private protected override void CheckInput(Tensor input)
    {
        if (input.Rank is not (3 or 4))
            throw new ArgumentException($"Dropout2d: expected input [N, C, H, W] or [N, C, L], got {ShapeMath.Format(input.Shape)}.");
    }

    // One draw per channel, broadcast over the plane.
    /// <inheritdoc/>
    private protected override int[] MaskShape(Tensor input) =>
        input.Rank == 4 ? [input.Size(0), input.Size(1), 1, 1] : [input.Size(0), input.Size(1), 1];
}
