using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>IDX image and label files (the MNIST format) to <see cref="PreparedData"/>.</summary>
internal static class IdxPreparation
{
    /// <summary>The pixel scale of byte images: 0–255 into [0, 1].</summary>
    public const double ByteScale = 1.0 / 255;

    public static PreparedData Prepare(string imagesPath, string labelsPath, SplitSpec split, ulong seed)
    {
        Tensor images = ReadImages(imagesPath);
        TableFiles.RequireFile(labelsPath, "IDX labels file");
        Tensor labels = Read(() => Idx.ReadLabels(labelsPath), labelsPath);
        if (labels.Rank != 1 || labels.Size(0) != images.Size(0))
            throw new CliException($"{labelsPath}: expected {images.Size(0)} labels, one per image of {imagesPath}; the file holds shape " +
                                   $"[{string.Join(", ", labels.ShapeArray())}].");
        return ImagePreparation.Prepare(images, labels, imagesPath, ByteScale, split, seed,
            [new("images", Path.GetFileName(imagesPath)), new("labels", Path.GetFileName(labelsPath)),
             new("rows", images.Size(0).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    /// <summary>Byte images scaled into [0, 1] as [N, C, H, W].</summary>
    public static Tensor ReadImages(string path)
    {
        TableFiles.RequireFile(path, "IDX images file");
        Tensor images = Read(() => Idx.ReadImages(path), path);
        if (images.Rank is not (3 or 4))
            throw new CliException($"{path}: expected images [N, H, W] or [N, C, H, W]; the file holds shape [{string.Join(", ", images.ShapeArray())}].");
        return ImagePreparation.WithChannel(images);
    }

    /// <summary>True for file names of the IDX format (…-idx3-ubyte, …-idx1-ubyte.gz, *.idx).</summary>
    public static bool IsIdx(string path)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        return name.Contains("-idx", StringComparison.Ordinal) || name.EndsWith(".idx", StringComparison.Ordinal) ||
               name.EndsWith(".idx.gz", StringComparison.Ordinal);
    }

    private static Tensor Read(Func<Tensor> read, string path)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new CliException($"{path}: not a readable IDX file: {e.Message}", e);
        }
    }
}
