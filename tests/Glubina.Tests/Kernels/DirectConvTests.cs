using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Tests.Kernels;

/// <summary>The direct stride-1 convolution (<see cref="DirectConv"/>) against im2col + GEMM on the same inputs:
/// forward, input, weight and bias gradients, across padding (symmetric, asymmetric "same", larger than the
/// kernel's reach), dilation, groups (depthwise included), channel counts that do not fill a register block, and
/// widths that do not fill a register. The im2col path is itself checked against PyTorch by the conv fixtures.</summary>
public sealed class DirectConvTests
{
    [Theory]
    // n, c, oc, h, w, k, (top, bottom, left, right), dilation, groups
    [InlineData(3, 1, 6, 28, 28, 5, 2, 2, 2, 2, 1, 1)]      // LeNet's first layer
    [InlineData(5, 6, 16, 14, 14, 5, 0, 0, 0, 0, 1, 1)]     // LeNet's second layer
    [InlineData(2, 8, 13, 9, 11, 3, 1, 1, 1, 1, 1, 1)]      // 13 output channels: a partial register block
    [InlineData(2, 7, 6, 10, 17, 3, 1, 1, 1, 1, 2, 1)]      // dilation 2
    [InlineData(2, 6, 9, 8, 8, 4, 1, 2, 1, 2, 1, 1)]        // even kernel, PyTorch's asymmetric "same" padding
    [InlineData(2, 8, 8, 6, 7, 3, 3, 3, 3, 3, 1, 1)]        // padding beyond the kernel's reach
    [InlineData(3, 12, 12, 9, 9, 3, 1, 1, 1, 1, 1, 12)]     // depthwise
    [InlineData(2, 12, 18, 7, 7, 3, 0, 0, 0, 0, 1, 3)]      // 3 groups of 4 → 6
    [InlineData(2, 32, 32, 12, 12, 3, 1, 1, 1, 1, 1, 1)]    // wider layers take the direct forward and input gradient
    [InlineData(1, 32, 24, 32, 32, 3, 1, 1, 1, 1, 1, 1)]    // one sample, 3 channel blocks, 7M multiply-adds: the threads split the blocks
    [InlineData(1, 6, 6, 1, 40, 1, 0, 0, 3, 3, 1, 1)]       // Conv1d-shaped: one row, 1×1 kernel padded
    [InlineData(2, 6, 6, 1, 33, 1, 0, 0, 2, 2, 1, 1)]
    public void Direct_path_equals_im2col(int n, int c, int oc, int h, int w, int k, int top, int bottom, int left, int right,
        int dilation, int groups)
    {
        // Conv1d-shaped cases use a 1×k kernel.
        int kh = h == 1 ? 1 : k, kw = h == 1 ? 5 : k;
        var gen = new Generator(17);
        Tensor x = Tensor.Normal([n, c, h, w], 0, 1, gen);
        Tensor weight = Tensor.Normal([oc, c / groups, kh, kw], 0, 0.3, gen);
        Tensor bias = Tensor.Normal([oc], 0, 1, gen);
        int oh = ConvGeometry.OutputSize(h, kh, 1, top, top + bottom, dilation);
        int ow = ConvGeometry.OutputSize(w, kw, 1, left, left + right, dilation);
        var geometry = new ConvGeometry(c / groups, h, w, kh, kw, 1, 1, top, left, dilation, dilation, oh, ow);
        Assert.True(DirectConv.Supported ? DirectConv.Applies(geometry, oc / groups) : true, "this case should take the direct path");
        Tensor gy = Tensor.Normal([n, oc, oh, ow], 0, 1, gen);

        var direct = Run(x, weight, bias, gy, (top, bottom, left, right), dilation, groups, useDirect: true);
        var reference = Run(x, weight, bias, gy, (top, bottom, left, right), dilation, groups, useDirect: false);
        AssertClose(reference.Y, direct.Y, "output");
        AssertClose(reference.Gx, direct.Gx, "input gradient");
        AssertClose(reference.Gw, direct.Gw, "weight gradient");
        AssertClose(reference.Gb, direct.Gb, "bias gradient");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Random_geometries_agree_with_im2col(int seed)
    {
        // Kernels wider than the image, 1×k and k×1 kernels, dilation up to 3, uneven padding on each side.
        var random = new Random(seed);
        for (int trial = 0; trial < 3; trial++)
        {
            int groups = random.Next(1, 4), c = groups * random.Next(1, 5), oc = groups * random.Next(1, 8);
            int h = random.Next(1, 13), w = random.Next(1, 13), kh = random.Next(1, 6), kw = random.Next(1, 6), dilation = random.Next(1, 4);
            int top = random.Next(0, 5), bottom = random.Next(0, 5), left = random.Next(0, 5), right = random.Next(0, 5);
            int oh = ConvGeometry.OutputSize(h, kh, 1, top, top + bottom, dilation);
            int ow = ConvGeometry.OutputSize(w, kw, 1, left, left + right, dilation);
            if (oh < 1 || ow < 1)
                continue;
            var gen = new Generator((ulong)(seed * 10 + trial));
            Tensor x = Tensor.Normal([random.Next(1, 4), c, h, w], 0, 1, gen);
            Tensor weight = Tensor.Normal([oc, c / groups, kh, kw], 0, 0.3, gen);
            Tensor bias = Tensor.Normal([oc], 0, 1, gen);
            Tensor gy = Tensor.Normal([x.Shape[0], oc, oh, ow], 0, 1, gen);
            var padding = (top, bottom, left, right);
            var direct = Run(x, weight, bias, gy, padding, dilation, groups, useDirect: true);
            var reference = Run(x, weight, bias, gy, padding, dilation, groups, useDirect: false);
            string what = $"x {ShapeMath.Format(x.Shape)}, w {ShapeMath.Format(weight.Shape)}, padding {padding}, dilation {dilation}, groups {groups}";
            AssertClose(reference.Y, direct.Y, "output of " + what);
            AssertClose(reference.Gx, direct.Gx, "input gradient of " + what);
            AssertClose(reference.Gw, direct.Gw, "weight gradient of " + what);
        }
    }

    [Fact]
    public void An_empty_batch_gives_an_empty_output_and_zero_gradients()
    {
        // As PyTorch: a batch of 0 samples is valid, and the weight and bias gradients are sums over nothing.
        var gen = new Generator(8);
        Tensor weight = Tensor.Normal([16, 6, 5, 5], 0, 0.3, gen), bias = Tensor.Normal([16], 0, 1, gen);
        var result = Run(Tensor.Zeros([0, 6, 14, 14]), weight, bias, Tensor.Zeros([0, 16, 10, 10]), (0, 0, 0, 0), 1, 1, useDirect: true);
        Assert.Empty(result.Y);
        Assert.Empty(result.Gx);
        Assert.All(result.Gw, v => Assert.Equal(0f, v));
        Assert.All(result.Gb, v => Assert.Equal(0f, v));
        Assert.Equal(16 * 6 * 25, result.Gw.Length);
    }

    [Fact]
    public void An_infinite_input_gives_the_same_weight_gradient_as_im2col()
    {
        // The direct weight gradient multiplies junk positions by zero; with an infinite input that would be NaN,
        // so such inputs take im2col for the weight gradient.
        var gen = new Generator(5);
        float[] data = Tensor.Normal([2, 1, 8, 8], 0, 1, gen).ToArray<float>();
        data[7] = float.PositiveInfinity;   // the last column of the first row: junk positions read it
        Tensor x = Tensor.FromArray(data, 2, 1, 8, 8);
        Tensor weight = Tensor.Normal([6, 1, 3, 3], 0, 0.3, gen);
        Tensor gy = Tensor.Normal([2, 6, 8, 8], 0, 1, gen);
        var direct = Run(x, weight, null, gy, (1, 1, 1, 1), 1, 1, useDirect: true);
        var reference = Run(x, weight, null, gy, (1, 1, 1, 1), 1, 1, useDirect: false);
        Assert.Equal(reference.Gw.Select(float.IsNaN), direct.Gw.Select(float.IsNaN));
        Assert.Equal(reference.Gw.Select(float.IsInfinity), direct.Gw.Select(float.IsInfinity));
        AssertClose(reference.Gw.Where(float.IsFinite).ToArray(), direct.Gw.Where(float.IsFinite).ToArray(), "weight gradient");
    }

    private static (float[] Y, float[] Gx, float[] Gw, float[] Gb) Run(Tensor x, Tensor weight, Tensor? bias, Tensor gy,
        (int, int, int, int) padding, int dilation, int groups, bool useDirect)
    {
        bool saved = DirectConv.Enabled;
        DirectConv.Enabled = useDirect;
        try
        {
            Tensor xl = x.Clone().RequiresGrad_(), wl = weight.Clone().RequiresGrad_();
            Tensor? bl = bias?.Clone().RequiresGrad_();
            Tensor y = xl.Conv2d(wl, bl, (1, 1), padding, (dilation, dilation), groups);
            y.Backward(gy);
            return (y.ToArray<float>(), xl.Grad!.ToArray<float>(), wl.Grad!.ToArray<float>(), bl?.Grad!.ToArray<float>() ?? []);
        }
        finally
        {
            DirectConv.Enabled = saved;
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])),
                $"{what} [{i}]: im2col {expected[i]}, direct {actual[i]}");
    }
}
