namespace Glubina.Data.Augmentation;

/// <summary>How <see cref="RandomCrop"/> fills the border it adds (torchvision <c>padding_mode</c>).</summary>
public enum PaddingMode
{
    /// <summary>A constant fill value (torchvision "constant", fill 0 by default).</summary>
    Constant,

    /// <summary>Mirror without repeating the edge pixel (torchvision "reflect": 3 2 1 | 1 2 3 → 2 1 | 1 2 3).</summary>
    Reflect,

    /// <summary>Repeat the edge pixel (torchvision "edge").</summary>
    Edge,
}
