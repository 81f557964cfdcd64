using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Max pooling over [N, C, L] (PyTorch's nn.MaxPool1d): kernelSize, stride (default: the kernel size),
/// padding counted as −∞ (at most half the kernel), dilation and ceil_mode.</summary>
public sealed class MaxPool1d : Module, IConfigurable<MaxPool1d, MaxPool1dConfig>
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

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public MaxPool1dConfig Config => new(KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <summary>A new layer from its arguments.</summary>
    public static MaxPool1d FromConfig(MaxPool1dConfig c) => new(c.KernelSize, c.Stride, c.Padding, c.Dilation, c.CeilMode);

    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("MaxPool1d", input, [KernelSize], [Stride], [Padding], [Dilation], CeilMode);
        return input.MaxPool1d(KernelSize, Stride, Padding, Dilation, CeilMode);
    }

    protected override string ExtraRepr() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={(CeilMode ? "true" : "false")}";
}

/// <summary>The arguments of <see cref="MaxPool1d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record MaxPool1dConfig(int KernelSize, int? Stride = null, int Padding = 0, int Dilation = 1, bool CeilMode = false);
