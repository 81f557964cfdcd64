using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// 2-D transposed convolution (PyTorch's nn.ConvTranspose2d), the gradient of <see cref="Conv2d"/> with respect to its
/// input: x [N, C, H, W] → y [N, OC, OH, OW] with OH = (H−1)·stride − 2·padding + dilation·(kH−1) + output_padding + 1.
/// Parameters as PyTorch: <c>weight</c> [C, OC/groups, kH, kW] and <c>bias</c> [OC], initialised like
/// nn.ConvTranspose2d (Kaiming-uniform with a = √5 over fan_in = OC/groups·kH·kW, bias U(±1/√fan_in)).
/// Built from public tensor operations: the input is spread by the stride with zeros between its elements, and convolved
/// with stride 1, zero padding dilation·(k−1) − padding per side (plus the output padding after), by the weight flipped
/// in space with in and out channels swapped.
/// </summary>
public sealed class ConvTranspose2d : Module, IConfigurable<ConvTranspose2d, ConvTranspose2dConfig>
{
    /// <summary>A square kernel with the same stride, padding, output padding and dilation in both dims.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0,
        int groups = 1, bool bias = true, int dilation = 1, Generator? generator = null, DType? dtype = null)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (outputPadding, outputPadding),
            groups, bias, (dilation, dilation), generator, dtype)
    {
    }

    /// <summary>Separate height and width sizes (PyTorch's tuple arguments, in PyTorch's order).</summary>
    public ConvTranspose2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) outputPadding, int groups, bool bias, (int H, int W) dilation, Generator? generator = null, DType? dtype = null)
    {
        WindowArguments.Convolution("ConvTranspose2d", inChannels, outChannels, groups,
            [kernelSize.H, kernelSize.W], [stride.H, stride.W], [padding.H, padding.W], [dilation.H, dilation.W]);
        if (outputPadding.H < 0 || outputPadding.W < 0
            || (outputPadding.H >= stride.H && outputPadding.H >= dilation.H) || (outputPadding.W >= stride.W && outputPadding.W >= dilation.W))
            throw new ArgumentException(
                $"ConvTranspose2d: output_padding ({outputPadding.H}, {outputPadding.W}) must be non-negative and smaller than either " +
                $"the stride ({stride.H}, {stride.W}) or the dilation ({dilation.H}, {dilation.W}) in each dim.");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Groups = groups;
        Dilation = dilation;
        Weight = RegisterParameter("weight", Tensor.Zeros([inChannels, outChannels / groups, kernelSize.H, kernelSize.W], dtype));
        if (bias)
            Bias = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
        Init.LinearDefault(Weight, Bias, generator);
    }

    /// <summary>Channels of the input (C).</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output (OC).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width (kH, kW).</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>Upsampling factor in each dim: input neighbours land this far apart in the output.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>Rows and columns taken off each side of the full transposed output.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>Rows and columns added to the bottom and right, telling apart the input sizes a strided convolution maps
    /// to the same output size.</summary>
    public (int H, int W) OutputPadding { get; }

    /// <summary>Channel groups handled independently: each output channel depends on C/groups input channels.</summary>
    public int Groups { get; }

    /// <summary>Spacing between kernel taps in each dim (1 = contiguous).</summary>
    public (int H, int W) Dilation { get; }

    /// <summary>[C, OC/groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>[OC], or null without bias.</summary>
    public Tensor? Bias { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public ConvTranspose2dConfig Config => new(InChannels, OutChannels, KernelSize, Stride, Padding, OutputPadding, Groups, Bias is not null, Dilation);

    /// <summary>A new layer from its arguments.</summary>
    public static ConvTranspose2d FromConfig(ConvTranspose2dConfig c) => new(c.InChannels, c.OutChannels, c.KernelSize, c.Stride ?? (1, 1),
        c.Padding, c.OutputPadding, c.Groups, c.Bias, c.Dilation ?? (1, 1));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Size(1) != InChannels)
            throw new ArgumentException(
                $"ConvTranspose2d({InChannels}, {OutChannels}): expected input [N, {InChannels}, H, W], got {ShapeMath.Format(input.Shape)}.");
        int outH = OutputSize(input.Size(2), KernelSize.H, Stride.H, Padding.H, OutputPadding.H, Dilation.H);
        int outW = OutputSize(input.Size(3), KernelSize.W, Stride.W, Padding.W, OutputPadding.W, Dilation.W);
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException(
                $"ConvTranspose2d: input {ShapeMath.Format(input.Shape)} gives an empty output ({outH} x {outW}); padding is too large.");
        // Zeros dilation·(k−1) − padding before and that plus the output padding after; a negative amount (padding
        // beyond the kernel's reach) crops instead.
        Tensor x = input;
        var (top, bottom) = SpreadAndCrop(ref x, 2, Stride.H, Dilation.H * (KernelSize.H - 1) - Padding.H, OutputPadding.H);
        var (left, right) = SpreadAndCrop(ref x, 3, Stride.W, Dilation.W * (KernelSize.W - 1) - Padding.W, OutputPadding.W);
        return x.Conv2d(ConvolutionWeight(), Bias, (1, 1), (top, bottom, left, right), Dilation, Groups);
    }

    private static int OutputSize(int size, int kernel, int stride, int padding, int outputPadding, int dilation) =>
        (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;

    // stride − 1 zeros between neighbours along dim: [.., n, ..] → [.., (n−1)·stride + 1, ..].
    private static Tensor Spread(Tensor x, int dim, int stride)
    {
        if (stride == 1 || x.Size(dim) == 0)
            return x;
        int[] shape = x.ShapeArray();
        int n = shape[dim];
        int[] gapShape = [.. shape[..(dim + 1)], stride - 1, .. shape[(dim + 1)..]];
        Tensor spread = Tensor.Cat([x.Unsqueeze(dim + 1), Tensor.Zeros(gapShape, x.DType)], dim + 1);
        shape[dim] = n * stride;
        return spread.Reshape(shape).Narrow(dim, 0, (n - 1) * stride + 1);
    }

    // Spreads dim by the stride and crops what a negative padding takes off; returns the zero padding left to add.
    private static (int Before, int After) SpreadAndCrop(ref Tensor x, int dim, int stride, int before, int outputPadding)
    {
        x = Spread(x, dim, stride);
        int after = before + outputPadding;
        if (before < 0 || after < 0)
            x = x.Narrow(dim, Math.Max(-before, 0), x.Size(dim) + Math.Min(before, 0) + Math.Min(after, 0));
        return (Math.Max(before, 0), Math.Max(after, 0));
    }

    // [C, OC/g, kH, kW] → [OC, C/g, kH, kW], flipped in space: the convolution whose input gradient this layer is.
    private Tensor ConvolutionWeight()
    {
        int inPerGroup = InChannels / Groups, outPerGroup = OutChannels / Groups;
        Tensor w = Weight.Reshape(Groups, inPerGroup, outPerGroup, KernelSize.H, KernelSize.W).Transpose(1, 2)
            .Reshape(OutChannels, inPerGroup, KernelSize.H, KernelSize.W);
        return w.IndexSelect(2, Reversed(KernelSize.H)).IndexSelect(3, Reversed(KernelSize.W));
    }

    private static Tensor Reversed(int n) => Tensor.Arange(n - 1, -1, -1, DType.Int64);

    /// <inheritdoc/>
    public override long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape) =>
        (long)ShapeMath.Numel(inputShape) * (OutChannels / Groups) * KernelSize.H * KernelSize.W;

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize.H}, {KernelSize.W}), stride=({Stride.H}, {Stride.W})" +
        (Padding != (0, 0) ? $", padding=({Padding.H}, {Padding.W})" : "") +
        (OutputPadding != (0, 0) ? $", output_padding=({OutputPadding.H}, {OutputPadding.W})" : "") +
        (Dilation != (1, 1) ? $", dilation=({Dilation.H}, {Dilation.W})" : "") +
        (Groups != 1 ? $", groups={Groups}" : "") + (Bias is null ? ", bias=false" : "");
}

/// <summary>The arguments of <see cref="ConvTranspose2d"/> in a model file (PyTorch's, in snake_case and PyTorch's order).</summary>
public sealed record ConvTranspose2dConfig(int InChannels, int OutChannels, (int H, int W) KernelSize, (int H, int W)? Stride = null,
    (int H, int W) Padding = default, (int H, int W) OutputPadding = default, int Groups = 1, bool Bias = true, (int H, int W)? Dilation = null);
