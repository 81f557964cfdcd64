using System.Text.Json;
using Glubina.Metrics;
using Glubina.Tensors;
using static Glubina.Tests.Metrics.MetricFixtures;

namespace Glubina.Tests.Metrics;

/// <summary>Regression metrics against scikit-learn 1.2.1 (regression_cases of the fixture), as arrays and streamed.</summary>
public sealed class RegressionFixtureTests
{
    public static TheoryData<string> Cases => Names("regression_cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Array_metrics_match_sklearn(string name)
    {
        JsonElement c = Case("regression_cases", name), exp = c.GetProperty("expected");
        double[] y = Doubles(c.GetProperty("y_true")), p = Doubles(c.GetProperty("y_pred"));
        Close(exp.GetProperty("mse"), RegressionMetrics.MeanSquaredError(y, p), $"{name} mse");
        Close(exp.GetProperty("rmse"), RegressionMetrics.RootMeanSquaredError(y, p), $"{name} rmse");
        Close(exp.GetProperty("mae"), RegressionMetrics.MeanAbsoluteError(y, p), $"{name} mae");
        Close(exp.GetProperty("mape"), RegressionMetrics.MeanAbsolutePercentageError(y, p), $"{name} mape");
        Close(exp.GetProperty("r2"), RegressionMetrics.R2Score(y, p), $"{name} r2");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streamed_float64_tensors_match_sklearn(string name)
    {
        JsonElement c = Case("regression_cases", name), exp = c.GetProperty("expected");
        double[] y = Doubles(c.GetProperty("y_true")), p = Doubles(c.GetProperty("y_pred"));
        foreach (string metric in (string[])["mse", "rmse", "mae", "mape", "r2"])
        {
            IMetric m = Metric.Create(metric);
            for (int start = 0; start < y.Length; start += 7)
            {
                int n = Math.Min(7, y.Length - start);
                m.Update(Tensor.FromArray(p[start..(start + n)], n, 1), Tensor.FromArray(y[start..(start + n)], n));
            }
            Close(exp.GetProperty(metric), m.Compute(), $"{name} streamed {metric}");
        }
    }

    [Fact]
    public void Constant_target_r2_is_zero_or_one_even_when_the_mean_does_not_round_trip()
    {
        // Ten copies of 0.3: a two-pass mean can leave a rounding residue in Σ(y − ȳ)²; Welford's is exactly 0.
        double[] y = Enumerable.Repeat(0.3, 10).ToArray();
        Assert.Equal(0.0, RegressionMetrics.R2Score(y, y.Select(v => v + 0.01).ToArray()));
        Assert.Equal(1.0, RegressionMetrics.R2Score(y, y));
    }

    [Fact]
    public void Mape_with_a_zero_target_is_huge_but_finite()
    {
        double mape = RegressionMetrics.MeanAbsolutePercentageError([0.0, 1.0], [0.5, 1.0]);
        Close(0.5 / RegressionMetrics.PercentageErrorEpsilon / 2, mape, "mape");
        Assert.True(double.IsFinite(mape));
    }
}
