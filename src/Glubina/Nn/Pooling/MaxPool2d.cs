using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Max pooling over [N, C, H, W] (PyTorch's nn.MaxPool2d): windows of kernelSize, stride (default: the kernel
/// size), padding counted as −∞ (at most half the kernel), dilation, and ceil_mode. The backward sends each output's
/// gradient to the position of its maximum.</summary>
public sealed class MaxPool2d : Module, IConfigurable<MaxPool2d, MaxPool2dConfig>
{
    /// <summary>Square windows with the same stride (the kernel size when null), padding and dilation in both dims.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is negative or above half the kernel.</exception>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode)
    {
    }

    /// <summary>Separate height and width sizes.</summary>
    public MaxPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode = false)
    {
        WindowArguments.Pooling("MaxPool2d", [kernelSize.H, kernelSize.W], stride is { } st ? [st.H, st.W] : [1], [padding.H, padding.W], [dilation.H, dilation.W]);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        Dilation = dilation;
        CeilMode = ceilMode;
    }

    /// <summary>Window height and width (kH, kW).</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>Step between neighbouring windows, down and across (the kernel size unless given).</summary>
    public (int H, int W) Stride { get; }

    /// <summary>−∞ rows and columns added on each side.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>Spacing between the pixels of a window in each dim (1 = contiguous).</summary>
    public (int H, int W) Dilation { get; }

    /// <summary>Round the output size up rather than down, so last partial windows are kept (PyTorch's ceil_mode).</summary>
    public bool CeilMode { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public MaxPool2dConfig Config => new(KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <summary>A new layer from its arguments.</summary>
    public static MaxPool2d FromConfig(MaxPool2dConfig c) => new(c.KernelSize, c.Stride, c.Padding, c.Dilation ?? (1, 1), c.CeilMode);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("MaxPool2d", input, [KernelSize.H, KernelSize.W], [Stride.H, Stride.W], [Padding.H, Padding.W],
            [Dilation.H, Dilation.W], CeilMode);
        return input.MaxPool2d(KernelSize, Stride, Padding, Dilation, CeilMode);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size=({KernelSize.H}, {KernelSize.W}), stride=({Stride.H}, {Stride.W}), padding=({Padding.H}, {Padding.W}), " +
        $"dilation=({Dilation.H}, {Dilation.W}), ceil_mode={(CeilMode ? "true" : "false")}";
}

/// <summary>The arguments of <see cref="MaxPool2d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record MaxPool2dConfig((int H, int W) KernelSize, (int H, int W)? Stride = null, (int H, int W) Padding = default, (int H, int W)? Dilation = null, bool CeilMode = false);
