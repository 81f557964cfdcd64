using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Average pooling over [N, C, H, W] (PyTorch's nn.AvgPool2d): kernelSize, stride (default: the kernel size),
/// zero padding (at most half the kernel), ceil_mode, and count_include_pad (default true: padding counts in the divisor).</summary>
public sealed class AvgPool2d : Module
{
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

    public (int H, int W) KernelSize { get; }

    public (int H, int W) Stride { get; }

    public (int H, int W) Padding { get; }

    public bool CeilMode { get; }

    public bool CountIncludePad { get; }

    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("AvgPool2d", input, [KernelSize.H, KernelSize.W], [Stride.H, Stride.W], [Padding.H, Padding.W], [1, 1], CeilMode);
        return input.AvgPool2d(KernelSize, Stride, Padding, CeilMode, CountIncludePad);
    }

    protected override string ExtraRepr() =>
        $"kernel_size=({KernelSize.H}, {KernelSize.W}), stride=({Stride.H}, {Stride.W}), padding=({Padding.H}, {Padding.W})" +
        (CeilMode ? ", ceil_mode=true" : "") + (CountIncludePad ? "" : ", count_include_pad=false");
}
