using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Max pooling over [N, C, L] (PyTorch's nn.MaxPool1d): kernelSize, stride (default: the kernel size),
/// padding counted as −∞ (at most half the kernel), dilation and ceil_mode.</summary>
public sealed class MaxPool1d : Module
{
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        PoolChecks.Validate("MaxPool1d", [kernelSize], [stride ?? 1], [padding], [dilation]);
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
        PoolChecks.Rank("MaxPool1d", input, 3);
        return Autograd.Ops.PoolOps.MaxPool2d(input.Unsqueeze(2), (1, KernelSize), (1, Stride), (0, Padding), (1, Dilation),
            CeilMode, "MaxPool1d").Squeeze(2);
    }

    protected override string ExtraRepr() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={(CeilMode ? "true" : "false")}";
}
