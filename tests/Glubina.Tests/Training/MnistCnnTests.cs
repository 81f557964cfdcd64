using System.Diagnostics;
using Glubina.Data;
using Glubina.Data.Datasets;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Tests.Data;
using Glubina.Training;
using Xunit.Abstractions;

namespace Glubina.Tests.Training;

/// <summary>The shortened acceptance run for convolutions: the LeNet-5-style CNN of examples/Glubina.MnistCnn, trained
/// for one epoch on the first 20,000 real MNIST training images, must pass 95% on the full 10,000-image test set (it
/// reaches 96.1–96.7% over seeds 0–4 in about 5 s; the full 10-epoch run reaches ≥ 99%, see docs/results.md).</summary>
public sealed class MnistCnnTests(ITestOutputHelper output)
{
    [Fact]
    public void One_epoch_of_lenet_on_20k_mnist_images_reaches_95_percent_test_accuracy()
    {
        // A generator of its own: tests running beside this one draw from Generator.Default.
        var g = new Generator(0);
        var (train, test) = Mnist.Load(new MnistOptions { Folder = SharedData.PathOf("mnist"), Download = false });
        const int n = 20_000;
        Tensor images = train.Inputs.Narrow(0, 0, n);
        double mean = images.Mean().Item(), std = images.Std().Item();
        var fit = new TensorDataset(images.Sub(mean).Div(std), train.Targets.Narrow(0, 0, n));
        var standardisedTest = new TensorDataset(test.Inputs.Sub(mean).Div(std), test.Targets);
        var model = new Sequential(
            new Conv2d(1, 6, 5, padding: 2, generator: g), new ReLU(), new MaxPool2d(2),
            new Conv2d(6, 16, 5, generator: g), new ReLU(), new MaxPool2d(2),
            new Flatten(),
            new Linear(16 * 5 * 5, 120, generator: g), new ReLU(),
            new Linear(120, 84, generator: g), new ReLU(),
            new Linear(84, 10, generator: g));
        var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 1e-3), ["accuracy"]);
        var clock = Stopwatch.StartNew();
        trainer.Fit(fit, epochs: 1, batchSize: 32, seed: g.NextUInt64(), verbose: false);
        var result = trainer.Evaluate(standardisedTest);
        double accuracy = result["accuracy"];
        output.WriteLine($"test accuracy {accuracy:P2}, test loss {result["loss"]:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:P2}");
    }
}
