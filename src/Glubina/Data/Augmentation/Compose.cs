using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>Applies transforms one after another (torchvision <c>Compose</c>), all drawing from the same generator.</summary>
public sealed class Compose : IImageTransform
{
    private readonly IImageTransform[] _transforms;

    /// <summary>Runs <paramref name="transforms"/> in the given order.</summary>
    /// <param name="transforms">The transforms (the array is copied); none may be null.</param>
    /// <exception cref="ArgumentException">A transform is null.</exception>
    public Compose(params IImageTransform[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        for (int i = 0; i < transforms.Length; i++)
            if (transforms[i] is null)
                throw new ArgumentException($"Compose: transform {i} is null.", nameof(transforms));
        _transforms = (IImageTransform[])transforms.Clone();
    }

    /// <summary>The transforms, in the order they run.</summary>
    public IReadOnlyList<IImageTransform> Transforms => _transforms;

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator generator)
    {
        Tensor current = image;
        foreach (IImageTransform t in _transforms)
            current = t.Apply(current, generator);
        return current;
    }
}
