using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Regularization;

/// <summary>Dropout: identity in evaluation; in training it keeps each element with probability 1 − p and scales
/// kept elements by 1/(1 − p) (inverted dropout, as PyTorch), with the gradient through the same mask.</summary>
public sealed class DropoutTests
{
    private const int Rows = 200, Cols = 500;   // 100,000 elements: sampling error of the keep rate ≈ 0.0015

    [Fact]
    public void Eval_mode_is_the_identity()
    {
        var dropout = new Dropout(0.5, new Generator(1));
        dropout.Eval();
        Tensor x = Tensor.Normal([7, 9], 0, 1, new Generator(2));
        Assert.Equal(x.ToDoubleArray(), dropout.Call(x).ToDoubleArray());
        // Through a container: Eval on the parent switches the dropout off.
        var model = new Sequential(new Identity(), new Dropout(0.9, new Generator(3)));
        model.Eval();
        Assert.Equal(x.ToDoubleArray(), model.Call(x).ToDoubleArray());
        model.Train();
        Assert.NotEqual(x.ToDoubleArray(), model.Call(x).ToDoubleArray());
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Training_keeps_one_minus_p_and_scales_by_one_over_one_minus_p(double p)
    {
        var dropout = new Dropout(p, new Generator(11));
        Tensor x = Tensor.Ones(Rows, Cols);
        x.RequiresGrad = true;
        Tensor y = dropout.Call(x);
        double[] values = y.ToDoubleArray();
        int n = values.Length;
        double scale = (double)(float)(1 / (1 - p));
        int kept = 0;
        foreach (double v in values)
        {
            if (v == 0)
                continue;
            kept++;
            Assert.Equal(scale, v, 1e-6 * scale);
        }
        double keepRate = (double)kept / n;
        double sigma = Math.Sqrt(p * (1 - p) / n);
        Assert.True(Math.Abs(keepRate - (1 - p)) < 5 * sigma, $"keep rate {keepRate:F4}, expected {1 - p} ± {5 * sigma:F4}");
        // The expectation is preserved: E[y] = x.
        Assert.True(Math.Abs(values.Average() - 1) < 5 * Math.Sqrt(p / (1 - p) / n), $"mean {values.Average():F4}");

        // dy/dx is the same mask and scale.
        y.Sum().Backward();
        Assert.Equal(values, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void The_mask_changes_between_calls_and_follows_the_seed()
    {
        Tensor x = Tensor.Ones(10, 10);
        var a = new Dropout(0.5, new Generator(5));
        double[] first = a.Call(x).ToDoubleArray();
        Assert.NotEqual(first, a.Call(x).ToDoubleArray());
        Assert.Equal(first, new Dropout(0.5, new Generator(5)).Call(x).ToDoubleArray());
    }

    [Fact]
    public void Extreme_rates()
    {
        Tensor x = Tensor.Normal([4, 5], 0, 1, new Generator(1));
        Assert.Equal(x.ToDoubleArray(), new Dropout(0).Call(x).ToDoubleArray());
        Assert.All(new Dropout(1).Call(x).ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(double.NaN));
    }
}
