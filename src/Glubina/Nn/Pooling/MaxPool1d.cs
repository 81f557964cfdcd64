using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Max pooling over [N, C, L] (PyTorch's nn.MaxPool1d): kernelSize, stride (default: the kernel size),
/// padding counted as −∞ (at most half the kernel), dilation and ceil_mode.</summary>
public sealed class MaxPool1d : Module
{
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        WindowArguments.Pooling("MaxPool1d", [kernelSize], [stride ?? 1], [padding], [dilation]);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        Dilation = dilation;
        CeilMode = ceilMode;
    }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int Dilation { get; }

    public bool CeilMode { get; }

    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("MaxPool1d", input, [KernelSize], [Stride], [Padding], [Dilation], CeilMode);
        return input.MaxPool1d(KernelSize, Stride, Padding, Dilation, CeilMode);
    }

    protected override string ExtraRepr() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={(CeilMode ? "true" : "false")}";
}
