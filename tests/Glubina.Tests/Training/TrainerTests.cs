using Glubina.Data;
using Glubina.Metrics;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Training;

namespace Glubina.Tests.Training;

public sealed class TrainerTests
{
    // Two Gaussian blobs per class in 2-D: separable by a small MLP, not by chance.
    private static TensorDataset Blobs(int n, ulong seed)
    {
        var gen = new Generator(seed);
        var x = new float[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % 3;
            double angle = 2 * Math.PI * c / 3;
            x[2 * i] = (float)(2 * Math.Cos(angle) + 0.5 * gen.NextNormal());
            x[2 * i + 1] = (float)(2 * Math.Sin(angle) + 0.5 * gen.NextNormal());
            y[i] = c;
        }
        return new TensorDataset(Tensor.FromArray(x, n, 2), Tensor.FromArray(y, n));
    }

    private static (Trainer Trainer, Sequential Model) Make(ulong seed, double lr = 0.05)
    {
        // Its own generator: test classes run in parallel, and others draw from Generator.Default meanwhile.
        var generator = new Generator(seed);
        var model = new Sequential(new Linear(2, 16, generator: generator), new ReLU(), new Linear(16, 3, generator: generator));
        return (new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: lr), ["accuracy"]), model);
    }

    [Fact]
    public void Fit_learns_and_records_history_for_train_and_validation()
    {
        var (trainer, _) = Make(1);
        var history = trainer.Fit(Blobs(300, 2), Blobs(150, 3), epochs: 8, batchSize: 32, verbose: false);
        Assert.Equal(8, history.Count);
        foreach (string key in new[] { "loss", "accuracy", "val_loss", "val_accuracy", "lr", "epoch_seconds" })
            Assert.True(history.Contains(key), key);
        Assert.True(history["loss"][^1] < history["loss"][0] * 0.5, string.Join(", ", history["loss"]));
        Assert.True(history["val_accuracy"][^1] > 0.9, $"val accuracy {history["val_accuracy"][^1]}");
        var eval = trainer.Evaluate(Blobs(150, 3));
        Assert.Equal(history["val_loss"][^1], eval["loss"], 5);
        Assert.StartsWith("epoch,loss,accuracy", history.ToCsv());
    }

    [Fact]
    public void One_seed_makes_training_reproducible()
    {
        double[] Run(ulong seed)
        {
            var (trainer, _) = Make(seed);
            return trainer.Fit(Blobs(200, 5), epochs: 3, batchSize: 16, verbose: false, seed: seed)["loss"];
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Validation_split_holds_out_the_end_of_the_data()
    {
        var (trainer, _) = Make(1);
        var progress = new StringWriter();
        var history = trainer.Fit(Blobs(120, 2), epochs: 1, batchSize: 10, validationSplit: 0.25, log: progress);
        Assert.True(history.Contains("val_loss"));
        string text = progress.ToString();
        Assert.Contains("Epoch 1/1", text);
        Assert.Contains("samples/s", text);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(Blobs(10, 1), validationSplit: 1.5, verbose: false));
    }

    [Fact]
    public void Early_stopping_stops_and_restores_the_best_weights()
    {
        var (trainer, model) = Make(1, lr: 0.05);
        // A validation set the model cannot fit (labels shuffled) makes val_loss stop improving quickly.
        var noisy = Blobs(90, 9);
        var shuffled = new TensorDataset(noisy.Inputs, Tensor.RandInt(0, 3, [90], new Generator(3)));
        var stop = new EarlyStopping("val_loss", patience: 1, restoreBestWeights: true);
        var history = trainer.Fit(Blobs(300, 2), shuffled, epochs: 30, batchSize: 32, callbacks: [stop], verbose: false);
        Assert.True(history.Count < 30, $"ran {history.Count} epochs");
        Assert.Equal(history.Count - 1, stop.StoppedEpoch);
        Assert.Equal(history["val_loss"].Min(), stop.BestValue, 9);
        // The restored weights reproduce the best validation loss.
        Assert.Equal(stop.BestValue, trainer.Evaluate(shuffled)["loss"], 4);
    }

    [Fact]
    public void Csv_logger_and_checkpoint_write_files()
    {
        string folder = Directory.CreateTempSubdirectory("glubina-train").FullName;
        try
        {
            var (trainer, model) = Make(1);
            var checkpoint = new ModelCheckpoint(Path.Combine(folder, "best.safetensors"), spec: Glubina.Serialization.ModelSpec.FromModule(model));
            trainer.Fit(Blobs(100, 2), Blobs(60, 3), epochs: 3, batchSize: 20, verbose: false,
                callbacks: [new CsvLogger(Path.Combine(folder, "log.csv")), checkpoint]);
            string[] lines = File.ReadAllLines(Path.Combine(folder, "log.csv"));
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("epoch,loss,accuracy,val_loss", lines[0]);
            Assert.NotNull(checkpoint.LastSaved);
            var loaded = Glubina.Serialization.ModelFile.Load(checkpoint.LastSaved!);
            Assert.True(loaded.Metrics.ContainsKey("val_loss"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Terminate_on_nan_and_cancellation_stop_training()
    {
        var (trainer, _) = Make(1, lr: 1e30);
        var history = trainer.Fit(Blobs(200, 2), epochs: 20, batchSize: 8, callbacks: [new TerminateOnNaN()], verbose: false);
        Assert.True(history.Count < 20);
        var (trainer2, _) = Make(1);
        using var cts = new CancellationTokenSource();
        var cancelAfterTwo = new LambdaCallback(onBatchEnd: (c, b, l) => { if (b == 1) cts.Cancel(); });
        var h2 = trainer2.Fit(Blobs(200, 2), epochs: 5, batchSize: 10, callbacks: [cancelAfterTwo], verbose: false, cancellation: cts.Token);
        Assert.Equal(1, h2.Count);
    }

    [Fact]
    public void Predict_returns_outputs_in_order_with_probabilities_and_classes()
    {
        var (trainer, model) = Make(1);
        var data = Blobs(50, 4);
        trainer.Fit(data, epochs: 5, batchSize: 10, verbose: false);
        Tensor outputs = trainer.Predict(data, batchSize: 7);
        Assert.Equal([50, 3], outputs.ShapeArray());
        Tensor direct = model.Eval().Call(data.Inputs);
        // Same rows in the same order; the last chunk of one row takes the unpacked few-row GEMM, whose sums round
        // differently (a row out of order would be off by O(1)).
        float[] expected = direct.ToArray<float>(), actual = outputs.ToArray<float>();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"output {i}: {expected[i]} vs {actual[i]}");
        var probs = ClassifierOutputs.ToProbabilities(outputs).Sum(1).ToArray<float>();
        Assert.All(probs, p => Assert.Equal(1f, p, 5));
        Assert.Equal(outputs.ArgMax(1).ToArray<long>(), ClassifierOutputs.ToClasses(outputs).ToArray<long>());
    }

    [Fact]
    public void Unknown_metric_fails_at_construction_with_the_known_names()
    {
        var model = new Sequential(new Linear(2, 3));
        var e = Assert.ThrowsAny<ArgumentException>(() => new Trainer(model, new CrossEntropyLoss(), new Sgd(model.Parameters(), lr: 0.1), ["acuracy"]));
        Assert.Contains("accuracy", e.Message);
    }
}
