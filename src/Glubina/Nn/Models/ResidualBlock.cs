using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// The basic ResNet block (He et al. 2016; torchvision's <c>BasicBlock</c>): conv3×3(stride) → BatchNorm → ReLU →
/// conv3×3 → BatchNorm, plus the shortcut (identity, or a 1×1 stride-s convolution + BatchNorm when the stride or the
/// channel count changes), then ReLU. Submodule names are torchvision's (conv1, bn1, conv2, bn2, downsample.0,
/// downsample.1), so its state dicts load. Input [N, inChannels, H, W] → [N, outChannels, ⌈H/stride⌉, ⌈W/stride⌉].
/// </summary>
public sealed class ResidualBlock : Module, IConfigurable<ResidualBlock, ResidualBlockConfig>
{
    /// <summary>A block with freshly initialised weights; a projection shortcut is added when the stride or the channel
    /// count changes the shape.</summary>
    /// <param name="inChannels">Channels of the input (C).</param>
    /// <param name="outChannels">Channels of the output (OC).</param>
    /// <param name="stride">Stride of the first convolution (2 halves H and W).</param>
    /// <param name="generator">Initialisation stream (default <see cref="Generator.Default"/>).</param>
    /// <param name="dtype">Parameter dtype (default <see cref="Tensor.DefaultDType"/>).</param>
    /// <exception cref="ArgumentException">A channel count or the stride is not positive.</exception>
    public ResidualBlock(int inChannels, int outChannels, int stride = 1, Generator? generator = null, DType? dtype = null)
    {
        if (inChannels <= 0 || outChannels <= 0 || stride <= 0)
            throw new ArgumentException(
                $"ResidualBlock: channels and stride must be positive, got in={inChannels}, out={outChannels}, stride={stride}.");
        InChannels = inChannels;
        OutChannels = outChannels;
        Stride = stride;
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, stride, 1, bias: false, generator: generator, dtype: dtype));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(outChannels, dtype: dtype));
        Conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, 1, 1, bias: false, generator: generator, dtype: dtype));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(outChannels, dtype: dtype));
        if (stride != 1 || inChannels != outChannels)
            Downsample = RegisterModule("downsample", new Sequential(
                new Conv2d(inChannels, outChannels, 1, stride, 0, bias: false, generator: generator, dtype: dtype),
                new BatchNorm2d(outChannels, dtype: dtype)));
    }

    /// <summary>Channels of the input (C).</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output (OC).</summary>
    public int OutChannels { get; }

    /// <summary>Stride of the first convolution and the shortcut (2 halves H and W).</summary>
    public int Stride { get; }

    /// <summary>First 3×3 convolution, carrying the stride (<c>conv1</c>).</summary>
    public Conv2d Conv1 { get; }

    /// <summary>BatchNorm after <see cref="Conv1"/> (<c>bn1</c>).</summary>
    public BatchNorm2d Bn1 { get; }

    /// <summary>Second 3×3 convolution, stride 1 (<c>conv2</c>).</summary>
    public Conv2d Conv2 { get; }

    /// <summary>BatchNorm after <see cref="Conv2"/> (<c>bn2</c>).</summary>
    public BatchNorm2d Bn2 { get; }

    /// <summary>The projection shortcut (null for the identity).</summary>
    public Sequential? Downsample { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public ResidualBlockConfig Config => new(InChannels, OutChannels, Stride);

    /// <summary>A new layer from its arguments.</summary>
    public static ResidualBlock FromConfig(ResidualBlockConfig c) => new(c.InChannels, c.OutChannels, c.Stride);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Shape[1] != InChannels)
            throw new ArgumentException(
                $"ResidualBlock(in={InChannels}, out={OutChannels}): input must be [N, {InChannels}, H, W], got {ShapeMath.Format(input.Shape)}.");
        Tensor y = Bn1.Call(Conv1.Call(input)).Relu();
        y = Bn2.Call(Conv2.Call(y));
        Tensor shortcut = Downsample is null ? input : Downsample.Call(input);
        return y.Add(shortcut).Relu();
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in={InChannels}, out={OutChannels}, stride={Stride}";
}

/// <summary>The arguments of <see cref="ResidualBlock"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record ResidualBlockConfig(int InChannels, int OutChannels, int Stride = 1);
