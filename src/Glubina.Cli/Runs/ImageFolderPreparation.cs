using System.Globalization;
using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Images;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>A folder of images, one sub-folder per class (root/cat/1.png), to <see cref="PreparedData"/>: every image
/// decoded into [0, 1], resized to one size, held in memory. The size and colour mode are saved in the model file.</summary>
internal static class ImageFolderPreparation
{
    public const string ManifestKey = "images";

    public static PreparedData Prepare(string root, (int Height, int Width)? size, bool grayscale, SplitSpec split, ulong seed)
    {
        ImageFolderDataset folder = Open(root, grayscale ? ColorMode.Grayscale : ColorMode.Rgb, size);
        (int h, int w) = size ?? FirstSize(folder);
        if (size is null)
            folder = Open(root, folder.Mode, (h, w));
        var (images, labels) = Read(folder);
        var data = ImagePreparation.Prepare(images, labels, root, 1.0, split, seed,
            [new("folder", root), new("images", folder.Count.ToString(CultureInfo.InvariantCulture)),
             new("colour", folder.Mode == ColorMode.Grayscale ? "grayscale" : "RGB")]);
        return data with
        {
            ClassLabels = folder.Classes,
            InputScale = null,
            PreprocessingSteps = [$"decoded into [0, 1], {(folder.Mode == ColorMode.Grayscale ? "grayscale" : "RGB")}, resized to {h}×{w}"],
            Manifest = new() { [ManifestKey] = new JsonObject { ["height"] = h, ["width"] = w, ["grayscale"] = folder.Mode == ColorMode.Grayscale } },
        };
    }

    /// <summary>Images of a folder for a saved model: a class-folder tree (labels by folder name) or loose image files.</summary>
    public static (Tensor Images, string[] Files, string[]? ClassNames) ReadForModel(string root, JsonObject settings)
    {
        var size = (settings["height"]!.GetValue<int>(), settings["width"]!.GetValue<int>());
        var mode = settings["grayscale"]!.GetValue<bool>() ? ColorMode.Grayscale : ColorMode.Rgb;
        var extensions = new HashSet<string>(ImageDecoder.Extensions, StringComparer.OrdinalIgnoreCase);
        string[] files = [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => extensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)];
        if (files.Length == 0)
            throw new CliException($"{root}: no image files ({string.Join(", ", ImageDecoder.Extensions)}) in the folder.");
        var tensors = files.Select(f => Decode(f, mode, size)).ToArray();
        string[]? classes = files.All(f => Path.GetDirectoryName(Path.GetRelativePath(root, f)) is { Length: > 0 })
            ? [.. files.Select(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0])]
            : null;
        return (Tensor.Stack(tensors, 0), files, classes);
    }

    private static ImageFolderDataset Open(string root, ColorMode mode, (int, int)? size)
    {
        try
        {
            return new ImageFolderDataset(root, mode, size);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message, e);
        }
    }

    private static (int, int) FirstSize(ImageFolderDataset folder)
    {
        Tensor first = Decode(folder.Samples[0].Path, folder.Mode, null);
        return (first.Size(1), first.Size(2));
    }

    private static (Tensor Images, Tensor Labels) Read(ImageFolderDataset folder)
    {
        var images = new Tensor[folder.Count];
        var labels = new long[folder.Count];
        for (int i = 0; i < folder.Count; i++)
        {
            images[i] = Decode(folder.Samples[i].Path, folder.Mode, folder.Size);
            labels[i] = folder.Samples[i].Class;
        }
        return (Tensor.Stack(images, 0), Tensor.FromArray(labels, labels.Length));
    }

    private static Tensor Decode(string path, ColorMode mode, (int, int)? size)
    {
        try
        {
            return ImageDecoder.Load(path, mode, size);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new CliException($"{path}: cannot read the image: {e.Message}", e);
        }
    }
}
