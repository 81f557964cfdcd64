using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn;

/// <summary>torch.nn.init equivalents: bounds and standard deviations on large tensors, within sampling error
/// (5 standard errors), so a wrong fan, gain or distribution fails.</summary>
public sealed class InitTests
{
    private const int Rows = 1000, Cols = 400;   // 400,000 samples: fan_in 400, fan_out 1000

    private static Tensor Big() => Tensor.Zeros(Rows, Cols);

    private static void AssertUniform(double[] v, double bound, string what)
    {
        int n = v.Length;
        double max = v.Max(Math.Abs);
        Assert.True(max <= bound * (1 + 1e-6), $"{what}: max |w| {max:R} above the bound {bound:R}");
        Assert.True(max >= bound * 0.999, $"{what}: max |w| {max:R} well below the bound {bound:R}");
        double mean = v.Average();
        Assert.True(Math.Abs(mean) < 5 * bound / Math.Sqrt(3.0 * n), $"{what}: mean {mean:R}");
        // Var of U(−b, b) is b²/3; the sample variance has standard error √(4/45)·b²/√n.
        double variance = v.Select(x => x * x).Average() - mean * mean;
        Assert.True(Math.Abs(variance - bound * bound / 3) < 5 * Math.Sqrt(4.0 / 45) * bound * bound / Math.Sqrt(n),
            $"{what}: variance {variance:R}, expected {bound * bound / 3:R}");
    }

    private static void AssertNormal(double[] v, double std, string what)
    {
        int n = v.Length;
        double mean = v.Average();
        Assert.True(Math.Abs(mean) < 5 * std / Math.Sqrt(n), $"{what}: mean {mean:R}");
        double sampleStd = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
        Assert.True(Math.Abs(sampleStd / std - 1) < 5 / Math.Sqrt(2.0 * n), $"{what}: std {sampleStd:R}, expected {std:R}");
        // The shape is Gaussian: 68.27 % within one std (a uniform of the same std gives 57.7 %).
        double within = v.Count(x => Math.Abs(x) < std) / (double)n;
        Assert.True(Math.Abs(within - 0.682689) < 5 * Math.Sqrt(0.682689 * 0.317311 / n), $"{what}: {within:P2} within one std");
    }

    [Fact]
    public void Fans_and_gains_match_pytorch()
    {
        Assert.Equal((400, 1000), Init.Fans(Big()));
        Assert.Equal((4 * 3 * 3, 8 * 3 * 3), Init.Fans(Tensor.Zeros(8, 4, 3, 3)));
        Assert.Throws<ArgumentException>(() => Init.Fans(Tensor.Zeros(5)));
        // torch.nn.init.calculate_gain
        Assert.Equal(1.0, Init.Gain("linear"));
        Assert.Equal(1.0, Init.Gain("sigmoid"));
        Assert.Equal(1.6666666666666667, Init.Gain("tanh"), 15);
        Assert.Equal(1.4142135623730951, Init.Gain("relu"), 15);
        Assert.Equal(1.4141428569978354, Init.Gain("leaky_relu"), 15);
        Assert.Equal(1.3867504905630728, Init.Gain("leaky_relu", 0.2), 15);
        Assert.Equal(0.75, Init.Gain("selu"));
        Assert.Throws<ArgumentException>(() => Init.Gain("softsign-ish"));
    }

    [Fact]
    public void Kaiming_uniform_bound_is_gain_times_sqrt_three_over_fan()
    {
        AssertUniform(Init.KaimingUniform(Big(), generator: new Generator(1)).ToDoubleArray(), Math.Sqrt(6.0 / 400), "kaiming_uniform fan_in");
        AssertUniform(Init.KaimingUniform(Big(), mode: "fan_out", nonlinearity: "relu", generator: new Generator(2)).ToDoubleArray(),
            Math.Sqrt(6.0 / 1000), "kaiming_uniform fan_out relu");
        AssertUniform(Init.KaimingUniform(Big(), a: Math.Sqrt(5), generator: new Generator(3)).ToDoubleArray(),
            1 / Math.Sqrt(400), "kaiming_uniform a=√5");
        Assert.Throws<ArgumentException>(() => Init.KaimingUniform(Big(), mode: "fan_avg"));
    }

    [Fact]
    public void Kaiming_normal_std_is_gain_over_sqrt_fan()
    {
        AssertNormal(Init.KaimingNormal(Big(), generator: new Generator(4)).ToDoubleArray(), Math.Sqrt(2.0 / 400), "kaiming_normal");
        AssertNormal(Init.KaimingNormal(Big(), mode: "fan_out", nonlinearity: "tanh", generator: new Generator(5)).ToDoubleArray(),
            5.0 / 3 / Math.Sqrt(1000), "kaiming_normal fan_out tanh");
    }

