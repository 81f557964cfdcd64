using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Max pooling over [N, C, L] (PyTorch's nn.MaxPool1d): kernelSize, stride (default: the kernel size),
/// padding counted as −∞ (at most half the kernel), dilation and ceil_mode.</summary>
public sealed class MaxPool1d : Module, IConfigurable<MaxPool1d, MaxPool1dConfig>
{
    /// <summary>Takes the maximum of windows of <paramref name="kernelSize"/> elements, <paramref name="stride"/> apart (the kernel size when null).</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is negative or above half the kernel.</exception>
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        WindowArguments.Pooling("MaxPool1d", [kernelSize], [stride ?? 1], [padding], [dilation]);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        Dilation = dilation;
        CeilMode = ceilMode;
    }

    /// <summary>Window length (k).</summary>
    public int KernelSize { get; }

    /// <summary>Step between neighbouring windows (the kernel size unless given).</summary>
    public int Stride { get; }

    /// <summary>−∞ elements added on both ends.</summary>
    public int Padding { get; }

    /// <summary>Spacing between the elements of a window (1 = contiguous).</summary>
    public int Dilation { get; }

    /// <summary>Round the output length up rather than down, so a last partial window is kept (PyTorch's ceil_mode).</summary>
    public bool CeilMode { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public MaxPool1dConfig Config => new(KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <summary>A new layer from its arguments.</summary>
    public static MaxPool1d FromConfig(MaxPool1dConfig c) => new(c.KernelSize, c.Stride, c.Padding, c.Dilation, c.CeilMode);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("MaxPool1d", input, [KernelSize], [Stride], [Padding], [Dilation], CeilMode);
        return input.MaxPool1d(KernelSize, Stride, Padding, Dilation, CeilMode);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={(CeilMode ? "true" : "false")}";
}

/// <summary>The arguments of <see cref="MaxPool1d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record MaxPool1dConfig(int KernelSize, int? Stride = null, int Padding = 0, int Dilation = 1, bool CeilMode = false);
