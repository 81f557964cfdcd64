using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// 2-D convolution (PyTorch's nn.Conv2d): x [N, C, H, W] → y [N, OC, OH, OW] with
/// OH = ⌊(H + padTop + padBottom − dilation·(kH−1) − 1)/stride⌋ + 1. Parameters as PyTorch: <c>weight</c>
/// [OC, C/groups, kH, kW] and <c>bias</c> [OC], initialised like nn.Conv2d (Kaiming-uniform with a = √5, bias
/// U(±1/√fan_in), fan_in = C/groups·kH·kW). Padding is zeros: a number per side, or "same" (stride 1) / "valid".
/// groups = C = OC/k gives a depthwise convolution. Runs the functional <c>Tensor.Conv2d</c> with per-side padding.
/// </summary>
public sealed class Conv2d : Module, IConfigurable<Conv2d, Conv2dConfig>
{
    private readonly (int Top, int Bottom, int Left, int Right) _pads;

    /// <summary>A square kernel with the same stride, padding and dilation in both dims.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1,
        int groups = 1, bool bias = true, Generator? generator = null, DType? dtype = null)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (dilation, dilation),
            groups, bias, generator, dtype)
    {
    }

    /// <summary>PyTorch's string padding: "same" (output as large as the input; stride 1 only) or "valid" (none).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, string padding, int stride = 1, int dilation = 1,
        int groups = 1, bool bias = true, Generator? generator = null, DType? dtype = null)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (0, 0), (dilation, dilation),
            groups, bias, generator, dtype, padding)
    {
    }

    /// <summary>String padding ("same"/"valid") with separate height and width sizes.</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, string padding, (int H, int W) stride,
        (int H, int W) dilation, int groups = 1, bool bias = true, Generator? generator = null, DType? dtype = null)
        : this(inChannels, outChannels, kernelSize, stride, (0, 0), dilation, groups, bias, generator, dtype, padding)
    {
    }

    /// <summary>Separate height and width sizes (PyTorch's tuple arguments).</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) dilation, int groups = 1, bool bias = true, Generator? generator = null, DType? dtype = null)
        : this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, generator, dtype, null)
    {
    }

    private Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) dilation, int groups, bool bias, Generator? generator, DType? dtype, string? paddingMode)
    {
        WindowArguments.Convolution("Conv2d", inChannels, outChannels, groups,
            [kernelSize.H, kernelSize.W], [stride.H, stride.W], [padding.H, padding.W], [dilation.H, dilation.W]);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Dilation = dilation;
        Groups = groups;
        PaddingMode = paddingMode;
        if (paddingMode is null)
        {
            Padding = padding;
            _pads = (padding.H, padding.H, padding.W, padding.W);
        }
        else
        {
            var (top, bottom) = WindowArguments.StringPadding("Conv2d", paddingMode, kernelSize.H, stride.H, dilation.H);
            var (left, right) = WindowArguments.StringPadding("Conv2d", paddingMode, kernelSize.W, stride.W, dilation.W);
            Padding = (top, left);
            _pads = (top, bottom, left, right);
        }
        Weight = RegisterParameter("weight", Tensor.Zeros([outChannels, inChannels / groups, kernelSize.H, kernelSize.W], dtype));
        if (bias)
            Bias = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
        Init.LinearDefault(Weight, Bias, generator);
    }

    /// <summary>Channels of the input (C).</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output (OC), one filter each.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width (kH, kW).</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>Step between neighbouring windows, down and across.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>Zero padding before the first row and column (with "same" and an even kernel, the bottom/right get one more).</summary>
    public (int H, int W) Padding { get; }

    /// <summary>"same" or "valid" when the padding was given as a string, else null.</summary>
    public string? PaddingMode { get; }

    /// <summary>Spacing between kernel taps in each dim (1 = contiguous; a window spans dilation·(k−1) + 1 pixels).</summary>
    public (int H, int W) Dilation { get; }

    /// <summary>Channel groups convolved independently: each output channel sees C/groups input channels.</summary>
    public int Groups { get; }

    /// <summary>[OC, C/groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>[OC], or null without bias.</summary>
    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public Conv2dConfig Config => new(InChannels, OutChannels, KernelSize, Stride, new ConvPadding<(int H, int W)>(Padding, PaddingMode), Dilation, Groups, Bias is not null);

    /// <summary>A new layer from its arguments.</summary>
    public static Conv2d FromConfig(Conv2dConfig c) =>
        c.Padding.Mode is { } mode
        ? new(c.InChannels, c.OutChannels, c.KernelSize, mode, c.Stride ?? (1, 1), c.Dilation ?? (1, 1), c.Groups, c.Bias)
        : new(c.InChannels, c.OutChannels, c.KernelSize, c.Stride ?? (1, 1), c.Padding.Size, c.Dilation ?? (1, 1), c.Groups, c.Bias);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Size(1) != InChannels)
            throw new ArgumentException(
                $"Conv2d({InChannels}, {OutChannels}): expected input [N, {InChannels}, H, W], got {ShapeMath.Format(input.Shape)}.");
        // Checked here as well so that an input too small for the kernel is reported as this layer's error.
        WindowArguments.Convolution("Conv2d", input, Weight, Bias, [Stride.H, Stride.W],
            [_pads.Top, _pads.Bottom, _pads.Left, _pads.Right], [Dilation.H, Dilation.W], Groups);
        return input.Conv2d(Weight, Bias, Stride, _pads, Dilation, Groups);
    }

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape) =>
        (long)ShapeMath.Numel(outputShape) * (InChannels / Groups) * KernelSize.H * KernelSize.W;

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize.H}, {KernelSize.W}), stride=({Stride.H}, {Stride.W})" +
        (PaddingMode is not null ? $", padding={PaddingMode}" : Padding != (0, 0) ? $", padding=({Padding.H}, {Padding.W})" : "") +
        (Dilation != (1, 1) ? $", dilation=({Dilation.H}, {Dilation.W})" : "") +
        (Groups != 1 ? $", groups={Groups}" : "") + (Bias is null ? ", bias=false" : "");
}

/// <summary>The arguments of <see cref="Conv2d"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record Conv2dConfig(int InChannels, int OutChannels, (int H, int W) KernelSize, (int H, int W)? Stride = null, ConvPadding<(int H, int W)> Padding = default, (int H, int W)? Dilation = null, int Groups = 1, bool Bias = true);
