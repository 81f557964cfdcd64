namespace Glubina.Data.Augmentation;

/// <summary>How a geometric transform reads between pixels.</summary>
public enum Interpolation
{
    /// <summary>The nearest source pixel.</summary>
    Nearest,

    /// <summary>Bilinear weighting of the four surrounding pixels.</summary>
    Bilinear,
}
