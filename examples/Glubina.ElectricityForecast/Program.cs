using System.Diagnostics;
using System.Globalization;
using Glubina.Data.TimeSeries;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Training;

// Day-ahead forecasting of half-hourly electricity demand (England & Wales, summer 2000, Taylor's series) with a
// convolutional network that predicts the residual over the weekly seasonal naive: the input is the last week
// (336 half-hours: the week-on-week change, the demand and calendar encodings), the target is the next day minus the
// same day one week earlier. Scored on the last two weeks (14 day-ahead windows, stride 48) against both seasonal
// naives on exactly the same windows.
// The forecast is the mean of a small ensemble (5 networks differing only in their seed), each trained with AdamW + cosine
// schedule and L1 loss, early-stopped on the validation week (the week before the test weeks).
// Usage: dotnet run --project examples/Glubina.ElectricityForecast -c Release -- [--epochs 20] [--members 5] [--seed 0]
//        [--batch-size 32] [--lr 1e-3] [--weight-decay 0.05] [--channels 4] [--dropout 0.5] [--patience 10] [--verbose]
//        [--data DIR]   (default: $GLUBINA_DATA/uk-electricity-demand-taylor)
int epochs = IntArg("--epochs", 20);
int batchSize = IntArg("--batch-size", 32);
double lr = DoubleArg("--lr", 1e-3);
ulong seed = (ulong)IntArg("--seed", 0);
int channels = IntArg("--channels", 4);
double dropout = DoubleArg("--dropout", 0.5);
double weightDecay = DoubleArg("--weight-decay", 0.05);
int patience = IntArg("--patience", 10);
int members = IntArg("--members", 5);
bool verbose = args.Contains("--verbose");
string dataDir = Arg("--data") ?? Path.Combine(Environment.GetEnvironmentVariable("GLUBINA_DATA") ?? "../shared/data", "uk-electricity-demand-taylor");

Generator.Default.ManualSeed(seed);
float[] demand = DayAhead.LoadDemand(Path.Combine(dataDir, "taylor_halfhourly.csv"));
var problem = new DayAhead(demand);
Console.WriteLine($"{demand.Length} half-hours; residual series from step {DayAhead.Week}: train steps < {problem.Split.TrainEnd + DayAhead.Week}, " +
                  $"validation < {problem.Split.ValidationEnd + DayAhead.Week}, test (last two weeks) < {demand.Length}");
Console.WriteLine($"windows: {problem.Train.Count} training (stride 1), {problem.Validation.Count} validation (stride 1), {problem.Test.Count} test (stride 48)");

Console.WriteLine(ModelSummary.Create(DayAhead.CreateModel(channels, dropout), [DayAhead.Week, DayAhead.Features]));
double daily = SeasonalNaive.WindowMae(problem.RawTest, 48);
double weekly = SeasonalNaive.WindowMae(problem.RawTest, DayAhead.Week);
// An ensemble of `members` networks that differ only in their seed (initialisation, shuffling, dropout); the forecast
// is the mean of their residual forecasts. One network's test MAE varies with the seed by ±30 MW on 14 windows.
var clock = Stopwatch.StartNew();
Tensor? sum = null;
var epochsRun = new List<string>();
for (int k = 0; k < members; k++)
{
    Generator.Default.ManualSeed(seed + (ulong)k);
    var model = DayAhead.CreateModel(channels, dropout);
    var optimizer = new AdamW(model.Parameters(), lr: lr, weightDecay: weightDecay);
    var trainer = new Trainer(model, new L1Loss(), optimizer);
    var memberClock = Stopwatch.StartNew();
    var history = trainer.Fit(problem.Train, problem.Validation, epochs: epochs, batchSize: batchSize, verbose: verbose,
        callbacks: [new LearningRateScheduler(new CosineAnnealingLR(optimizer, tMax: epochs)),
                    new EarlyStopping("val_loss", patience: patience, restoreBestWeights: true)]);
    double[] valLoss = history["val_loss"];
    int best = Array.IndexOf(valLoss, valLoss.Min()) + 1;
    Tensor prediction = trainer.Predict(problem.Test);
    sum = sum is null ? prediction : sum.Add(prediction);
    epochsRun.Add($"{history.Count}/{best}");
    Console.WriteLine($"member {k} (seed {seed + (ulong)k}): {history.Count} epochs, best validation epoch {best} " +
                      $"(val_loss {valLoss[best - 1]:F4}), {memberClock.Elapsed.TotalSeconds:F1} s, test MAE {problem.TestMae(prediction):F2} MW");
}
double seconds = clock.Elapsed.TotalSeconds;
double mae = problem.TestMae(sum!.Div(members));
Console.WriteLine($"test MAE over the last two weeks (14 day-ahead windows): model {mae:F2} MW, " +
                  $"seasonal naive daily {daily:F2} MW, weekly {weekly:F2} MW");
