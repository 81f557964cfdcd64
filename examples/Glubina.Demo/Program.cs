using Glubina.Data;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Serialization;
using Glubina.Tensors;
using Glubina.Training;

// The README's first command: generate two interleaved spirals, split them (stratified train/validation/test),
// train a small MLP with Adam and early stopping while showing progress, evaluate on the test split, save the
// model file, load it back and check that it predicts the same. Usage: dotnet run --project examples/Glubina.Demo -c Release [-- OUT_DIR]
string outDir = args.Length > 0 ? args[0] : Path.Combine("runs", "demo");
Generator.Default.ManualSeed(42);

var (x, y) = Spirals(perClass: 600, new Generator(7));
var split = Splits.Stratified(y.ToArray<long>(), validation: 0.15, test: 0.15, seed: 1);
TensorDataset Part(int[] rows)
{
    var index = Tensor.FromArray(rows);
    return new TensorDataset(x.IndexSelect(0, index), y.IndexSelect(0, index));
}
var (train, validation, test) = (Part(split.Train), Part(split.Validation), Part(split.Test));
Console.WriteLine($"Spirals: {train.Count} train / {validation.Count} validation / {test.Count} test points, 2 classes");

var model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 2));
Console.WriteLine(ModelSummary.Create(model, [2]));
var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.01), metrics: ["accuracy", "f1_macro"]);
var history = trainer.Fit(train, validation, epochs: 60, batchSize: 32,
    callbacks: [new EarlyStopping("val_loss", patience: 10, restoreBestWeights: true)]);
Console.WriteLine(OverfittingReport.Analyze(history, baselineLoss: Math.Log(2)));

var result = trainer.Evaluate(test);
Console.WriteLine($"Test: loss {result["loss"]:F4}, accuracy {result["accuracy"]:P1}, macro F1 {result["f1_macro"]:F3}");

Directory.CreateDirectory(outDir);
string path = Path.Combine(outDir, "model.safetensors");
new ModelFile(model, ModelSpec.FromModule(model))
{
    Task = "classification",
    ClassLabels = ["arm A", "arm B"],
    InputShape = [2],
    Metrics = result,
}.Save(path);
File.WriteAllText(Path.Combine(outDir, "history.csv"), history.ToCsv());
var reloaded = ModelFile.Load(path);
bool same = trainer.Predict(test).ToArray<float>().SequenceEqual(new Trainer(reloaded.Model, new CrossEntropyLoss(),
    new Adam(reloaded.Model.Parameters())).Predict(test).ToArray<float>());
Console.WriteLine($"Saved {path} ({new FileInfo(path).Length:N0} bytes) and history.csv; reloaded model predicts identically: {same}");
return result["accuracy"] > 0.95 && same ? 0 : 1;

static (Tensor X, Tensor Y) Spirals(int perClass, Generator gen)
{
    var points = new float[2 * perClass * 2];
    var labels = new long[2 * perClass];
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < perClass; i++)
        {
            double r = (double)i / perClass;
            double angle = 1.75 * r * 2 * Math.PI + c * Math.PI;
            int row = c * perClass + i;
            points[2 * row] = (float)(r * Math.Sin(angle) + 0.02 * gen.NextNormal());
            points[2 * row + 1] = (float)(r * Math.Cos(angle) + 0.02 * gen.NextNormal());
            labels[row] = c;
        }
    return (Tensor.FromArray(points, 2 * perClass, 2), Tensor.FromArray(labels, 2 * perClass));
}
