using Glubina.Tensors;
using StbImageSharp;

namespace Glubina.Data.Images;

/// <summary>
/// Decodes PNG, JPEG, BMP, GIF (first frame), TGA and PSD files with StbImageSharp into float32 tensors [C, H, W]
/// with values in [0, 1] (byte / 255), optionally resized bilinearly to a fixed size.
/// </summary>
public static class ImageDecoder
{
    /// <summary>The file extensions <see cref="ImageFolderDataset"/> picks up (lower case, with the dot).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga", ".psd"];

    /// <summary>Decodes the image file at <paramref name="path"/>; an unreadable file is an <see cref="InvalidDataException"/> naming it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">Grayscale (C = 1) or RGB (C = 3).</param>
    /// <param name="size">Resize to (height, width) when given.</param>
    public static Tensor Load(string path, ColorMode mode = ColorMode.Rgb, (int Height, int Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        return Decode(File.ReadAllBytes(path), mode, size, path);
    }

    /// <summary>Decodes encoded image bytes; <paramref name="name"/> is used in error messages.</summary>
    public static Tensor Decode(byte[] bytes, ColorMode mode = ColorMode.Rgb, (int Height, int Width)? size = null, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (size is (int h, int w) && (h < 1 || w < 1))
            throw new ArgumentOutOfRangeException(nameof(size), $"ImageDecoder: the resize target must be positive, got {h}×{w}.");
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, mode == ColorMode.Rgb ? ColorComponents.RedGreenBlue : ColorComponents.Grey);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException(
                $"{name}: cannot decode the image ({bytes.Length} bytes; expected PNG, JPEG, BMP, GIF, TGA or PSD): {e.Message}", e);
        }
        if (image is null || image.Data is null || image.Width < 1 || image.Height < 1)
            throw new InvalidDataException($"{name}: the decoder returned no pixels ({bytes.Length} bytes).");
        int c = mode == ColorMode.Rgb ? 3 : 1;
        float[] chw = ToPlanar(image.Data, image.Height, image.Width, c);
        if (size is (int th, int tw) && (th != image.Height || tw != image.Width))
            chw = Resize.Bilinear(chw, c, image.Height, image.Width, th, tw);
        (int oh, int ow) = size ?? (image.Height, image.Width);
        return Tensor.FromArray(chw, c, oh, ow);
    }

    // Interleaved HWC bytes → planar CHW floats in [0, 1].
    private static float[] ToPlanar(byte[] hwc, int h, int w, int c)
    {
        int plane = h * w;
        var chw = new float[c * plane];
        const float inv = 1f / 255f;
        for (int p = 0; p < plane; p++)
            for (int k = 0; k < c; k++)
                chw[k * plane + p] = hwc[p * c + k] * inv;
        return chw;
    }
}
