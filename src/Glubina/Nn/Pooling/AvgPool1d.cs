using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Average pooling over [N, C, L] (PyTorch's nn.AvgPool1d): kernelSize, stride (default: the kernel size),
/// zero padding (at most half the kernel), ceil_mode and count_include_pad.</summary>
public sealed class AvgPool1d : Module
{
    public AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        WindowArguments.Pooling("AvgPool1d", [kernelSize], [stride ?? 1], [padding], [1]);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
    }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public bool CeilMode { get; }

    public bool CountIncludePad { get; }

    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("AvgPool1d", input, [KernelSize], [Stride], [Padding], [1], CeilMode);
        return input.AvgPool1d(KernelSize, Stride, Padding, CeilMode, CountIncludePad);
    }

    protected override string ExtraRepr() =>
        $"kernel_size=({KernelSize},), stride=({Stride},), padding=({Padding},)" +
        (CeilMode ? ", ceil_mode=true" : "") + (CountIncludePad ? "" : ", count_include_pad=false");
}
