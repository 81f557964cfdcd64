using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Adaptive average pooling (PyTorch's nn.AdaptiveAvgPool2d): [N, C, H, W] → [N, C, outH, outW] whatever the
/// input size; output cell i averages inputs ⌊i·H/outH⌋ … ⌈(i+1)·H/outH⌉ − 1. <c>new AdaptiveAvgPool2d(1)</c> is global
/// average pooling.</summary>
public sealed class AdaptiveAvgPool2d : Module
{
    public AdaptiveAvgPool2d(int outputSize)
        : this((outputSize, outputSize))
    {
    }

    public AdaptiveAvgPool2d((int H, int W) outputSize)
    {
        if (outputSize.H <= 0 || outputSize.W <= 0)
            throw new ArgumentException($"AdaptiveAvgPool2d: output size must be positive, got ({outputSize.H}, {outputSize.W}).");
        OutputSize = outputSize;
    }

    public (int H, int W) OutputSize { get; }

    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.AdaptivePooling("AdaptiveAvgPool2d", input, OutputSize.H, OutputSize.W);
        return input.AdaptiveAvgPool2d(OutputSize.H, OutputSize.W);
    }

    protected override string ExtraRepr() => $"output_size=({OutputSize.H}, {OutputSize.W})";
}