    [Fact]
    public void Xavier_bounds_and_std_use_fan_in_plus_fan_out()
    {
        AssertUniform(Init.XavierUniform(Big(), generator: new Generator(6)).ToDoubleArray(), Math.Sqrt(6.0 / 1400), "xavier_uniform");
        AssertUniform(Init.XavierUniform(Big(), gain: Init.Gain("tanh"), generator: new Generator(7)).ToDoubleArray(),
            5.0 / 3 * Math.Sqrt(6.0 / 1400), "xavier_uniform tanh");
        AssertNormal(Init.XavierNormal(Big(), generator: new Generator(8)).ToDoubleArray(), Math.Sqrt(2.0 / 1400), "xavier_normal");
    }

    [Fact]
    public void Plain_fills()
    {
        AssertUniform(Init.Uniform(Big(), -0.3, 0.3, new Generator(9)).ToDoubleArray(), 0.3, "uniform");
        double[] shifted = Init.Normal(Big(), 2, 0.5, new Generator(10)).ToDoubleArray();
        AssertNormal(shifted.Select(x => x - 2).ToArray(), 0.5, "normal(2, 0.5)");
        Assert.All(Init.Constant(Tensor.Zeros(3, 4), 0.25).ToDoubleArray(), v => Assert.Equal(0.25, v));
        Assert.All(Init.Ones(Tensor.Zeros(3, 4)).ToDoubleArray(), v => Assert.Equal(1.0, v));
        Assert.All(Init.Zeros(Tensor.Ones(3, 4)).ToDoubleArray(), v => Assert.Equal(0.0, v));
        Tensor d = Init.Uniform(Tensor.Zeros([50, 20], DType.Float64), -1, 1, new Generator(11));
        Assert.Equal(DType.Float64, d.DType);
    }

    [Theory]
    [InlineData(64, 32, 1.0)]
    [InlineData(32, 64, 1.0)]
    [InlineData(40, 40, 2.0)]
    public void Orthogonal_gives_orthonormal_rows_or_columns(int rows, int cols, double gain)
    {
        Tensor w = Init.Orthogonal(Tensor.Zeros(rows, cols), gain, new Generator(12));
        // WᵀW = gain²·I when rows ≥ cols (orthonormal columns), else WWᵀ = gain²·I.
        Tensor gram = rows >= cols ? w.T.MatMul(w) : w.MatMul(w.T);
        int k = Math.Min(rows, cols);
        double[] g = gram.ToDoubleArray();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                Assert.True(Math.Abs(g[i * k + j] - (i == j ? gain * gain : 0)) < 1e-5 * gain * gain,
                    $"({i}, {j}) of the Gram matrix is {g[i * k + j]:R}");
    }

    [Fact]
    public void Orthogonal_flattens_trailing_dims()
    {
        Tensor w = Init.Orthogonal(Tensor.Zeros(16, 4, 2), generator: new Generator(13));
        Tensor flat = w.Reshape(16, 8);
        double[] g = flat.T.MatMul(flat).ToDoubleArray();
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                Assert.True(Math.Abs(g[i * 8 + j] - (i == j ? 1 : 0)) < 1e-5);
        Assert.Throws<ArgumentException>(() => Init.Orthogonal(Tensor.Zeros(5)));
    }

    [Fact]
    public void Linear_default_init_is_uniform_within_one_over_sqrt_in()
    {
        var lin = new Linear(500, 800, generator: new Generator(14));
        double bound = 1 / Math.Sqrt(500);
        AssertUniform(lin.Weight.ToDoubleArray(), bound, "Linear weight");
        double[] bias = lin.Bias!.ToDoubleArray();
        Assert.All(bias, v => Assert.True(Math.Abs(v) <= bound * (1 + 1e-6)));
        Assert.True(bias.Max(Math.Abs) > 0.95 * bound);
        Assert.True(lin.Weight.IsLeaf && lin.Weight.RequiresGrad);
    }

    [Fact]
    public void Initialisation_follows_the_seed_and_records_no_graph()
    {
        var a = new Linear(10, 5, generator: new Generator(7));
        var b = new Linear(10, 5, generator: new Generator(7));
        var c = new Linear(10, 5, generator: new Generator(8));
        Assert.Equal(a.Weight.ToDoubleArray(), b.Weight.ToDoubleArray());
        Assert.Equal(a.Bias!.ToDoubleArray(), b.Bias!.ToDoubleArray());
        Assert.NotEqual(a.Weight.ToDoubleArray(), c.Weight.ToDoubleArray());
        // Re-initialising a parameter that requires grad works (no graph is recorded) and keeps it a leaf.
        Init.XavierNormal(a.Weight, generator: new Generator(9));
        Assert.True(a.Weight.IsLeaf && a.Weight.RequiresGrad);
        Assert.NotEqual(b.Weight.ToDoubleArray(), a.Weight.ToDoubleArray());
    }
}
