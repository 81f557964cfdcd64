using System.Diagnostics;
using Glubina.Data;
using Glubina.Data.Augmentation;
using Glubina.Data.Datasets;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Training;

// MNIST with convolutional networks (issue 4's acceptance models).
//   --model lenet : LeNet-5 style, conv 6@5x5 pad 2 - ReLU - maxpool 2 - conv 16@5x5 - ReLU - maxpool 2 - fc 120 - fc 84 - fc 10
//   --model bn    : a small CNN with BatchNorm, trained with random-crop (padding 2) and small-affine augmentation
// Usage: dotnet run --project examples/Glubina.MnistCnn -c Release -- [--model lenet|bn] [--epochs N] [--batch-size N]
//        [--lr X] [--data DIR]
string modelName = Arg("--model") ?? "lenet";
int epochs = IntArg("--epochs", 10);
int batchSize = IntArg("--batch-size", 64);
double lr = DoubleArg("--lr", 1e-3);
string? dataDir = Arg("--data");

Generator.Default.ManualSeed(0); // one seed: initialisation, shuffling, dropout
var (rawTrain, rawTest) = Mnist.Load(new MnistOptions { Folder = dataDir }); // [N, 1, 28, 28] in [0, 1]
// Standardise pixels with the training set's mean and standard deviation (the usual MNIST normalisation).
double mean = rawTrain.Inputs.Mean().Item(), std = rawTrain.Inputs.Std().Item();
var all = new TensorDataset(rawTrain.Inputs.Sub(mean).Div(std), rawTrain.Targets);
var test = new TensorDataset(rawTest.Inputs.Sub(mean).Div(std), rawTest.Targets);
Console.WriteLine($"MNIST: {all.Count} training and {test.Count} test images (pixel mean {mean:F4}, std {std:F4})");

// The last 1/12 of the training set (5,000 images) is held out for validation, never augmented.
int nVal = all.Count / 12, nFit = all.Count - nVal;
IDataset fit = new Subset(all, [.. Enumerable.Range(0, nFit)]);
IDataset validation = new Subset(all, [.. Enumerable.Range(nFit, nVal)]);

Module model;
switch (modelName)
{
    case "lenet":
        model = LeNet5();
        break;
    case "bn":
        model = SmallBnCnn();
        // Shift by up to 2 pixels (crop of the image padded by 2), then rotate ±10°, scale 0.9–1.1; borders take the
        // standardised value of a black pixel.
        float background = (float)(-mean / std);
        fit = new AugmentedDataset(fit, new Compose(
            new RandomCrop(28, 28, padding: 2, fill: background),
            new RandomAffine(degrees: 10, scale: (0.9, 1.1), fill: background)), seed: 1);
        break;
    default:
        Console.Error.WriteLine($"unknown --model {modelName} (expected lenet or bn)");
        return 2;
}
Console.WriteLine(ModelSummary.Create(model, [1, 28, 28]));

var optimizer = new Adam(model.Parameters(), lr: lr);
var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer, metrics: ["accuracy"]);
var clock = Stopwatch.StartNew();
var history = trainer.Fit(fit, validation, epochs: epochs, batchSize: batchSize,
    callbacks: [new LearningRateScheduler(new CosineAnnealingLR(optimizer, tMax: epochs)),
                new EarlyStopping("val_loss", patience: 3, restoreBestWeights: true)]);
double seconds = clock.Elapsed.TotalSeconds;
var result = trainer.Evaluate(test);
Console.WriteLine(OverfittingReport.Analyze(history));
Console.WriteLine($"{modelName}: test loss {result["loss"]:F4}, test accuracy {result["accuracy"]:P2} after {history.Count} epochs in {seconds:F0} s");
return 0;

static Sequential LeNet5() => new(
    new Conv2d(1, 6, 5, padding: 2), new ReLU(), new MaxPool2d(2),   // 6 × 28 × 28 → 6 × 14 × 14
    new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),              // 16 × 10 × 10 → 16 × 5 × 5
    new Flatten(),
    new Linear(16 * 5 * 5, 120), new ReLU(),
    new Linear(120, 84), new ReLU(),
    new Linear(84, 10));

static Sequential SmallBnCnn() => new(
    new Conv2d(1, 16, 3, padding: 1, bias: false), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),    // 16 × 14 × 14
    new Conv2d(16, 32, 3, padding: 1, bias: false), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),   // 32 × 7 × 7
    new Conv2d(32, 64, 3, padding: 1, bias: false), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),   // 64 × 3 × 3
    new Flatten(),
    new Linear(64 * 3 * 3, 128, bias: false), new BatchNorm1d(128), new ReLU(),
    new Dropout(0.25), new Linear(128, 10));

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is string s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;

double DoubleArg(string name, double fallback) =>
    Arg(name) is string s ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;
