using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Convolution;

/// <summary>Runs <see cref="LayerHarness"/> over every convolution-family layer (shape, PyTorch's parameter count,
/// state-dict round trip, a step lowers the loss, finite-difference gradients). Parameter counts are PyTorch's
/// <c>sum(p.numel() for p in m.parameters())</c>.</summary>
public sealed class ConvHarnessTests
{
    private static readonly LayerHarness.Spec[] s_specs =
    [
        new("Conv2d(3,4,3)", (g, t) => new Conv2d(3, 4, 3, generator: g, dtype: t), [2, 3, 6, 5], [2, 4, 4, 3], 112),
        new("Conv2d(2,6,(3,2),stride=(2,1),padding=(1,0),dilation=(1,2),groups=2)",
            (g, t) => new Conv2d(2, 6, (3, 2), (2, 1), (1, 0), (1, 2), groups: 2, generator: g, dtype: t), [2, 2, 7, 6], [2, 6, 4, 4], 42),
        new("Conv2d(4,4,3,padding=1,groups=4) depthwise", (g, t) => new Conv2d(4, 4, 3, padding: 1, groups: 4, generator: g, dtype: t),
            [2, 4, 5, 5], [2, 4, 5, 5], 40),
        new("Conv2d(3,2,4,padding=same,bias=False)", (g, t) => new Conv2d(3, 2, 4, "same", bias: false, generator: g, dtype: t),
            [2, 3, 5, 6], [2, 2, 5, 6], 96),
        new("Conv2d(5,3,1) pointwise", (g, t) => new Conv2d(5, 3, 1, generator: g, dtype: t), [2, 5, 3, 4], [2, 3, 3, 4], 18),
        new("Conv1d(3,4,3,stride=2,padding=1)", (g, t) => new Conv1d(3, 4, 3, stride: 2, padding: 1, generator: g, dtype: t),
            [2, 3, 9], [2, 4, 5], 40),
        new("Conv1d(4,2,3,padding=same,dilation=2,groups=2)", (g, t) => new Conv1d(4, 2, 3, "same", dilation: 2, groups: 2, generator: g, dtype: t),
            [2, 4, 7], [2, 2, 7], 14),
        new("MaxPool2d(3,2,1)", (g, t) => new MaxPool2d(3, 2, 1), [2, 2, 7, 6], [2, 2, 4, 3], 0),
        new("MaxPool2d(2,ceil_mode)", (g, t) => new MaxPool2d(2, ceilMode: true), [2, 2, 5, 5], [2, 2, 3, 3], 0),
        new("MaxPool1d(3,2)", (g, t) => new MaxPool1d(3, 2), [2, 3, 9], [2, 3, 4], 0),
        new("AvgPool2d(3,2,1)", (g, t) => new AvgPool2d(3, 2, 1), [2, 2, 7, 6], [2, 2, 4, 3], 0),
        new("AvgPool2d(2,count_include_pad=False,ceil)", (g, t) => new AvgPool2d(3, 2, 1, ceilMode: true, countIncludePad: false),
            [1, 2, 6, 6], [1, 2, 4, 4], 0),
        new("AvgPool1d(2)", (g, t) => new AvgPool1d(2), [2, 3, 9], [2, 3, 4], 0),
        new("AdaptiveAvgPool2d((3,2))", (g, t) => new AdaptiveAvgPool2d((3, 2)), [2, 3, 7, 5], [2, 3, 3, 2], 0),
        new("AdaptiveAvgPool2d(1) global", (g, t) => new AdaptiveAvgPool2d(1), [2, 3, 4, 5], [2, 3, 1, 1], 0),
        new("BatchNorm2d(3)", (g, t) => new BatchNorm2d(3, dtype: t), [2, 3, 4, 3], [2, 3, 4, 3], 6),
        new("BatchNorm2d(3,affine=False)", (g, t) => new BatchNorm2d(3, affine: false, dtype: t), [2, 3, 4, 3], [2, 3, 4, 3], 0),
        new("GroupNorm(2,4)", (g, t) => new GroupNorm(2, 4, dtype: t), [2, 4, 3, 3], [2, 4, 3, 3], 8),
        new("GroupNorm(3,6,affine=False) on [N,C,L]", (g, t) => new GroupNorm(3, 6, affine: false, dtype: t), [2, 6, 5], [2, 6, 5], 0),
        new("Dropout2d(0.3)", (g, t) => new Dropout2d(0.3, g), [3, 4, 2, 3], [3, 4, 2, 3], 0),
        new("Upsample(2)", (g, t) => new Upsample(2), [2, 3, 3, 2], [2, 3, 6, 4], 0),
        new("Upsample(3) on [N,C,L]", (g, t) => new Upsample(3), [2, 2, 4], [2, 2, 12], 0),
        new("Sequential LeNet-style conv block", (g, t) => new Sequential(
            new Conv2d(1, 4, 5, padding: 2, generator: g, dtype: t), new BatchNorm2d(4, dtype: t), new ReLU(), new MaxPool2d(2),
            new Conv2d(4, 6, 3, generator: g, dtype: t), new GroupNorm(2, 6, dtype: t), new Tanh(), new AdaptiveAvgPool2d(1),
            new Flatten(), new Linear(6, 3, generator: g, dtype: t)), [2, 1, 10, 10], [2, 3], 104 + 8 + 222 + 12 + 21),
    ];

    public static TheoryData<string> Specs() => new(s_specs.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Specs))]
    public void Layer_passes_the_harness(string name)
    {
        var spec = s_specs.Single(s => s.Name == name);
        // Every layer here takes a dtype or has no parameters, so the gradient is always checked in float64.
        Assert.Equal(LayerHarness.GradientPath.Float64, LayerHarness.Check(spec));
    }
}
