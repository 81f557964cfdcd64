namespace Glubina.Data.Images;

/// <summary>The channels a decoded image has.</summary>
public enum ColorMode
{
    /// <summary>One channel (luminance, as stb_image converts: (77 R + 150 G + 29 B) / 256).</summary>
    Grayscale,

    /// <summary>Three channels R, G, B (alpha is dropped; gray images are repeated into all three).</summary>
    Rgb,
}
