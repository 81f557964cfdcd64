using System.Globalization;
using Glubina.Data;
using Glubina.Data.TimeSeries;
using Glubina.Tensors;
using Xunit.Abstractions;

namespace Glubina.Tests.Data.TimeSeries;

public sealed class TimeSeriesTests(ITestOutputHelper output)
{
    private const int Day = 48, Week = 336, TwoWeeks = 2 * Week;

    private static readonly Lazy<float[]> s_demand = new(() => File.ReadLines(SharedData.PathOf("uk-electricity-demand-taylor", "taylor_halfhourly.csv"))
        .Skip(1).Select(line => float.Parse(line.Split(',')[4], CultureInfo.InvariantCulture)).ToArray());

    private static float[] Demand => s_demand.Value;

    private static float[,] WithCalendar(float[] y)
    {
        // Features: demand, half-hour of day / 48 — a multivariate series whose target is column 0.
        var m = new float[y.Length, 2];
        for (int t = 0; t < y.Length; t++)
        {
            m[t, 0] = y[t];
            m[t, 1] = t % Day / (float)Day;
        }
        return m;
    }

    [Fact]
    public void Windows_have_the_expected_count_shape_and_content()
    {
        float[] y = Demand;
        Assert.Equal(4032, y.Length);
        var ds = new SlidingWindowDataset(WithCalendar(y), inputLength: Week, horizon: Day, stride: Day);
        Assert.Equal((4032 - Week - Day) / Day + 1, ds.Count);
        Assert.Equal(77, ds.Count);
        Example e = ds[5];
        Assert.Equal(new[] { Week, 2 }, e.Input.ShapeArray());
        Assert.Equal(new[] { Day }, e.Target.ShapeArray());
        Assert.Equal(y[5 * Day], (float)e.Input[0, 0]);
        Assert.Equal(y[5 * Day + Week], (float)e.Target[0]);
        Assert.Equal(y[5 * Day + Week + Day - 1], (float)e.Target[Day - 1]);
        using Batch b = ds.GetBatch([0, 76]);
        Assert.Equal(new[] { 2, Week, 2 }, b.Inputs.ShapeArray());
        Assert.Equal(y[4031], (float)b.Targets[1, Day - 1]);
        var single = new SlidingWindowDataset(y, inputLength: 10, horizon: 3);
        Assert.Equal(4032 - 10 - 3 + 1, single.Count);
    }

    [Fact]
    public void Time_ordered_split_has_no_window_crossing_a_boundary()
    {
        float[,] series = WithCalendar(Demand);
        var split = TimeSeriesSplit.ByTime(4032, validation: TwoWeeks, test: TwoWeeks);
        Assert.Equal(4032 - 2 * TwoWeeks, split.TrainEnd);
        Assert.Equal(4032 - TwoWeeks, split.ValidationEnd);
        const int l = Week, h = Day;
        SlidingWindowDataset train = split.Train(series, l, h), val = split.Validation(series, l, h), test = split.Test(series, l, h);
        static (int First, int Last) Targets(SlidingWindowDataset d, int i) => (d.WindowStart(i) + d.InputLength, d.WindowStart(i) + d.InputLength + d.Horizon - 1);
        for (int i = 0; i < train.Count; i++)
        {
            Assert.True(train.WindowStart(i) >= 0);
            Assert.True(Targets(train, i).Last < split.TrainEnd);
        }
        for (int i = 0; i < val.Count; i++)
            Assert.True(Targets(val, i).First >= split.TrainEnd && Targets(val, i).Last < split.ValidationEnd);
        for (int i = 0; i < test.Count; i++)
            Assert.True(Targets(test, i).First >= split.ValidationEnd && Targets(test, i).Last < 4032);
        // Stride 1: windows whose targets fit, and the last training window ends right at the boundary.
        Assert.Equal(split.TrainEnd - l - h + 1, train.Count);
        Assert.Equal(TwoWeeks - h + 1, val.Count);
        Assert.Equal(TwoWeeks - h + 1, test.Count);
        Assert.Equal(split.TrainEnd - 1, Targets(train, train.Count - 1).Last);
        // Without look-back the validation inputs start at the boundary too.
        SlidingWindowDataset strict = split.Validation(series, l, h, lookback: false);
        Assert.Equal(split.TrainEnd, strict.WindowStart(0));
        Assert.Equal(TwoWeeks - l - h + 1, strict.Count);
    }

