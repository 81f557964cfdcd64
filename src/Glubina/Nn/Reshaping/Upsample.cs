using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Nearest-neighbour upsampling by an integer factor (PyTorch's nn.Upsample(scale_factor=s, mode="nearest")):
/// [N, C, L] → [N, C, L·s], [N, C, H, W] → [N, C, H·s, W·s]; each input value is repeated s (×s) times. The
/// gradient sums over the copies.</summary>
public sealed class Upsample : Module, IConfigurable<Upsample, UpsampleConfig>
{
    /// <summary>Upsampling by <paramref name="scaleFactor"/> in every spatial dim.</summary>
    /// <exception cref="ArgumentException">scaleFactor is below 1 or mode is not "nearest".</exception>
    public Upsample(int scaleFactor, string mode = "nearest")
    {
        if (scaleFactor < 1)
            throw new ArgumentException($"Upsample: scale_factor must be a positive integer, got {scaleFactor}.");
        if (mode != "nearest")
            throw new ArgumentException($"Upsample: only mode \"nearest\" is supported, got \"{mode}\".");
        ScaleFactor = scaleFactor;
        Mode = mode;
    }

    /// <summary>Integer factor by which each spatial dim grows.</summary>
    public int ScaleFactor { get; }

    /// <summary>Interpolation mode; only "nearest" is supported.</summary>
    public string Mode { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public UpsampleConfig Config => new(ScaleFactor, Mode);

    /// <summary>A new layer from its arguments.</summary>
    public static Upsample FromConfig(UpsampleConfig c) => new(c.ScaleFactor, c.Mode);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank is not (3 or 4))
            throw new ArgumentException($"Upsample: expected input [N, C, L] or [N, C, H, W], got {ShapeMath.Format(input.Shape)}.");
        return input.UpsampleNearest(ScaleFactor);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"scale_factor={ScaleFactor}, mode={Mode}";
}

/// <summary>The arguments of <see cref="Upsample"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record UpsampleConfig(int ScaleFactor, string Mode = "nearest");
