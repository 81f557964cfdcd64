using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>
/// Cutout (torchvision <c>RandomErasing</c>, Zhong et al. 2017): with probability <see cref="P"/>, a rectangle whose
/// area is a fraction U(<see cref="MinScale"/>, <see cref="MaxScale"/>) of the image and whose aspect ratio h/w is
/// log-uniform in (<see cref="MinRatio"/>, <see cref="MaxRatio"/>) is set to <see cref="Value"/> in every channel
/// (or to standard-normal noise when <see cref="RandomValue"/>). As torchvision, up to 10 draws are made for a
/// rectangle that fits; when none fits the image is left unchanged.
/// </summary>
public sealed class RandomErasing : IImageTransform
{
    /// <param name="p">Probability that an image gets a rectangle erased, in [0, 1].</param>
    /// <param name="scale">Range of the rectangle's area as a fraction of the image area, within [0, 1]; default (0.02, 0.33).</param>
    /// <param name="ratio">Range of the rectangle's aspect ratio height / width, positive; default (0.3, 3.3).</param>
    /// <param name="value">Value written into the rectangle in every channel.</param>
    /// <param name="randomValue">Fill the rectangle with N(0, 1) noise instead of <paramref name="value"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException"><paramref name="scale"/> or <paramref name="ratio"/> is not a valid range.</exception>
    public RandomErasing(double p = 0.5, (double Min, double Max)? scale = null, (double Min, double Max)? ratio = null,
        float value = 0, bool randomValue = false)
    {
        var (s0, s1) = scale ?? (0.02, 0.33);
        var (r0, r1) = ratio ?? (0.3, 3.3);
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"RandomErasing: p must be in [0, 1], got {p}.");
        if (!(s0 >= 0 && s1 >= s0 && s1 <= 1))
            throw new ArgumentException($"RandomErasing: scale must be a range 0 ≤ min ≤ max ≤ 1, got ({s0}, {s1}).", nameof(scale));
        if (!(r0 > 0 && r1 >= r0) || !double.IsFinite(r1))
            throw new ArgumentException($"RandomErasing: ratio must be a range 0 < min ≤ max, got ({r0}, {r1}).", nameof(ratio));
        P = p;
        MinScale = s0;
        MaxScale = s1;
        MinRatio = r0;
        MaxRatio = r1;
        Value = value;
        RandomValue = randomValue;
    }

    /// <summary>Probability that an image gets a rectangle erased.</summary>
    public double P { get; }

    /// <summary>Smallest area of the rectangle, as a fraction of the image area.</summary>
    public double MinScale { get; }

    /// <summary>Largest area of the rectangle, as a fraction of the image area.</summary>
    public double MaxScale { get; }

    /// <summary>Smallest aspect ratio (height / width) of the rectangle.</summary>
    public double MinRatio { get; }

    /// <summary>Largest aspect ratio (height / width) of the rectangle.</summary>
    public double MaxRatio { get; }

    /// <summary>Value written into the rectangle in every channel (unless <see cref="RandomValue"/>).</summary>
    public float Value { get; }

    /// <summary>Fill the rectangle with N(0, 1) noise instead of <see cref="Value"/> (torchvision <c>value="random"</c>).</summary>
    public bool RandomValue { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var img = ImageData.From(image, "RandomErasing");
        if (generator.NextDouble() >= P)
            return img.ToTensor();
        if (FindBox(img.Height, img.Width, generator) is not var (top, left, h, w))
            return img.ToTensor();
        for (int c = 0; c < img.Channels; c++)
            for (int y = top; y < top + h; y++)
            {
                int o = c * img.Plane + y * img.Width;
                for (int x = left; x < left + w; x++)
                    img.Pixels[o + x] = RandomValue ? (float)generator.NextNormal() : Value;
            }
        return img.ToTensor();
    }

    /// <summary>The rectangle (top, left, height, width) that a draw picks for an image of the given size, or null.</summary>
    public (int Top, int Left, int Height, int Width)? FindBox(int height, int width, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        double area = (double)height * width;
        double logR0 = Math.Log(MinRatio), logR1 = Math.Log(MaxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (MinScale + (MaxScale - MinScale) * generator.NextDouble());
            double aspect = Math.Exp(logR0 + (logR1 - logR0) * generator.NextDouble());
            int h = (int)Math.Round(Math.Sqrt(target * aspect));
            int w = (int)Math.Round(Math.Sqrt(target / aspect));
            if (h < 1 || w < 1 || h >= height || w >= width)
                continue;
            int top = (int)generator.NextInt64(0, height - h + 1);
            int left = (int)generator.NextInt64(0, width - w + 1);
            return (top, left, h, w);
        }
        return null;
    }
}
