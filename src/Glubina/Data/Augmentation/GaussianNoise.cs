using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>
/// Adds independent normal noise N(<see cref="Mean"/>, <see cref="Std"/>²) to every pixel (torchvision
/// <c>GaussianNoise</c>), optionally clipped to [0, 1] afterwards.
/// </summary>
public sealed class GaussianNoise : IImageTransform
{
    /// <param name="std">Standard deviation of the noise, in pixel units (0 or more).</param>
    /// <param name="mean">Mean of the noise (0 leaves the average brightness unchanged).</param>
    /// <param name="clip">Clamp the result to [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or not finite, or <paramref name="mean"/> is not finite.</exception>
    public GaussianNoise(double std = 0.1, double mean = 0, bool clip = false)
    {
        if (!(std >= 0) || !double.IsFinite(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, $"GaussianNoise: std must be finite and 0 or more, got {std}.");
        if (!double.IsFinite(mean))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, $"GaussianNoise: mean must be finite, got {mean}.");
        Std = std;
        Mean = mean;
        Clip = clip;
    }

    /// <summary>Standard deviation of the added noise, in pixel units.</summary>
    public double Std { get; }

    /// <summary>Mean of the added noise (0 = no shift of brightness).</summary>
    public double Mean { get; }

    /// <summary>Clamp the result to [0, 1].</summary>
    public bool Clip { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var img = ImageData.From(image, "GaussianNoise");
        float[] p = img.Pixels;
        for (int i = 0; i < p.Length; i++)
        {
            float v = p[i] + (float)(Mean + Std * generator.NextNormal());
            p[i] = Clip ? Math.Clamp(v, 0f, 1f) : v;
        }
        return img.ToTensor();
    }
}
