using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Adaptive average pooling (PyTorch's nn.AdaptiveAvgPool2d): [N, C, H, W] → [N, C, outH, outW] whatever the
/// input size; output cell i averages inputs ⌊i·H/outH⌋ … ⌈(i+1)·H/outH⌉ − 1. <c>new AdaptiveAvgPool2d(1)</c> is global
/// average pooling.</summary>
public sealed class AdaptiveAvgPool2d : Module, IConfigurable<AdaptiveAvgPool2d, AdaptiveAvgPool2dConfig>
{
    /// <summary>Pools to a square <paramref name="outputSize"/> × <paramref name="outputSize"/> output (1 = global average pooling).</summary>
    public AdaptiveAvgPool2d(int outputSize)
        : this((outputSize, outputSize))
    {
    }

    /// <summary>Pools to an outH × outW output.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveAvgPool2d((int H, int W) outputSize)
    {
        if (outputSize.H <= 0 || outputSize.W <= 0)
            throw new ArgumentException($"AdaptiveAvgPool2d: output size must be positive, got ({outputSize.H}, {outputSize.W}).");
        OutputSize = outputSize;
    }

    /// <summary>Height and width of the output (outH, outW), whatever the input size.</summary>
    public (int H, int W) OutputSize { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public AdaptiveAvgPool2dConfig Config => new(OutputSize);

    /// <summary>A new layer from its arguments.</summary>
    public static AdaptiveAvgPool2d FromConfig(AdaptiveAvgPool2dConfig c) => new(c.OutputSize);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.AdaptivePooling("AdaptiveAvgPool2d", input, OutputSize.H, OutputSize.W);
        return input.AdaptiveAvgPool2d(OutputSize.H, OutputSize.W);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size=({OutputSize.H}, {OutputSize.W})";
}

/// <summary>The arguments of <see cref="AdaptiveAvgPool2d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record AdaptiveAvgPool2dConfig((int H, int W) OutputSize);
