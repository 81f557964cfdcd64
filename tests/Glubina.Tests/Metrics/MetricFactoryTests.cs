using Glubina.Metrics;

namespace Glubina.Tests.Metrics;

public sealed class MetricFactoryTests
{
    [Fact]
    public void Every_known_name_creates_a_metric_with_that_name()
    {
        foreach (string name in Metric.KnownNames)
        {
            string concrete = name.Replace("{k}", "5");
            IMetric m = Metric.Create(concrete);
            Assert.Equal(concrete, m.Name);
        }
        Assert.Equal("f1_macro", Metric.Create(" F1_Macro ").Name);
    }

    [Fact]
    public void Losses_and_errors_are_lower_is_better()
    {
        foreach (string name in (string[])["log_loss", "mse", "rmse", "mae", "mape"])
            Assert.False(Metric.Create(name).GreaterIsBetter, name);
        foreach (string name in (string[])["accuracy", "f1_weighted", "roc_auc", "average_precision", "r2"])
            Assert.True(Metric.Create(name).GreaterIsBetter, name);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Metric.Create("f1_samples"));
        Assert.Contains("Unknown metric 'f1_samples'", e.Message);
        Assert.Contains("accuracy", e.Message);
        Assert.Contains("f1_macro", e.Message);
        Assert.Contains("roc_auc_weighted", e.Message);
        Assert.Contains("top5_accuracy", e.Message);
        Assert.Equal("name", e.ParamName);
        Assert.Throws<ArgumentException>(() => Metric.Create("top0_accuracy"));
        Assert.Throws<ArgumentException>(() => Metric.Create("topx_accuracy"));
    }

    [Theory]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(0.625, 2, "0.62")]
    [InlineData(0.03125, 4, "0.0312")]
    [InlineData(0.09375, 4, "0.0938")]
    [InlineData(2.5, 0, "2")]
    [InlineData(0.285, 2, "0.28")]
    [InlineData(0.675, 2, "0.68")]
    [InlineData(1.0, 2, "1.00")]
    [InlineData(0.0, 2, "0.00")]
    public void Report_numbers_round_like_python_format(double value, int digits, string expected)
    {
        // Python: format(0.125, ".2f") == "0.12" (an exact half goes to even); 0.285 is 0.28499… in binary.
        Assert.Equal(expected, ClassificationReport.Fixed(value, digits));
    }
}
