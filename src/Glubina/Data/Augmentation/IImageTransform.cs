using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>
/// A random (or fixed) change of one image, as a torchvision transform: the input is a float32 tensor [C, H, W]
/// and the result a new float32 tensor (the input is never changed). All randomness comes from
/// the generator passed to <see cref="Apply"/>, so a seeded generator gives the same result every run.
/// </summary>
public interface IImageTransform
{
    /// <summary>Transforms <paramref name="image"/> [C, H, W] (float32), drawing random numbers from <paramref name="generator"/>.</summary>
    Tensor Apply(Tensor image, Generator generator);
}
