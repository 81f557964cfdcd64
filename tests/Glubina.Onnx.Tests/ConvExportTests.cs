using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Onnx.Tests;

public sealed class ConvExportTests
{
    [Fact]
    public void Conv2d_with_stride_padding_dilation_groups_and_pools_matches()
    {
        var model = new Sequential(
            new Conv2d(2, 6, (3, 3), (2, 1), (1, 2), (1, 2)), new ReLU(),
            new Conv2d(6, 6, 3, "same", groups: 3), new MaxPool2d(2), new Conv2d(6, 4, 1, bias: false),
            new AvgPool2d((2, 2), (1, 1), (1, 1), countIncludePad: false), new Upsample(2), new AvgPool2d(2),
            new AdaptiveAvgPool2d((5, 2)), new Flatten(), new Linear(40, 3));
        OnnxCheck.Matches(model, [2, 17, 14], 1e-4);
    }

    [Fact]
    public void Conv1d_and_one_dim_pools_match()
    {
        var model = new Sequential(new Conv1d(3, 5, 3, stride: 1, padding: 2, dilation: 2), new MaxPool1d(3, 2, 1),
            new Conv1d(5, 5, 4, "same"), new Upsample(3), new AvgPool1d(3, 2, 1), new ELU(), new Flatten(), new Linear(5 * 12, 2));
        OnnxCheck.Matches(model, [3, 16], 1e-4);
    }

    [Fact]
    public void Ceil_mode_pooling_matches()
    {
        var model = new Sequential(new MaxPool2d((3, 3), (2, 2), (1, 1), (1, 1), ceilMode: true),
            new AvgPool2d((2, 2), (2, 2), (0, 0), ceilMode: true));
        OnnxCheck.Matches(model, [2, 8, 9], 1e-5);
    }

    [Fact]
    public void Global_average_pool_takes_any_image_size()
    {
        var model = new Sequential(new Conv2d(1, 4, 3), new ReLU(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(4, 2));
        OnnxCheck.Matches(model, [1, -1, -1], 1e-5, dynamicSize: 9);
    }

    [Fact]
    public void Residual_blocks_and_a_small_resnet_match()
    {
        var block = new Sequential(new ResidualBlock(3, 6, stride: 2), new ResidualBlock(6, 6));
        NormWarm(block, [4, 3, 8, 8]);
        OnnxCheck.Matches(block, [3, 8, 8], 1e-4);
        var resnet = new ResNet([1, 1], numClasses: 3, inChannels: 1, baseWidth: 4, smallInputs: false);
        NormWarm(resnet, [4, 1, 16, 16]);
        OnnxCheck.Matches(resnet, [1, 16, 16], 1e-4);
    }

    private static void NormWarm(Module model, int[] shape)
    {
        model.Train();
        var generator = new Generator(5);
        for (int i = 0; i < 2; i++)
            model.Call(Tensor.Normal(shape, 0, 1, generator));
        model.Eval();
    }
}
