using Glubina.Tensors;

namespace Glubina.Data.Images;

/// <summary>
/// Images stored one folder per class (torchvision <c>ImageFolder</c>): <c>root/cat/001.png</c>, <c>root/dog/x.jpg</c>.
/// Class names are the sub-folder names in ordinal order, and class i is index i. Image files (by extension, see
/// <see cref="ImageDecoder.Extensions"/>) are found recursively inside each class folder and listed in ordinal path
/// order; other files are ignored. Each example decodes its file when read: input float32 [C, H, W] in [0, 1]
/// (C = 1 or 3 by <see cref="Mode"/>, resized to <see cref="Size"/> when set), target a 0-d int64 class index.
/// Wrap it in an <c>AugmentedDataset</c> for on-the-fly augmentation.
/// </summary>
public sealed class ImageFolderDataset : IDataset
{
    private readonly (string Path, int Class)[] _samples;
    private readonly string[] _classes;

    /// <param name="root">The folder holding one sub-folder per class.</param>
    /// <param name="mode">Grayscale or RGB.</param>
    /// <param name="size">Resize every image to (height, width); needed to batch images of different sizes.</param>
    public ImageFolderDataset(string root, ColorMode mode = ColorMode.Rgb, (int Height, int Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"ImageFolderDataset: the folder '{root}' does not exist.");
        if (size is (int h, int w) && (h < 1 || w < 1))
            throw new ArgumentOutOfRangeException(nameof(size), $"ImageFolderDataset: the resize target must be positive, got {h}×{w}.");
        _classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (_classes.Length == 0)
            throw new InvalidDataException($"ImageFolderDataset: '{root}' has no sub-folders; expected one folder per class (root/<class>/<image>).");
        var samples = new List<(string, int)>();
        var extensions = new HashSet<string>(ImageDecoder.Extensions, StringComparer.OrdinalIgnoreCase);
        for (int c = 0; c < _classes.Length; c++)
        {
            string folder = Path.Combine(root, _classes[c]);
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal);
            foreach (string file in files)
                samples.Add((file, c));
        }
        if (samples.Count == 0)
            throw new InvalidDataException(
                $"ImageFolderDataset: no image files ({string.Join(", ", ImageDecoder.Extensions)}) under the class folders of '{root}'.");
        _samples = samples.ToArray();
        Root = root;
        Mode = mode;
        Size = size;
    }

    public string Root { get; }

    public ColorMode Mode { get; }

    /// <summary>The (height, width) images are resized to, or null to keep their own size.</summary>
    public (int Height, int Width)? Size { get; }

    /// <summary>Class names; the index in this list is the class index.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Every image file with its class index, in example order.</summary>
    public IReadOnlyList<(string Path, int Class)> Samples => _samples;

    public int Count => _samples.Length;

    /// <summary>The index of the class named <paramref name="name"/>.</summary>
    public int ClassIndex(string name)
    {
        int i = Array.IndexOf(_classes, name);
        return i >= 0 ? i : throw new KeyNotFoundException($"ImageFolderDataset: no class '{name}'; classes are {string.Join(", ", _classes)}.");
    }

    /// <summary>Decodes example <paramref name="index"/>: image [C, H, W] and class index (0-d int64).</summary>
    public Example this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_samples.Length)
                throw new ArgumentOutOfRangeException(nameof(index), index,
                    $"ImageFolderDataset: index {index} is outside the dataset's {_samples.Length} examples (0..{_samples.Length - 1}).");
            var (path, cls) = _samples[index];
            Tensor image = ImageDecoder.Load(path, Mode, Size);
            return new Example(image, Tensor.Scalar(cls, DType.Int64));
        }
    }
}
