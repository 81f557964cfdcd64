using System.Diagnostics;
using Glubina.Data;
using Glubina.Data.Datasets;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Training;

// MNIST with a 784-256-128-10 ReLU MLP and Adam (issue 3's acceptance model).
// Usage: dotnet run --project examples/Glubina.MnistMlp -c Release -- [--epochs N] [--batch-size N] [--data DIR]
int epochs = IntArg("--epochs", 10);
int batchSize = IntArg("--batch-size", 64);
string? dataDir = Arg("--data");

Generator.Default.ManualSeed(0); // one seed: initialisation, shuffling, dropout
var (rawTrain, rawTest) = Mnist.Load(new MnistOptions { Folder = dataDir, Flatten = true });
// Standardise pixels with the training set's mean and standard deviation (the usual MNIST normalisation).
double mean = rawTrain.Inputs.Mean().Item(), std = rawTrain.Inputs.Std().Item();
var train = new TensorDataset(rawTrain.Inputs.Sub(mean).Div(std), rawTrain.Targets);
var test = new TensorDataset(rawTest.Inputs.Sub(mean).Div(std), rawTest.Targets);
Console.WriteLine($"MNIST: {train.Count} training and {test.Count} test images (pixel mean {mean:F4}, std {std:F4})");

var model = new Sequential(
    new Linear(784, 256), new ReLU(),
    new Linear(256, 128), new ReLU(),
    new Linear(128, 10));
Console.WriteLine(ModelSummary.Create(model, [784]));

var optimizer = new Adam(model.Parameters(), lr: 1e-3);
var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer, metrics: ["accuracy"]);
var clock = Stopwatch.StartNew();
var history = trainer.Fit(train, epochs: epochs, batchSize: batchSize, validationSplit: 1.0 / 12,
    callbacks: [new LearningRateScheduler(new CosineAnnealingLR(optimizer, tMax: epochs)),
                new EarlyStopping("val_loss", patience: 3, restoreBestWeights: true)]);
double seconds = clock.Elapsed.TotalSeconds;
var result = trainer.Evaluate(test);
Console.WriteLine(OverfittingReport.Analyze(history));
Console.WriteLine($"test loss {result["loss"]:F4}, test accuracy {result["accuracy"]:P2} after {history.Count} epochs in {seconds:F0} s");
return 0;

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is string s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;
