namespace Glubina.Nn;

/// <summary>A convolution's padding as PyTorch takes it: zeros per side (<paramref name="Size"/>), or a
/// <paramref name="Mode"/> "same" / "valid". In a model file it is a number (or [h, w]) or that string.</summary>
public readonly record struct ConvPadding<TSize>(TSize Size, string? Mode = null)
{
    /// <summary>Zero padding of <paramref name="size"/>.</summary>
    public static implicit operator ConvPadding<TSize>(TSize size) => new(size);

    /// <summary>"same" or "valid".</summary>
    public static implicit operator ConvPadding<TSize>(string mode) => new(default!, mode);
}
