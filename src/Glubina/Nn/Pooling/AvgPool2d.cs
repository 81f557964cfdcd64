using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Average pooling over [N, C, H, W] (PyTorch's nn.AvgPool2d): kernelSize, stride (default: the kernel size),
/// zero padding (at most half the kernel), ceil_mode, and count_include_pad (default true: padding counts in the divisor).</summary>
public sealed class AvgPool2d : Module, IConfigurable<AvgPool2d, AvgPool2dConfig>
{
    /// <summary>Square windows with the same stride (the kernel size when null) and padding in both dims.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is negative or above half the kernel.</exception>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        : this((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad)
    {
    }

    /// <summary>Separate height and width sizes.</summary>
    public AvgPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, bool ceilMode = false, bool countIncludePad = true)
    {
        WindowArguments.Pooling("AvgPool2d", [kernelSize.H, kernelSize.W], stride is { } st ? [st.H, st.W] : [1], [padding.H, padding.W], [1]);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Window height and width (kH, kW).</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>Step between neighbouring windows, down and across (the kernel size unless given).</summary>
    public (int H, int W) Stride { get; }

    /// <summary>Zero rows and columns added on each side.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>Round the output size up rather than down, so last partial windows are kept (PyTorch's ceil_mode).</summary>
    public bool CeilMode { get; }

    /// <summary>Divide by the full window size even where the window covers padding (true, the default) rather than by the real pixels.</summary>
    public bool CountIncludePad { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public AvgPool2dConfig Config => new(KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    /// <summary>A new layer from its arguments.</summary>
    public static AvgPool2d FromConfig(AvgPool2dConfig c) => new(c.KernelSize, c.Stride, c.Padding, c.CeilMode, c.CountIncludePad);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("AvgPool2d", input, [KernelSize.H, KernelSize.W], [Stride.H, Stride.W], [Padding.H, Padding.W], [1, 1], CeilMode);
        return input.AvgPool2d(KernelSize, Stride, Padding, CeilMode, CountIncludePad);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size=({KernelSize.H}, {KernelSize.W}), stride=({Stride.H}, {Stride.W}), padding=({Padding.H}, {Padding.W})" +
        (CeilMode ? ", ceil_mode=true" : "") + (CountIncludePad ? "" : ", count_include_pad=false");
}

/// <summary>The arguments of <see cref="AvgPool2d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record AvgPool2dConfig((int H, int W) KernelSize, (int H, int W)? Stride = null, (int H, int W) Padding = default, bool CeilMode = false, bool CountIncludePad = true);
