using System.Globalization;
using Glubina.Data.TimeSeries;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Tests.Data;
using Glubina.Training;

namespace Glubina.Tests.Training;

/// <summary>The shortened day-ahead forecasting run (examples/Glubina.ElectricityForecast; see docs/results.md): a small
/// convolutional network predicts the next 48 half-hours' change over the same half-hours one week earlier, on Taylor's
/// half-hourly demand series. Three members of 8 epochs each (about 10 s) must beat the weekly seasonal naive
/// (513.88 MW) on the 14 day-ahead windows of the last two weeks; over base seeds 0, 3 and 5 they reached 408–452 MW.</summary>
public sealed class ElectricityForecastTests
{
    private const int Day = 48, Week = 336, Features = 6;

    [Fact]
    public void A_short_residual_cnn_ensemble_beats_both_seasonal_naives_on_the_last_two_weeks()
    {
        string csv = SharedData.PathOf("uk-electricity-demand-taylor", "taylor_halfhourly.csv");
        string[] lines = File.ReadAllLines(csv);
        int column = Array.IndexOf(lines[0].Split(','), "demand_mw");
        float[] demand = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => float.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4032, demand.Length);

        // Residual series from step 336: [y[t] − y[t − 336], y[t], time-of-day sin/cos, day-of-week sin/cos].
        int n = demand.Length - Week;
        var series = new float[n, Features];
        for (int i = 0; i < n; i++)
        {
            int t = i + Week;
            double tod = 2 * Math.PI * (t % Day) / Day, dow = 2 * Math.PI * (t % Week) / Week;
            series[i, 0] = demand[t] - demand[t - Week];
            series[i, 1] = demand[t];
            series[i, 2] = (float)Math.Sin(tod);
            series[i, 3] = (float)Math.Cos(tod);
            series[i, 4] = (float)Math.Sin(dow);
            series[i, 5] = (float)Math.Cos(dow);
        }
        var split = new TimeSeriesSplit(n, n - 3 * Week, n - 2 * Week); // test: last two weeks; validation: the week before
        var scaler = SeriesScaler.Fit(series, split.TrainEnd);
        float[,] scaled = scaler.Transform(series);
        var train = split.Train(scaled, Week, Day);
        var validation = split.Validation(scaled, Week, Day);
        var test = split.Test(scaled, Week, Day, stride: Day);
        Assert.Equal(14, test.Count);

        var rawTest = new SlidingWindowDataset(demand, Week, Day, stride: Day, targetStart: demand.Length - 2 * Week);
        double daily = SeasonalNaive.WindowMae(rawTest, Day), weekly = SeasonalNaive.WindowMae(rawTest, Week);
        Assert.Equal(1922.98, daily, 0.01);
        Assert.Equal(513.88, weekly, 0.01);

        const int members = 3;
        Tensor? sum = null;
        for (int k = 0; k < members; k++)
        {
            // A generator of its own: tests running beside this one draw from Generator.Default.
            var g = new Generator((ulong)k);
            var model = new Sequential(
                new ChannelsFirst(),
                new Conv1d(Features, 4, kernelSize: 8, stride: 4, padding: 2, generator: g), new ReLU(),
                new Conv1d(4, 4, kernelSize: 3, padding: 1, generator: g), new ReLU(),
                new Flatten(), new Dropout(0.5, g),
                new Linear(4 * 84, Day, generator: g));
            var optimizer = new AdamW(model.Parameters(), lr: 1e-3, weightDecay: 0.05);
            var trainer = new Trainer(model, new L1Loss(), optimizer);
            trainer.Fit(train, validation, epochs: 8, batchSize: 32, seed: g.NextUInt64(), verbose: false,
                callbacks: [new LearningRateScheduler(new CosineAnnealingLR(optimizer, tMax: 8)),
                            new EarlyStopping("val_loss", patience: 10, restoreBestWeights: true)]);
            Tensor prediction = trainer.Predict(test);
            sum = sum is null ? prediction : sum.Add(prediction);
        }
        float[] residual = scaler.InverseTransform(sum!.Div(members), feature: 0).ToFloatArray();
        double error = 0;
        for (int w = 0; w < test.Count; w++)
        {
            int origin = test.WindowStart(w) + 2 * Week; // step in the raw series (the residual series starts at 336)
            for (int h = 0; h < Day; h++)
                error += Math.Abs(demand[origin + h] - (demand[origin + h - Week] + residual[w * Day + h]));
        }
        double mae = error / (test.Count * Day);
        Assert.True(mae < weekly, $"model MAE {mae:F2} MW, weekly seasonal naive {weekly:F2} MW");
        Assert.True(mae < 0.3 * daily, $"model MAE {mae:F2} MW, daily seasonal naive {daily:F2} MW");
    }

    /// <summary>[N, L, C] → [N, C, L].</summary>
    private sealed class ChannelsFirst : Module
    {
        public override Tensor Forward(Tensor input) => input.Transpose(1, 2);
    }
}