    [Fact]
    public void Scaler_is_fitted_on_the_training_part_only()
    {
        float[] y = Demand;
        float[,] series = WithCalendar(y);
        int trainEnd = 4032 - 2 * TwoWeeks;
        SeriesScaler scaler = SeriesScaler.Fit(series, trainEnd);
        double trainMean = y.Take(trainEnd).Average(v => (double)v);
        Assert.Equal(trainMean, scaler.Offset[0], 6);
        Assert.Equal(29771.824776785714, scaler.Offset[0], 6); // Python, first 2688 values
        Assert.NotEqual(y.Average(v => (double)v), scaler.Offset[0], 0);
        float[,] scaled = scaler.Transform(series);
        double m = 0, s = 0;
        for (int t = 0; t < trainEnd; t++)
            m += scaled[t, 0];
        m /= trainEnd;
        for (int t = 0; t < trainEnd; t++)
            s += (scaled[t, 0] - m) * (scaled[t, 0] - m);
        Assert.InRange(m, -1e-4, 1e-4);
        Assert.InRange(Math.Sqrt(s / trainEnd), 0.9999, 1.0001);
        float[,] back = scaler.InverseTransform(scaled);
        for (int t = 0; t < 4032; t += 97)
            Assert.Equal(y[t], back[t, 0], 1);
        Tensor forecast = Tensor.FromArray(new[] { scaled[4000, 0], scaled[4031, 0] }, 1, 2);
        Assert.Equal(new[] { y[4000], y[4031] }, scaler.InverseTransform(forecast).ToArray<float>().Select(v => MathF.Round(v)));

        SeriesScaler minmax = SeriesScaler.Fit(y, trainEnd, SeriesScaling.MinMax);
        float[,] mm = minmax.Transform(SlidingWindowDataset.Column(y));
        float trainMin = float.MaxValue, trainMax = float.MinValue;
        for (int t = 0; t < trainEnd; t++)
        {
            trainMin = Math.Min(trainMin, mm[t, 0]);
            trainMax = Math.Max(trainMax, mm[t, 0]);
        }
        Assert.Equal(0f, trainMin, 6);
        Assert.Equal(1f, trainMax, 6);
        SeriesScaler reread = SeriesScaler.FromJson(minmax.ToJson());
        Assert.Equal(minmax.Offset, reread.Offset);
        Assert.Equal(minmax.Scale, reread.Scale);
        Assert.Equal(SeriesScaling.MinMax, reread.Kind);
    }

    [Fact]
    public void Seasonal_naive_mae_for_the_last_two_weeks()
    {
        float[] y = Demand;
        int start = 4032 - TwoWeeks;
        double dailyRolling = SeasonalNaive.RollingMae(y, Day, start, 4032);
        double weeklyRolling = SeasonalNaive.RollingMae(y, Week, start, 4032);
        double dailyForecast = SeasonalNaive.ForecastMae(y, Day, start, 4032);
        double weeklyForecast = SeasonalNaive.ForecastMae(y, Week, start, 4032);
        output.WriteLine($"last two weeks (672 half-hours), MAE in MW: daily rolling {dailyRolling:F3}, weekly rolling {weeklyRolling:F3}, " +
            $"daily from origin {dailyForecast:F3}, weekly from origin {weeklyForecast:F3}");
        // Reference values computed with Python from the CSV.
        Assert.Equal(1922.982142857143, dailyRolling, 6);
        Assert.Equal(513.8779761904761, weeklyRolling, 6);
        Assert.Equal(4428.924107142857, dailyForecast, 6);
        Assert.Equal(752.4806547619048, weeklyForecast, 6);
        // Day-ahead test windows tile the last two weeks, so the window-level baseline equals the rolling one.
        var split = TimeSeriesSplit.ByTime(4032, validation: TwoWeeks, test: TwoWeeks);
        SlidingWindowDataset test = split.Test(WithCalendar(y), inputLength: Week, horizon: Day, stride: Day);
        Assert.Equal(14, test.Count);
        Assert.Equal(dailyRolling, SeasonalNaive.WindowMae(test, Day), 6);
        Assert.Equal(weeklyRolling, SeasonalNaive.WindowMae(test, Week), 6);
        Assert.Equal(new[] { 4f, 5f, 6f, 4f, 5f }, SeasonalNaive.Forecast([1, 2, 3, 4, 5, 6], 3, 5));
        Assert.Equal(1.5, SeasonalNaive.Mae([1, 2], [2, 4]));
        Assert.Throws<ArgumentException>(() => SeasonalNaive.Mae([1], [1, 2]));
    }
}
