using Glubina.Data;
using Glubina.Data.Csv;
using Glubina.Data.Preprocessing;
using Glubina.Metrics;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Training;

namespace Glubina.Reports.Tests;

/// <summary>A few epochs of a small MLP on a real shared CSV, giving a real History, predictions and metrics for
/// the reports (so the plots are drawn from what a run produces, not from made-up arrays).</summary>
internal sealed class TrainedRun
{
    public required Table Data { get; init; }
    public required Sequential Model { get; init; }
    public required History History { get; init; }
    public required double[] Actual { get; init; }
    public required Tensor Outputs { get; init; }

    public static TrainedRun Classification(string folder, string file, int epochs = 4)
    {
        Table table = CsvLoader.Load(SharedData.PathOf(folder, file));
        int classes = (int)((NumericColumn)table["target"]).Values.Max() + 1;
        return Train(table, classes, new CrossEntropyLoss(), DType.Int64, ["accuracy"], epochs);
    }

    public static TrainedRun Regression(int epochs = 4)
    {
        Table table = CsvLoader.Load(SharedData.PathOf("diabetes", "diabetes.plain.csv"));
        return Train(table, 1, new MseLoss(), DType.Float32, [], epochs);
    }

    private static TrainedRun Train(Table table, int outputs, Loss loss, DType targetType, string[] metrics, int epochs)
    {
        var pipeline = ColumnPipeline.Auto(table, "target");
        Tensor x = pipeline.Transform(table);
        double[] y = ((NumericColumn)table["target"]).Values;
        Tensor targets = targetType == DType.Int64
            ? Tensor.FromArray(y.Select(v => (long)v).ToArray(), [y.Length])
            : Tensor.FromArray(y.Select(v => (float)(v / 100)).ToArray(), [y.Length, 1]);
        var generator = new Generator(7);
        var model = new Sequential(new Linear(x.Size(1), 16, generator: generator), new ReLU(), new Linear(16, outputs, generator: generator));
        var trainer = new Trainer(model, loss, new Adam(model.Parameters(), lr: 0.01), metrics);
        var data = new TensorDataset(x, targets);
        var split = Splits.Random(y.Length, 0.2, 0.0, seed: 3);
        History history = trainer.Fit(new Subset(data, split.Train), new Subset(data, split.Validation), epochs: epochs, batchSize: 32,
            verbose: false, seed: 5);
        Tensor outputsTensor = trainer.Predict(x);
        return new TrainedRun { Data = table, Model = model, History = history, Actual = y, Outputs = outputsTensor };
    }

    public long[] TrueClasses => Actual.Select(v => (long)v).ToArray();

    public long[] PredictedClasses => ClassifierOutputs.ToClasses(Outputs).ToArray<long>();

    public double[] PositiveScores => ClassifierOutputs.ToProbabilities(Outputs).ToDoubleArray().Where((_, i) => i % 2 == 1).ToArray();

    public double[] PredictedValues => Outputs.ToDoubleArray().Select(v => v * 100).ToArray();

    public ConfusionMatrix Confusion => ClassificationMetrics.ConfusionMatrix(TrueClasses, PredictedClasses);
}
