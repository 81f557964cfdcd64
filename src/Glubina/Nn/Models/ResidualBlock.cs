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

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Stride { get; }

    public Conv2d Conv1 { get; }

    public BatchNorm2d Bn1 { get; }

    public Conv2d Conv2 { get; }

    public BatchNorm2d Bn2 { get; }

    /// <summary>The projection shortcut (null for the identity).</summary>
    public Sequential? Downsample { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public ResidualBlockConfig Config => new(InChannels, OutChannels, Stride);

    /// <summary>A new layer from its arguments.</summary>
    public static ResidualBlock FromConfig(ResidualBlockConfig c) => new(c.InChannels, c.OutChannels, c.Stride);

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

    protected override string ExtraRepr() => $"in={InChannels}, out={OutChannels}, stride={Stride}";
}

/// <summary>The arguments of <see cref="ResidualBlock"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record ResidualBlockConfig(int InChannels, int OutChannels, int Stride = 1);