Console.WriteLine($"model vs weekly naive: {100 * (1 - mae / weekly):F1} % lower; vs daily naive: {100 * (1 - mae / daily):F1} % lower");
Console.WriteLine($"{members} member(s), epochs run/best: {string.Join(", ", epochsRun)}; training wall time {seconds:F1} s");
return 0;

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is string s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

double DoubleArg(string name, double fallback) => Arg(name) is string s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;

/// <summary>The data preparation: the residual series, the time-ordered split, the scaler (fitted on training steps
/// only) and the windows; and turning residual forecasts back into demand.</summary>
internal sealed class DayAhead
{
    public const int Day = 48, Week = 336, Features = 6;

    private readonly float[] _demand;

    /// <param name="demand">The whole half-hourly series (step 0 is Monday 00:00).</param>
    /// <param name="validationSteps">Steps before the last two weeks held out for validation.</param>
    public DayAhead(float[] demand, int validationSteps = Week)
    {
        _demand = demand;
        int n = demand.Length - Week; // the residual r[t] = y[t] − y[t − 336] exists from step 336 on
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
        Split = new TimeSeriesSplit(n, n - 2 * Week - validationSteps, n - 2 * Week);
        Scaler = SeriesScaler.Fit(series, Split.TrainEnd);
        float[,] scaled = Scaler.Transform(series);
        Train = Split.Train(scaled, Week, Day);
        Validation = Split.Validation(scaled, Week, Day);
        Test = Split.Test(scaled, Week, Day, stride: Day);
        // The same test windows over the raw demand (for the seasonal naives): targets in the last two weeks.
        RawTest = new SlidingWindowDataset(demand, Week, Day, stride: Day, targetStart: demand.Length - 2 * Week);
    }

    public TimeSeriesSplit Split { get; }
    public SeriesScaler Scaler { get; }
    public SlidingWindowDataset Train { get; }
    public SlidingWindowDataset Validation { get; }
    public SlidingWindowDataset Test { get; }
    public SlidingWindowDataset RawTest { get; }

    /// <summary>Input [N, 336, 6] → transpose → Conv1d(6→C, k 8, stride 4, pad 2) → ReLU → Conv1d(C→C, k 3, pad 1) → ReLU →
    /// flatten (C·84) → dropout → Linear(C·84 → 48): the scaled residual of the next 48 half-hours.</summary>
    public static Module CreateModel(int channels = 4, double dropout = 0.5) => new Sequential(
        new ChannelsFirst(),
        new Conv1d(Features, channels, kernelSize: 8, stride: 4, padding: 2), new ReLU(),
        new Conv1d(channels, channels, kernelSize: 3, padding: 1), new ReLU(),
        new Flatten(), new Dropout(dropout),
        new Linear(channels * 84, Day));

    /// <summary>MAE in MW of the forecasts on the test windows from scaled residual forecasts [14, 48]: forecast = same half-hour last week + residual.</summary>
    public double TestMae(Tensor scaledResidual)
    {
        float[] residual = Scaler.InverseTransform(scaledResidual, feature: 0).ToFloatArray();
        double sum = 0;
        for (int w = 0; w < Test.Count; w++)
        {
            int origin = Test.WindowStart(w) + Week + Week; // in the raw series (the residual series starts at 336)
            for (int h = 0; h < Day; h++)
            {
                double forecast = _demand[origin + h - Week] + residual[w * Day + h];
                sum += Math.Abs(_demand[origin + h] - forecast);
            }
        }
        return sum / (Test.Count * Day);
    }

    public static float[] LoadDemand(string csv)
    {
        var lines = File.ReadAllLines(csv);
        int column = Array.IndexOf(lines[0].Split(','), "demand_mw");
        if (column < 0)
            throw new FormatException($"{csv}: no demand_mw column in the header '{lines[0]}'.");
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => float.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
    }
}

/// <summary>[N, L, C] → [N, C, L] (windows are time-major; Conv1d wants channels first).</summary>
internal sealed class ChannelsFirst : Module
{
    public override Tensor Forward(Tensor input) => input.Transpose(1, 2);
}
