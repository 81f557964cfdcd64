using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// 1-D convolution (PyTorch's nn.Conv1d): x [N, C, L] → y [N, OC, OL] with
/// OL = ⌊(L + 2·padding − dilation·(k−1) − 1)/stride⌋ + 1. Parameters as PyTorch: <c>weight</c> [OC, C/groups, k]
/// and <c>bias</c> [OC], initialised like nn.Conv1d (Kaiming-uniform a = √5, bias U(±1/√fan_in)). Padding is a
/// number or "same" (stride 1) / "valid". Runs the functional <c>Tensor.Conv1d</c> with per-side padding.
/// </summary>
public sealed class Conv1d : Module, IConfigurable<Conv1d, Conv1dConfig>
{
    private readonly (int Left, int Right) _pads;

    /// <summary>A convolution with numeric padding: <paramref name="padding"/> zeros on both ends. Weights come from
    /// <paramref name="generator"/> (default <see cref="Generator.Default"/>) in <paramref name="dtype"/> (default
    /// <see cref="Tensor.DefaultDType"/>).</summary>
    /// <exception cref="ArgumentException">A size is not positive, the padding is negative, or groups does not divide both channel counts.</exception>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1,
        int groups = 1, bool bias = true, Generator? generator = null, DType? dtype = null)
        : this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, generator, dtype, null)
    {
    }

    /// <summary>PyTorch's string padding: "same" (output as long as the input; stride 1 only) or "valid" (none).</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, string padding, int stride = 1, int dilation = 1,
        int groups = 1, bool bias = true, Generator? generator = null, DType? dtype = null)
        : this(inChannels, outChannels, kernelSize, stride, 0, dilation, groups, bias, generator, dtype, padding)
    {
    }

    private Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation,
        int groups, bool bias, Generator? generator, DType? dtype, string? paddingMode)
    {
        WindowArguments.Convolution("Conv1d", inChannels, outChannels, groups, [kernelSize], [stride], [padding], [dilation]);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Dilation = dilation;
        Groups = groups;
        PaddingMode = paddingMode;
        _pads = paddingMode is null ? (padding, padding) : WindowArguments.StringPadding("Conv1d", paddingMode, kernelSize, stride, dilation);
        Padding = _pads.Left;
        Weight = RegisterParameter("weight", Tensor.Zeros([outChannels, inChannels / groups, kernelSize], dtype));
        if (bias)
            Bias = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
        Init.LinearDefault(Weight, Bias, generator);
    }

    /// <summary>Channels of the input (C).</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output (OC), one filter each.</summary>
    public int OutChannels { get; }

    /// <summary>Length of the kernel (k).</summary>
    public int KernelSize { get; }

    /// <summary>Step between neighbouring windows.</summary>
    public int Stride { get; }

    /// <summary>Zero padding before the first element (with "same" and an even kernel, the end gets one more).</summary>
    public int Padding { get; }

    /// <summary>"same" or "valid" when the padding was given as a string, else null.</summary>
    public string? PaddingMode { get; }

    /// <summary>Spacing between kernel taps (1 = contiguous; the window spans dilation·(k−1) + 1 elements).</summary>
    public int Dilation { get; }

    /// <summary>Channel groups convolved independently: each output channel sees C/groups input channels.</summary>
    public int Groups { get; }

    /// <summary>[OC, C/groups, k].</summary>
    public Tensor Weight { get; }

    /// <summary>[OC], or null without bias.</summary>
    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public Conv1dConfig Config => new(InChannels, OutChannels, KernelSize, Stride, new ConvPadding<int>(Padding, PaddingMode), Dilation, Groups, Bias is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static Conv1d FromConfig(Conv1dConfig c) =>
        c.Padding.Mode is { } mode
        ? new(c.InChannels, c.OutChannels, c.KernelSize, mode, c.Stride, c.Dilation, c.Groups, c.Bias)
        : new(c.InChannels, c.OutChannels, c.KernelSize, c.Stride, c.Padding.Size, c.Dilation, c.Groups, c.Bias);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 3 || input.Size(1) != InChannels)
            throw new ArgumentException(
                $"Conv1d({InChannels}, {OutChannels}): expected input [N, {InChannels}, L], got {ShapeMath.Format(input.Shape)}.");
        // Checked here as well so that an input too short for the kernel is reported as this layer's error.
        WindowArguments.Convolution("Conv1d", input, Weight, Bias, [Stride], [_pads.Left, _pads.Right], [Dilation], Groups);
        return input.Conv1d(Weight, Bias, _pads, Stride, Dilation, Groups);
    }

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape) =>
        (long)ShapeMath.Numel(outputShape) * (InChannels / Groups) * KernelSize;

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize},), stride=({Stride},)" +
        (PaddingMode is not null ? $", padding={PaddingMode}" : Padding != 0 ? $", padding=({Padding},)" : "") +
        (Dilation != 1 ? $", dilation=({Dilation},)" : "") + (Groups != 1 ? $", groups={Groups}" : "") +
        (Bias is null ? ", bias=false" : "");
}

/// <summary>The arguments of <see cref="Conv1d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record Conv1dConfig(int InChannels, int OutChannels, int KernelSize, int Stride = 1, ConvPadding<int> Padding = default, int Dilation = 1, int Groups = 1, bool Bias = true);
