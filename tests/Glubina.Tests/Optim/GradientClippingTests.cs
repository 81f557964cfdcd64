using System.Text.Json;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Optim;

/// <summary>ClipGradNorm / ClipGradValue against torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (clipping.json).</summary>
public sealed class GradientClippingTests
{
    // torch sums in float32, we sum in float64: the total norm and the scaled gradients agree to float32 rounding.
    private const double RelTol = 1e-6, AbsTol = 1e-7;

    public static TheoryData<string> Cases => OptimFixtures.Names("clipping.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_PyTorch(string name)
    {
        JsonElement c = OptimFixtures.Cases("clipping.json")[name];
        int[][] shapes = c.GetProperty("shapes").EnumerateArray().Select(OptimFixtures.Ints).ToArray();
        JsonElement[] grads = c.GetProperty("grads").EnumerateArray().ToArray();
        Tensor[] parameters = shapes.Select(s => Tensor.Zeros(s).RequiresGrad_()).ToArray();
        for (int i = 0; i < parameters.Length; i++)
        {
            if (grads[i].ValueKind != JsonValueKind.Null)
                parameters[i].Grad = Tensor.FromArray(OptimFixtures.Floats(grads[i]), shapes[i]);
        }

        if (c.GetProperty("kind").GetString() == "norm")
        {
            JsonElement nt = c.GetProperty("norm_type");
            double normType = nt.ValueKind == JsonValueKind.String ? double.PositiveInfinity : nt.GetDouble();
            double total = GradientClipping.ClipGradNorm(parameters, c.GetProperty("max_norm").GetDouble(), normType);
            double expected = float.Parse(c.GetProperty("total_norm").GetRawText(), System.Globalization.CultureInfo.InvariantCulture);
            OptimFixtures.AssertClose([expected], [total], RelTol, 0, $"{name} total norm");
        }
        else
            GradientClipping.ClipGradValue(parameters, c.GetProperty("clip_value").GetDouble());

        JsonElement[] clipped = c.GetProperty("clipped").EnumerateArray().ToArray();
        for (int i = 0; i < parameters.Length; i++)
        {
            if (clipped[i].ValueKind == JsonValueKind.Null)
            {
                Assert.Null(parameters[i].Grad);
                continue;
            }
            double[] want = Array.ConvertAll(OptimFixtures.Floats(clipped[i]), v => (double)v);
            OptimFixtures.AssertClose(want, parameters[i].Grad!.ToDoubleArray(), RelTol, AbsTol, $"{name} gradient {i}");
        }
    }

    [Fact]
    public void Clip_grad_norm_without_gradients_returns_zero()
    {
        Tensor p = Tensor.Zeros(3).RequiresGrad_();
        Assert.Equal(0, GradientClipping.ClipGradNorm([p], 1.0));
        Assert.Null(p.Grad);
    }

    [Fact]
    public void Clip_grad_norm_scales_float64_gradients_to_max_norm()
    {
        Tensor a = Tensor.Zeros([2], DType.Float64).RequiresGrad_();
        Tensor b = Tensor.Zeros([1], DType.Float64).RequiresGrad_();
        a.Grad = Tensor.FromArray(new[] { 3.0, 0.0 }, 2);
        b.Grad = Tensor.FromArray(new[] { 4.0 }, 1);
        double total = GradientClipping.ClipGradNorm([a, b], 1.0);
        Assert.Equal(5.0, total, 12);
        double coefficient = 1.0 / (5.0 + 1e-6);
        Assert.Equal(3.0 * coefficient, a.Grad!.ToArray<double>()[0], 15);
        Assert.Equal(4.0 * coefficient, b.Grad!.ToArray<double>()[0], 15);
    }

    [Fact]
    public void Clip_grad_norm_error_if_nonfinite()
    {
        Tensor p = Tensor.Zeros(2).RequiresGrad_();
        p.Grad = Tensor.FromArray(new[] { float.NaN, 1f }, 2);
        var error = Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipGradNorm([p], 1.0, errorIfNonfinite: true));
        Assert.Contains("NaN", error.Message);
        // Without the check, NaN propagates into the gradient as in PyTorch.
        GradientClipping.ClipGradNorm([p], 1.0);
        Assert.True(float.IsNaN(p.Grad!.ToArray<float>()[1]));
    }

    [Fact]
    public void Non_contiguous_gradient_is_clipped()
    {
        Tensor p = Tensor.Zeros(3, 2).RequiresGrad_();
        p.Grad = Tensor.FromArray(new[] { 1f, -2f, 3f, -4f, 5f, -6f }, 2, 3).Transpose(0, 1);
        GradientClipping.ClipGradValue([p], 2.5);
        Assert.Equal(new[] { 1f, -2.5f, -2f, 2.5f, 2.5f, -2.5f }, p.Grad!.ToArray<float>());
    }

    [Theory]
    [InlineData(-1.0, 2.0, "maxNorm")]
    [InlineData(double.NaN, 2.0, "maxNorm")]
    [InlineData(1.0, 0.0, "normType")]
    [InlineData(1.0, -2.0, "normType")]
    public void Clip_grad_norm_rejects_bad_arguments(double maxNorm, double normType, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => GradientClipping.ClipGradNorm([Tensor.Zeros(1)], maxNorm, normType));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message);
    }

    [Fact]
    public void Clip_grad_value_rejects_negative_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradValue([Tensor.Zeros(1)], -0.5));
        Assert.Contains("clipValue must be non-negative, got -0.5", error.Message);
    }
}
