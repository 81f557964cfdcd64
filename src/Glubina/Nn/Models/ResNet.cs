using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// A ResNet of <see cref="ResidualBlock"/>s, as torchvision's <c>ResNet</c> with <c>BasicBlock</c>: a stem
/// (conv1, bn1, ReLU, and for full-size images a 3×3/2 max pool), stages <c>layer1</c>…<c>layerK</c> whose widths
/// double from <c>baseWidth</c> (every stage after the first starts with stride 2), global average pooling and
/// <c>fc</c>. With <c>blocksPerStage</c> [2, 2, 2, 2], baseWidth 64 and smallInputs false this is ResNet-18 with
/// torchvision's parameter names. <c>smallInputs</c> (CIFAR-style) uses a 3×3 stride-1 stem and no max pool.
/// Input [N, inChannels, H, W] → logits [N, numClasses].
/// </summary>
public sealed class ResNet : Module, IConfigurable<ResNet, ResNetConfig>
{
    private readonly MaxPool2d? _maxPool;
    private readonly List<Sequential> _stages = [];
    private readonly AdaptiveAvgPool2d _avgPool = new(1);

    /// <summary>Builds the network with freshly initialised weights.</summary>
    /// <param name="blocksPerStage">Residual blocks per stage ([2, 2, 2, 2] for ResNet-18).</param>
    /// <param name="numClasses">Outputs of <c>fc</c>.</param>
    /// <param name="inChannels">Channels of the input images (3 for RGB).</param>
    /// <param name="baseWidth">Channels of the stem and the first stage.</param>
    /// <param name="smallInputs">CIFAR-style stem (3×3 stride 1, no max pool) rather than ImageNet's (7×7 stride 2 and a max pool).</param>
    /// <param name="generator">Initialisation stream (default <see cref="Generator.Default"/>).</param>
    /// <param name="dtype">Parameter dtype (default <see cref="Tensor.DefaultDType"/>).</param>
    /// <exception cref="ArgumentException">blocksPerStage is empty or holds a non-positive count, or a size is not positive.</exception>
    public ResNet(int[] blocksPerStage, int numClasses, int inChannels = 3, int baseWidth = 64, bool smallInputs = true,
        Generator? generator = null, DType? dtype = null)
    {
        if (blocksPerStage.Length == 0 || blocksPerStage.Any(b => b <= 0) || numClasses <= 0 || inChannels <= 0 || baseWidth <= 0)
            throw new ArgumentException(
                $"ResNet: blocksPerStage must be non-empty and positive, sizes positive; got blocks {ShapeMath.Format(blocksPerStage)}, " +
                $"classes {numClasses}, in_channels {inChannels}, base_width {baseWidth}.");
        BlocksPerStage = (int[])blocksPerStage.Clone();
        BaseWidth = baseWidth;
        InChannels = inChannels;
        NumClasses = numClasses;
        SmallInputs = smallInputs;
        Conv1 = RegisterModule("conv1", smallInputs
            ? new Conv2d(inChannels, baseWidth, 3, 1, 1, bias: false, generator: generator, dtype: dtype)
            : new Conv2d(inChannels, baseWidth, 7, 2, 3, bias: false, generator: generator, dtype: dtype));
        RegisterModule("bn1", new BatchNorm2d(baseWidth, dtype: dtype));
        if (!smallInputs)
            _maxPool = new MaxPool2d(3, 2, 1);
        int channels = baseWidth;
        for (int s = 0; s < blocksPerStage.Length; s++)
        {
            int width = baseWidth << s;
            var stage = new Sequential();
            for (int b = 0; b < blocksPerStage[s]; b++)
            {
                stage.Add(new ResidualBlock(channels, width, b == 0 && s > 0 ? 2 : 1, generator, dtype));
                channels = width;
            }
            _stages.Add(RegisterModule($"layer{s + 1}", stage));
        }
        Fc = RegisterModule("fc", new Linear(channels, numClasses, generator: generator, dtype: dtype));
    }

    /// <summary>Residual blocks in each stage.</summary>
    public int[] BlocksPerStage { get; }

    /// <summary>Channels of the stem and the first stage (doubling per stage).</summary>
    public int BaseWidth { get; }

    /// <summary>Channels of the input images (C).</summary>
    public int InChannels { get; }

    /// <summary>Number of outputs (classes) of the final layer.</summary>
    public int NumClasses { get; }

    /// <summary>True for the CIFAR-style stem (3×3 stride 1, no max pool), false for ImageNet's (7×7 stride 2, 3×3/2 max pool).</summary>
    public bool SmallInputs { get; }

    /// <summary>The stem convolution (<c>conv1</c>), without bias.</summary>
    public Conv2d Conv1 { get; }

    /// <summary>The classifier after global average pooling (<c>fc</c>).</summary>
    public Linear Fc { get; }

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public ResNetConfig Config => new(BlocksPerStage, NumClasses, InChannels, BaseWidth, SmallInputs);

    /// <summary>A new layer from its arguments.</summary>
    public static ResNet FromConfig(ResNetConfig c) => new(c.BlocksPerStage, c.NumClasses, c.InChannels, c.BaseWidth, c.SmallInputs);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Shape[1] != InChannels)
            throw new ArgumentException(
                $"ResNet: input must be [N, {InChannels}, H, W], got {ShapeMath.Format(input.Shape)}.");
        var bn1 = (BatchNorm2d)NamedChildren().First(kv => kv.Key == "bn1").Value;
        Tensor x = bn1.Call(Conv1.Call(input)).Relu();
        if (_maxPool is not null)
            x = _maxPool.Call(x);
        foreach (var stage in _stages)
            x = stage.Call(x);
        return Fc.Call(_avgPool.Call(x).Flatten(1));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"stages={_stages.Count}, num_classes={NumClasses}";
}

/// <summary>The arguments of <see cref="ResNet"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record ResNetConfig(int[] BlocksPerStage, int NumClasses, int InChannels = 3, int BaseWidth = 64, bool SmallInputs = true);
