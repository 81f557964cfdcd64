using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Average pooling over [N, C, L] (PyTorch's nn.AvgPool1d): kernelSize, stride (default: the kernel size),
/// zero padding (at most half the kernel), ceil_mode and count_include_pad.</summary>
public sealed class AvgPool1d : Module, IConfigurable<AvgPool1d, AvgPool1dConfig>
{
    /// <summary>Averages windows of <paramref name="kernelSize"/> elements, <paramref name="stride"/> apart (the kernel size when null).</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding is negative or above half the kernel.</exception>
    public AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        WindowArguments.Pooling("AvgPool1d", [kernelSize], [stride ?? 1], [padding], [1]);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Window length (k).</summary>
    public int KernelSize { get; }

    /// <summary>Step between neighbouring windows (the kernel size unless given).</summary>
    public int Stride { get; }

    /// <summary>Zeros added on both ends.</summary>
    public int Padding { get; }

    /// <summary>Round the output length up rather than down, so a last partial window is kept (PyTorch's ceil_mode).</summary>
    public bool CeilMode { get; }

    /// <summary>Divide by the full kernel size even where the window covers padding (true, the default) rather than by the real elements.</summary>
    public bool CountIncludePad { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public AvgPool1dConfig Config => new(KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    /// <summary>A new layer from its arguments.</summary>
    public static AvgPool1d FromConfig(AvgPool1dConfig c) => new(c.KernelSize, c.Stride, c.Padding, c.CeilMode, c.CountIncludePad);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        // Checked here as well so that errors about the input name this layer.
        WindowArguments.Pooling("AvgPool1d", input, [KernelSize], [Stride], [Padding], [1], CeilMode);
        return input.AvgPool1d(KernelSize, Stride, Padding, CeilMode, CountIncludePad);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size=({KernelSize},), stride=({Stride},), padding=({Padding},)" +
        (CeilMode ? ", ceil_mode=true" : "") + (CountIncludePad ? "" : ", count_include_pad=false");
}

/// <summary>The arguments of <see cref="AvgPool1d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record AvgPool1dConfig(int KernelSize, int? Stride = null, int Padding = 0, bool CeilMode = false, bool CountIncludePad = true);
