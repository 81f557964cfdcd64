using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>An image [C, H, W] as a plain float array, for the per-pixel loops of the transforms.</summary>
internal readonly record struct ImageData(float[] Pixels, int Channels, int Height, int Width)
{
    public int Plane => Height * Width;

    /// <summary>Checks that <paramref name="image"/> is a float32 [C, H, W] tensor and copies out its pixels.</summary>
    public static ImageData From(Tensor image, string who)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Rank != 3 || image.DType != DType.Float32)
            throw new ArgumentException(
                $"{who}: expected a float32 image [C, H, W], got shape {ShapeMath.Format(image.Shape)} {image.DType.Name()}.", nameof(image));
        return new ImageData(image.ToArray<float>(), image.Size(0), image.Size(1), image.Size(2));
    }

    public static ImageData Empty(int channels, int height, int width) =>
        new(new float[channels * height * width], channels, height, width);

    public Tensor ToTensor() => Tensor.FromArray(Pixels, Channels, Height, Width);
}
