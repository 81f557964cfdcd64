using Glubina.Data.Datasets;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Tests.Data;
using Glubina.Training;

namespace Glubina.Tests.Training;

/// <summary>The shortened acceptance run: the 784-256-128-10 MLP on real MNIST for one epoch must already pass
/// 95% test accuracy (the full 10-epoch run in examples/Glubina.MnistMlp reaches ≥ 98%; see docs/results.md).</summary>
public sealed class MnistMlpTests
{
    [Fact]
    public void One_epoch_of_the_mnist_mlp_reaches_95_percent_test_accuracy()
    {
        // A generator of its own: tests running beside this one draw from Generator.Default.
        var g = new Generator(0);
        var (train, test) = Mnist.Load(new MnistOptions { Folder = SharedData.PathOf("mnist"), Flatten = true, Download = false });
        var model = new Sequential(new Linear(784, 256, generator: g), new ReLU(), new Linear(256, 128, generator: g), new ReLU(), new Linear(128, 10, generator: g));
        var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 1e-3), ["accuracy"]);
        trainer.Fit(train, epochs: 1, batchSize: 64, seed: g.NextUInt64(), verbose: false);
        double accuracy = trainer.Evaluate(test)["accuracy"];
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:P2}");
    }
}
