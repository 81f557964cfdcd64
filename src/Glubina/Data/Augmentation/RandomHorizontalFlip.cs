using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>Mirrors the image left–right with probability <see cref="P"/> (torchvision <c>RandomHorizontalFlip</c>).</summary>
public sealed class RandomHorizontalFlip : IImageTransform
{
    /// <param name="p">Probability of a flip, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public RandomHorizontalFlip(double p = 0.5)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"RandomHorizontalFlip: p must be in [0, 1], got {p}.");
        P = p;
    }

    /// <summary>Probability of a flip.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var src = ImageData.From(image, "RandomHorizontalFlip");
        // One draw per image whatever p is, so the stream does not depend on p.
        bool flip = generator.NextDouble() < P;
        return flip ? Flip(src).ToTensor() : src.ToTensor();
    }

    /// <summary>The image mirrored left–right.</summary>
    public static Tensor Flip(Tensor image) => Flip(ImageData.From(image, "RandomHorizontalFlip.Flip")).ToTensor();

    private static ImageData Flip(ImageData src)
    {
        var dst = ImageData.Empty(src.Channels, src.Height, src.Width);
        int rows = src.Channels * src.Height, w = src.Width;
        for (int r = 0; r < rows; r++)
        {
            int o = r * w;
            for (int x = 0; x < w; x++)
                dst.Pixels[o + x] = src.Pixels[o + w - 1 - x];
        }
        return dst;
    }
}
