using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>
/// A random rotation, translation and scaling about the image centre (torchvision <c>RandomAffine(degrees,
/// translate, scale)</c>): angle ~ U(<see cref="MinDegrees"/>, <see cref="MaxDegrees"/>) (positive = counter-clockwise),
/// shift ~ U(−tx·W, tx·W) × U(−ty·H, ty·H) rounded to whole pixels, scale ~ U(<see cref="MinScale"/>, <see cref="MaxScale"/>).
/// Each output pixel is read from the inverse-mapped source position by <see cref="Interpolation"/>; positions
/// outside the source take <see cref="Fill"/>. [C, H, W] → [C, H, W].
/// </summary>
public sealed class RandomAffine : IImageTransform
{
    /// <param name="degrees">Rotation range ±degrees (0 = no rotation).</param>
    /// <param name="translate">Largest shift as fractions of the width and height, each in [0, 1].</param>
    /// <param name="scale">Scale range (min, max), both positive; null = no scaling.</param>
    /// <param name="interpolation">Nearest or bilinear sampling.</param>
    /// <param name="fill">Value of pixels mapped from outside the image.</param>
    public RandomAffine(double degrees = 0, (double X, double Y)? translate = null, (double Min, double Max)? scale = null,
        Interpolation interpolation = Interpolation.Bilinear, float fill = 0)
        : this(-Math.Abs(degrees), Math.Abs(degrees), translate, scale, interpolation, fill)
    {
    }

    /// <param name="minDegrees">Smallest rotation in degrees.</param>
    /// <param name="maxDegrees">Largest rotation in degrees.</param>
    /// <param name="translate">Largest shift as fractions of the width and height, each in [0, 1].</param>
    /// <param name="scale">Scale range (min, max), both positive; null = no scaling.</param>
    /// <param name="interpolation">Nearest or bilinear sampling.</param>
    /// <param name="fill">Value of pixels mapped from outside the image.</param>
    public RandomAffine(double minDegrees, double maxDegrees, (double X, double Y)? translate, (double Min, double Max)? scale,
        Interpolation interpolation, float fill)
    {
        if (!double.IsFinite(minDegrees) || !double.IsFinite(maxDegrees) || minDegrees > maxDegrees)
            throw new ArgumentException($"RandomAffine: the degree range must be finite with min ≤ max, got ({minDegrees}, {maxDegrees}).");
        var (tx, ty) = translate ?? (0, 0);
        if (!(tx >= 0 && tx <= 1 && ty >= 0 && ty <= 1))
            throw new ArgumentException($"RandomAffine: translate fractions must be in [0, 1], got ({tx}, {ty}).", nameof(translate));
        var (s0, s1) = scale ?? (1, 1);
        if (!(s0 > 0 && s1 >= s0) || !double.IsFinite(s1))
            throw new ArgumentException($"RandomAffine: scale must be a range 0 < min ≤ max, got ({s0}, {s1}).", nameof(scale));
        MinDegrees = minDegrees;
        MaxDegrees = maxDegrees;
        TranslateX = tx;
        TranslateY = ty;
        MinScale = s0;
        MaxScale = s1;
        Interpolation = interpolation;
        Fill = fill;
    }

    /// <summary>Smallest rotation angle, in degrees (positive = counter-clockwise).</summary>
    public double MinDegrees { get; }

    /// <summary>Largest rotation angle, in degrees.</summary>
    public double MaxDegrees { get; }

    /// <summary>Largest horizontal shift as a fraction of the width.</summary>
    public double TranslateX { get; }

    /// <summary>Largest vertical shift as a fraction of the height.</summary>
    public double TranslateY { get; }

    /// <summary>Smallest zoom factor (1 = original size).</summary>
    public double MinScale { get; }

    /// <summary>Largest zoom factor.</summary>
    public double MaxScale { get; }

    /// <summary>How output pixels are read from between source pixels.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Value of output pixels whose source position lies outside the image.</summary>
    public float Fill { get; }

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var src = ImageData.From(image, "RandomAffine");
        double angle = MinDegrees + (MaxDegrees - MinDegrees) * generator.NextDouble();
        double maxDx = TranslateX * src.Width, maxDy = TranslateY * src.Height;
        double dx = Math.Round(-maxDx + 2 * maxDx * generator.NextDouble());
        double dy = Math.Round(-maxDy + 2 * maxDy * generator.NextDouble());
        double s = MinScale + (MaxScale - MinScale) * generator.NextDouble();
        return Warp(src, angle, dx, dy, s, Interpolation, Fill).ToTensor();
    }

    /// <summary>
    /// The fixed affine transform: rotate by <paramref name="degrees"/> (counter-clockwise) and scale by
    /// <paramref name="scale"/> about the centre, then shift by (<paramref name="dx"/>, <paramref name="dy"/>) pixels
    /// (right and down).
    /// </summary>
    public static Tensor Transform(Tensor image, double degrees, double dx = 0, double dy = 0, double scale = 1,
        Interpolation interpolation = Interpolation.Bilinear, float fill = 0)
    {
        if (!(scale > 0))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"RandomAffine.Transform: scale must be positive, got {scale}.");
        return Warp(ImageData.From(image, "RandomAffine.Transform"), degrees, dx, dy, scale, interpolation, fill).ToTensor();
    }

    private static ImageData Warp(ImageData src, double degrees, double dx, double dy, double scale, Interpolation mode, float fill)
    {
        int h = src.Height, w = src.Width;
        var dst = ImageData.Empty(src.Channels, h, w);
        double a = degrees * Math.PI / 180, cos = Math.Cos(a) / scale, sin = Math.Sin(a) / scale;
        double cx = w * 0.5, cy = h * 0.5;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                // Output pixel centre relative to the image centre, undo the shift, then the inverse rotation/scale.
                double u = x + 0.5 - cx - dx, v = y + 0.5 - cy - dy;
                double sx = u * cos - v * sin + cx - 0.5;
                double sy = u * sin + v * cos + cy - 0.5;
                for (int c = 0; c < src.Channels; c++)
                    dst.Pixels[c * src.Plane + y * w + x] = mode == Interpolation.Nearest
                        ? Nearest(src, c, sx, sy, fill)
                        : Bilinear(src, c, sx, sy, fill);
            }
        }
        return dst;
    }

    private static float At(ImageData src, int c, int x, int y, float fill) =>
        (uint)x < (uint)src.Width && (uint)y < (uint)src.Height ? src.Pixels[c * src.Plane + y * src.Width + x] : fill;

    private static float Nearest(ImageData src, int c, double sx, double sy, float fill) =>
        At(src, c, (int)Math.Floor(sx + 0.5 + 1e-9), (int)Math.Floor(sy + 0.5 + 1e-9), fill);

    private static float Bilinear(ImageData src, int c, double sx, double sy, float fill)
    {
        // Snap positions within rounding error of a pixel centre, so whole-pixel shifts and right angles are exact.
        double rx = Math.Round(sx), ry = Math.Round(sy);
        if (Math.Abs(sx - rx) < 1e-9)
            sx = rx;
        if (Math.Abs(sy - ry) < 1e-9)
            sy = ry;
        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
        double fx = sx - x0, fy = sy - y0;
        double top = At(src, c, x0, y0, fill) * (1 - fx) + (fx == 0 ? 0 : At(src, c, x0 + 1, y0, fill) * fx);
        if (fy == 0)
            return (float)top;
        double bottom = At(src, c, x0, y0 + 1, fill) * (1 - fx) + (fx == 0 ? 0 : At(src, c, x0 + 1, y0 + 1, fill) * fx);
        return (float)(top * (1 - fy) + bottom * fy);
    }
}
