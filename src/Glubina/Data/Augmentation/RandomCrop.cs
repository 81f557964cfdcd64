using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>
/// Pads the image by <see cref="Padding"/> pixels on every side, then cuts a <see cref="Height"/>×<see cref="Width"/>
/// window at a uniformly random position (torchvision <c>RandomCrop(size, padding, padding_mode)</c>); the usual
/// CIFAR augmentation is <c>new RandomCrop(32, 32, padding: 4)</c>. [C, H, W] → [C, Height, Width].
/// </summary>
public sealed class RandomCrop : IImageTransform
{
    /// <param name="height">Output height.</param>
    /// <param name="width">Output width.</param>
    /// <param name="padding">Pixels added on each side before cropping (0 or more).</param>
    /// <param name="mode">How the border is filled.</param>
    /// <param name="fill">The value of a <see cref="PaddingMode.Constant"/> border.</param>
    public RandomCrop(int height, int width, int padding = 0, PaddingMode mode = PaddingMode.Constant, float fill = 0)
    {
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"RandomCrop: the size must be positive, got {height}×{width}.");
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, $"RandomCrop: padding must be 0 or more, got {padding}.");
        Height = height;
        Width = width;
        Padding = padding;
        Mode = mode;
        Fill = fill;
    }

    /// <summary>Height of the crop, in pixels.</summary>
    public int Height { get; }

    /// <summary>Width of the crop, in pixels.</summary>
    public int Width { get; }

    /// <summary>Pixels added on every side before cropping.</summary>
    public int Padding { get; }

    /// <summary>How the added border is filled.</summary>
    public PaddingMode Mode { get; }

    /// <summary>Value of a <see cref="PaddingMode.Constant"/> border.</summary>
    public float Fill { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The padded image is smaller than the crop, or reflect padding is not smaller than the image.</exception>
    public Tensor Apply(Tensor image, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var src = ImageData.From(image, "RandomCrop");
        int ph = src.Height + 2 * Padding, pw = src.Width + 2 * Padding;
        if (ph < Height || pw < Width)
            throw new ArgumentException(
                $"RandomCrop: the padded image is {ph}×{pw} (image {src.Height}×{src.Width}, padding {Padding}), smaller than the " +
                $"crop {Height}×{Width}.", nameof(image));
        if (Mode == PaddingMode.Reflect && Padding > 0 && (Padding >= src.Height || Padding >= src.Width))
            throw new ArgumentException(
                $"RandomCrop: reflect padding {Padding} needs an image larger than the padding, got {src.Height}×{src.Width}.", nameof(image));
        int top = (int)generator.NextInt64(0, ph - Height + 1);
        int left = (int)generator.NextInt64(0, pw - Width + 1);
        return Crop(src, top - Padding, left - Padding).ToTensor();
    }

    /// <summary>The window whose top-left corner is at (<paramref name="top"/>, <paramref name="left"/>) in the unpadded
    /// image (negative or past the edge where it reaches into the padding).</summary>
    public Tensor Crop(Tensor image, int top, int left) => Crop(ImageData.From(image, "RandomCrop.Crop"), top, left).ToTensor();

    private ImageData Crop(ImageData src, int top, int left)
    {
        var dst = ImageData.Empty(src.Channels, Height, Width);
        for (int c = 0; c < src.Channels; c++)
        {
            int so = c * src.Plane, d = c * Height * Width;
            for (int y = 0; y < Height; y++)
            {
                int sy = Source(top + y, src.Height);
                for (int x = 0; x < Width; x++, d++)
                {
                    int sx = Source(left + x, src.Width);
                    dst.Pixels[d] = sy < 0 || sx < 0 ? Fill : src.Pixels[so + sy * src.Width + sx];
                }
            }
        }
        return dst;
    }

    // The source index of position i (which may lie in the padding), or -1 for the constant fill.
    private int Source(int i, int n)
    {
        if (i >= 0 && i < n)
            return i;
        return Mode switch
        {
            PaddingMode.Reflect => Reflect(i, n),
            PaddingMode.Edge => Math.Clamp(i, 0, n - 1),
            _ => -1,
        };
    }

    private static int Reflect(int i, int n)
    {
        if (n == 1)
            return 0;
        int period = 2 * (n - 1);
        i = ((i % period) + period) % period;
        return i < n ? i : period - i;
    }
}
