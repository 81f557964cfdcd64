using Glubina.Kernels;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Convolution;

/// <summary>The functional convolution and pooling ops: against a naive float64 convolution on problems large enough
/// for the parallel and multi-group paths, thread-count independence, non-contiguous inputs, the 1×1 fast path,
/// Dropout2d's channel masks, multiply-add counts and error messages.</summary>
public sealed class ConvOpTests
{
    // x: [N, C, H, W], w: [OC, C/g, kH, kW] → y: [N, OC, OH, OW], straight from the definition.
    private static double[] NaiveConv(double[] x, int[] xs, double[] w, int[] ws, double[]? b, int stride, int pad, int dil, int groups,
        out int[] shape)
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], oc = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = (h + 2 * pad - dil * (kh - 1) - 1) / stride + 1, ow = (wd + 2 * pad - dil * (kw - 1) - 1) / stride + 1;
        shape = [n, oc, oh, ow];
        var y = new double[n * oc * oh * ow];
        int ocg = oc / groups;
        for (int i = 0; i < n; i++)
            for (int o = 0; o < oc; o++)
                for (int p = 0; p < oh; p++)
                    for (int q = 0; q < ow; q++)
                    {
                        double s = b?[o] ?? 0;
                        for (int ci = 0; ci < cg; ci++)
                            for (int a = 0; a < kh; a++)
                                for (int bb = 0; bb < kw; bb++)
                                {
                                    int ih = p * stride - pad + a * dil, iw = q * stride - pad + bb * dil;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd)
                                        continue;
                                    int cin = o / ocg * cg + ci;
                                    s += x[((i * c + cin) * h + ih) * wd + iw] * w[((o * cg + ci) * kh + a) * kw + bb];
                                }
                        y[((i * oc + o) * oh + p) * ow + q] = s;
                    }
        return y;
    }

    [Theory]
    [InlineData(8, 16, 16, 12, 3, 1, 1, 1, 1)]
    [InlineData(6, 12, 8, 11, 3, 2, 1, 2, 4)]
    [InlineData(5, 6, 6, 9, 3, 1, 1, 1, 6)]
    [InlineData(4, 16, 32, 10, 1, 1, 0, 1, 1)]
    public void Conv2d_matches_the_definition_on_larger_problems(int n, int c, int oc, int size, int k, int stride, int pad, int dil, int groups)
    {
        var gen = new Generator(5);
        Tensor x = Tensor.Normal([n, c, size, size], 0, 1, gen, DType.Float64);
        Tensor w = Tensor.Normal([oc, c / groups, k, k], 0, 0.3, gen, DType.Float64);
        Tensor b = Tensor.Normal([oc], 0, 1, gen, DType.Float64);
        double[] expected = NaiveConv(x.ToDoubleArray(), x.ShapeArray(), w.ToDoubleArray(), w.ShapeArray(), b.ToDoubleArray(),
            stride, pad, dil, groups, out int[] shape);
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            Tensor y = x.To(dtype).Conv2d(w.To(dtype), b.To(dtype), stride, pad, dil, groups);
            Assert.Equal(shape, y.ShapeArray());
            double[] got = y.ToDoubleArray();
            double tol = dtype == DType.Float64 ? 1e-10 : 1e-4;
            for (int i = 0; i < got.Length; i++)
                Assert.True(Math.Abs(got[i] - expected[i]) <= tol * (1 + Math.Abs(expected[i])), $"{dtype.Name()} element {i}: {got[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Gradients_do_not_depend_on_the_thread_count_beyond_rounding()
    {
        var gen = new Generator(9);
        Tensor x = Tensor.Normal([8, 8, 10, 10], 0, 1, gen);
        Tensor w = Tensor.Normal([16, 8, 3, 3], 0, 0.2, gen);
        Tensor b = Tensor.Normal([16], 0, 1, gen);
        Tensor g = Tensor.Normal([8, 16, 10, 10], 0, 1, gen);
        (double[] Y, double[] Gx, double[] Gw, double[] Gb) Run()
        {
            Tensor xl = x.Clone().RequiresGrad_(), wl = w.Clone().RequiresGrad_(), bl = b.Clone().RequiresGrad_();
            Tensor y = xl.Conv2d(wl, bl, padding: 1);
            y.Backward(g);
            return (y.ToDoubleArray(), xl.Grad!.ToDoubleArray(), wl.Grad!.ToDoubleArray(), bl.Grad!.ToDoubleArray());
        }
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            var one = Run();
            KernelThreads.Count = 3;
            var three = Run();
            Assert.Equal(one.Y, three.Y);       // forward: the same arithmetic per sample
            Assert.Equal(one.Gx, three.Gx);
            Assert.Equal(one.Gb, three.Gb);
            for (int i = 0; i < one.Gw.Length; i++)   // weight gradient: partial sums per thread, added in order
                Assert.True(Math.Abs(one.Gw[i] - three.Gw[i]) <= 1e-4 * (1 + Math.Abs(one.Gw[i])), $"gw[{i}]");
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void Non_contiguous_inputs_give_the_same_results()
    {
        var gen = new Generator(3);
        Tensor x = Tensor.Normal([2, 3, 6, 5], 0, 1, gen, DType.Float64);
        Tensor w = Tensor.Normal([4, 3, 3, 3], 0, 1, gen, DType.Float64);
        Tensor xt = x.Transpose(2, 3).Contiguous().Transpose(2, 3);   // same values, strides of a transposed layout
        Tensor wt = w.Transpose(0, 1).Contiguous().Transpose(0, 1);
        Assert.False(xt.IsContiguous);
        Assert.Equal(x.Conv2d(w, null, 2, 1).ToDoubleArray(), xt.Conv2d(wt, null, 2, 1).ToDoubleArray());
        Assert.Equal(x.MaxPool2d(2).ToDoubleArray(), xt.MaxPool2d(2).ToDoubleArray());
        Assert.Equal(x.AvgPool2d(3, 2, 1).ToDoubleArray(), xt.AvgPool2d(3, 2, 1).ToDoubleArray());
        Assert.Equal(x.AdaptiveAvgPool2d(2, 3).ToDoubleArray(), xt.AdaptiveAvgPool2d(2, 3).ToDoubleArray());
    }

    [Fact]
    public void Pointwise_convolution_equals_a_matrix_product_over_channels()
    {
        var gen = new Generator(4);
        Tensor x = Tensor.Normal([3, 5, 4, 6], 0, 1, gen, DType.Float64);
        Tensor w = Tensor.Normal([7, 5, 1, 1], 0, 1, gen, DType.Float64);
        Tensor expected = w.Reshape(7, 5).MatMul(x.Reshape(3, 5, 24)).Reshape(3, 7, 4, 6);
        double[] got = x.Conv2d(w).ToDoubleArray(), want = expected.ToDoubleArray();
        for (int i = 0; i < got.Length; i++)
            Assert.Equal(want[i], got[i], 12);
    }

    [Fact]
    public void Global_average_pooling_is_the_mean_over_the_plane()
    {
        Tensor x = Tensor.Normal([2, 3, 5, 7], 0, 1, new Generator(8), DType.Float64);
        double[] got = x.GlobalAvgPool2d().ToDoubleArray(), want = x.Mean([2, 3], keepdim: true).ToDoubleArray();
        for (int i = 0; i < got.Length; i++)
            Assert.Equal(want[i], got[i], 12);
    }

    [Fact]
    public void Dropout2d_zeroes_whole_channels_and_scales_the_rest()
    {
        var layer = new Dropout2d(0.5, new Generator(11));
        Tensor x = Tensor.Ones([8, 16, 3, 3]);
        double[] y = layer.Call(x).ToDoubleArray();
        int dropped = 0;
        for (int ch = 0; ch < 8 * 16; ch++)
        {
            var plane = y.Skip(ch * 9).Take(9).Distinct().ToArray();
            Assert.Single(plane);
            Assert.Contains(plane[0], new[] { 0.0, 2.0 });
            dropped += plane[0] == 0 ? 1 : 0;
        }
        Assert.InRange(dropped, 40, 88);   // about half of 128
        // A 3-D input is [N, C, L] (PyTorch 1.13): one draw per (sample, channel) row.
        double[] rows = layer.Call(Tensor.Ones([4, 8, 5])).ToDoubleArray();
        for (int r = 0; r < 32; r++)
            Assert.Single(rows.Skip(r * 5).Take(5).Distinct());
        layer.Eval();
        Assert.Equal(x.ToDoubleArray(), layer.Call(x).ToDoubleArray());
    }

    [Fact]
    public void Multiply_adds_count_every_kernel_tap()
    {
        var conv = new Conv2d(6, 16, 5, groups: 2);
        Assert.Equal(64L * 16 * 10 * 10 * 3 * 25, conv.MultiplyAdds([64, 6, 14, 14], [64, 16, 10, 10]));
        var conv1 = new Conv1d(4, 8, 3);
        Assert.Equal(2L * 8 * 10 * 4 * 3, conv1.MultiplyAdds([2, 4, 12], [2, 8, 10]));
    }

    [Fact]
    public void Errors_name_the_layer_and_the_shapes()
    {
        var conv = new Conv2d(3, 8, 3);
        var e = Assert.Throws<ArgumentException>(() => conv.Call(Tensor.Zeros(2, 4, 8, 8)));
        Assert.Contains("Conv2d(3, 8)", e.Message);
        Assert.Contains("[2, 4, 8, 8]", e.Message);
        e = Assert.Throws<ArgumentException>(() => conv.Call(Tensor.Zeros(2, 3, 2, 2)));
        Assert.Contains("Conv2d", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Conv2d(3, 8, 3, groups: 2));
        Assert.Contains("divisible by groups", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Conv2d(3, 8, 3, "same", stride: 2));
        Assert.Contains("stride 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Conv1d(3, 8, 3, "full"));
        Assert.Contains("\"full\"", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MaxPool2d(2, padding: 2));
        Assert.Contains("half of kernel_size", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MaxPool1d(2).Call(Tensor.Zeros(2, 3, 4, 4)));
        Assert.Contains("MaxPool1d", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).Call(Tensor.Zeros(2, 4, 3, 3)));
        Assert.Contains("[N, 3, H, W]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GroupNorm(3, 4));
        Assert.Contains("num_groups (3)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(1, 4, 5, 5).Conv2d(Tensor.Zeros(2, 3, 3, 3)));
        Assert.Contains("weight [2, 3, 3, 3]", e.Message);
    }

    [Fact]
    public void Module_text_looks_like_pytorch()
    {
        Assert.Equal("Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", new Conv2d(3, 16, 3, padding: 1).ToString());
        Assert.Equal("Conv1d(4, 8, kernel_size=(5,), stride=(1,), padding=same, groups=2, bias=false)",
            new Conv1d(4, 8, 5, "same", groups: 2, bias: false).ToString());
    }
}
