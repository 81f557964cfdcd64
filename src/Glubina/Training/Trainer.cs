using System.Diagnostics;
using Glubina.Autograd;
using Glubina.Data;
using Glubina.Metrics;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Training;

/// <summary>
/// Keras-style training for a PyTorch-style model: <see cref="Fit"/> runs epochs of mini-batch steps (forward,
/// loss, backward, optional gradient clipping, optimizer step) with callbacks and returns a <see cref="History"/>;
/// <see cref="Evaluate"/> and the Predict methods run batched inference in evaluation mode.
/// Every step runs inside a <see cref="TensorScope"/>, so steady-state training reuses its buffers.
/// </summary>
public sealed class Trainer
{
    private readonly string[] _metricNames;

    /// <param name="model">The network; its output is what the loss and metrics receive.</param>
    /// <param name="loss">Loss of (model output, targets).</param>
    /// <param name="optimizer">Updates the model's parameters.</param>
    /// <param name="metrics">Metric names known to <see cref="Metric.Create"/> ("accuracy", "f1_macro", "mae"…).</param>
    /// <param name="clipGradNorm">Clip the global gradient norm to this value before each step.</param>
    public Trainer(Module model, Loss loss, Optimizer optimizer, IEnumerable<string>? metrics = null, double? clipGradNorm = null)
    {
        Model = model;
        Loss = loss;
        Optimizer = optimizer;
        _metricNames = metrics?.ToArray() ?? [];
        foreach (string name in _metricNames)
            _ = Metric.Create(name); // fail now, with the list of known names, not after an epoch
        ClipGradNorm = clipGradNorm;
    }

    /// <summary>The network being trained.</summary>
    public Module Model { get; }

    // Model outputs are logits unless the loss expects probabilities (BceLoss).
    private IMetric[] CreateMetrics() =>
        _metricNames.Select(n => Metric.Create(n, Loss is BceLoss ? ScoreKind.Probabilities : ScoreKind.Logits)).ToArray();

    /// <summary>Loss of (model output, targets), minimised by <see cref="Fit"/> and reported by <see cref="Evaluate"/>.</summary>
    public Loss Loss { get; }

    /// <summary>Updates the model's parameters after each batch.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Metrics computed on the training data each epoch and on validation data, by name.</summary>
    public IReadOnlyList<string> MetricNames => _metricNames;

    /// <summary>Largest global gradient norm allowed before each step; null = no clipping.</summary>
    public double? ClipGradNorm { get; }

    /// <summary>Trains for <paramref name="epochs"/> epochs.</summary>
    /// <param name="train">Training examples.</param>
    /// <param name="validation">Validation examples; takes precedence over <paramref name="validationSplit"/>.</param>
    /// <param name="epochs">Number of passes over the training data.</param>
    /// <param name="batchSize">Examples per step.</param>
    /// <param name="callbacks">Hooks (early stopping, checkpoints, progress…). A <see cref="ProgressDisplay"/> is
    /// added unless <paramref name="verbose"/> is false or one is given.</param>
    /// <param name="validationSplit">Fraction of the training data (taken from its end, before shuffling, as Keras does) held out for validation.</param>
    /// <param name="shuffle">Reshuffle the training data every epoch.</param>
    /// <param name="seed">Seed of the shuffling; by default drawn from <see cref="Generator.Default"/>, so seeding that
    /// one generator fixes initialisation, shuffling and dropout.</param>
    /// <param name="verbose">Print progress.</param>
    /// <param name="log">Where progress and messages go (default: the console).</param>
    /// <param name="cancellation">Stops training cleanly after the current batch.</param>
    public History Fit(IDataset train, IDataset? validation = null, int epochs = 1, int batchSize = 32,
        IEnumerable<Callback>? callbacks = null, double validationSplit = 0, bool shuffle = true, ulong? seed = null,
        bool verbose = true, TextWriter? log = null, CancellationToken cancellation = default)
    {
        if (epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Fit: epochs must be at least 1.");
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Fit: batchSize must be at least 1.");
        if (validationSplit < 0 || validationSplit >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "Fit: validationSplit must be in [0, 1).");
        if (validation is null && validationSplit > 0)
        {
            int held = (int)Math.Round(train.Count * validationSplit);
            if (held == 0 || held == train.Count)
                throw new ArgumentException($"Fit: validationSplit {validationSplit} of {train.Count} examples leaves an empty part.");
            validation = new Subset(train, Enumerable.Range(train.Count - held, held).ToArray());
            train = new Subset(train, Enumerable.Range(0, train.Count - held).ToArray());
        }
        if (train.Count == 0)
            throw new ArgumentException("Fit: the training dataset is empty.");

        TextWriter output = log ?? Console.Out;
        var all = new List<Callback>(callbacks ?? []);
        if (verbose && !all.OfType<ProgressDisplay>().Any())
            all.Add(new ProgressDisplay(log));
        var generator = new Generator(seed ?? Generator.Default.NextUInt64());
        var loader = new DataLoader(train, batchSize, shuffle, generator);
        var history = new History();
        var context = new TrainingContext(Model, Optimizer, history, epochs, loader.BatchCount, output, cancellation);
        var metrics = CreateMetrics();

        foreach (var c in all)
            c.OnTrainBegin(context);
        for (int epoch = 0; epoch < epochs && !context.StopTraining; epoch++)
        {
            context.Epoch = epoch;
            foreach (var c in all)
                c.OnEpochBegin(context, epoch);
            var clock = Stopwatch.StartNew();
            var logs = TrainEpoch(loader, epoch, metrics, all, context);
            if (validation is not null)
                foreach (var (name, value) in Evaluate(validation, Math.Max(batchSize, 256)))
                    logs["val_" + name] = value;
            logs["lr"] = Optimizer.LearningRate;
            logs["epoch_seconds"] = clock.Elapsed.TotalSeconds;
            history.Add(logs);
            context.LastEpoch = epoch;
            foreach (var c in all)
                c.OnEpochEnd(context, epoch, logs);
            if (cancellation.IsCancellationRequested)
            {
                context.Log($"Training cancelled during epoch {epoch + 1}.");
                context.StopTraining = true;
            }
        }
        foreach (var c in all)
            c.OnTrainEnd(context);
        Model.Eval();
        return history;
    }

    private Dictionary<string, double> TrainEpoch(DataLoader loader, int epoch, IMetric[] metrics, List<Callback> callbacks, TrainingContext context)
    {
        Model.Train();
        foreach (var m in metrics)
            m.Reset();
        double lossSum = 0;
        long seen = 0;
        int step = 0;
        var batchLogs = new Dictionary<string, double>();
        foreach (Batch batch in loader.GetEpoch(epoch))
        {
            foreach (var c in callbacks)
                c.OnBatchBegin(context, step);
            double lossValue;
            using (var scope = new TensorScope())
            {
                Tensor output = Model.Call(batch.Inputs);
                Tensor loss = Loss.Forward(output, batch.Targets);
                Optimizer.ZeroGrad(setToNone: false);
                loss.Backward();
                if (ClipGradNorm is double maxNorm)
                    GradientClipping.ClipGradNorm(Model.Parameters(), maxNorm);
                Optimizer.Step();
                lossValue = loss.Item();
                // A diverged batch (NaN/∞ outputs) is left out of the metrics; TerminateOnNaN can react to the loss.
                if (double.IsFinite(lossValue))
                    using (GradMode.NoGrad())
                        foreach (var m in metrics)
                            m.Update(output.Detach(), batch.Targets);
            }
            int n = batch.Count;
            lossSum += lossValue * n;
            seen += n;
            context.LastBatchSize = n;
            batchLogs["loss"] = lossSum / seen;
            foreach (var m in metrics)
                batchLogs[m.Name] = TryCompute(m);
            batchLogs["batch_loss"] = lossValue;
            foreach (var c in callbacks)
                c.OnBatchEnd(context, step, batchLogs);
            batch.Dispose();
            step++;
            if (context.StopImmediately || context.Cancellation.IsCancellationRequested)
                break;
        }
        var logs = new Dictionary<string, double> { ["loss"] = seen > 0 ? lossSum / seen : double.NaN };
        foreach (var m in metrics)
            logs[m.Name] = TryCompute(m);
        return logs;
    }

    // NaN when a metric has seen no sample yet (every batch so far diverged).
    private static double TryCompute(IMetric metric)
    {
        try
        {
            return metric.Compute();
        }
        catch (InvalidOperationException)
        {
            return double.NaN;
        }
    }

    /// <summary>Mean loss and metrics over <paramref name="data"/> in evaluation mode (keys "loss" and the metric names).</summary>
    public Dictionary<string, double> Evaluate(IDataset data, int batchSize = 256)
    {
        if (data.Count == 0)
            throw new ArgumentException("Evaluate: the dataset is empty.");
        bool wasTraining = Model.Training;
        Model.Eval();
        var metrics = CreateMetrics();
        double lossSum = 0;
        long seen = 0;
        try
        {
            using var noGrad = GradMode.NoGrad();
            foreach (Batch batch in new DataLoader(data, batchSize))
            {
                using (var scope = new TensorScope())
                {
                    Tensor output = Model.Call(batch.Inputs);
                    lossSum += Loss.Forward(output, batch.Targets).Item() * batch.Count;
                    foreach (var m in metrics)
                        m.Update(output, batch.Targets);
                }
                seen += batch.Count;
                batch.Dispose();
            }
        }
        finally
        {
            Model.Train(wasTraining);
        }
        var result = new Dictionary<string, double> { ["loss"] = lossSum / seen };
        foreach (var m in metrics)
            result[m.Name] = m.Compute();
        return result;
    }

    /// <summary>Model outputs for every example, in order, in evaluation mode: [N, ...].</summary>
    public Tensor Predict(IDataset data, int batchSize = 256)
    {
        bool wasTraining = Model.Training;
        Model.Eval();
        var parts = new List<Tensor>();
        try
        {
            using var noGrad = GradMode.NoGrad();
            foreach (Batch batch in new DataLoader(data, batchSize))
                parts.Add(Model.Call(batch.Inputs));
        }
        finally
        {
            Model.Train(wasTraining);
        }
        return parts.Count == 1 ? parts[0] : Tensor.Cat(parts, 0);
    }

    /// <summary>Model outputs for a batch of inputs [N, ...], computed in chunks of <paramref name="batchSize"/>.</summary>
    public Tensor Predict(Tensor inputs, int batchSize = 256) =>
        Predict(new TensorDataset(inputs, Tensor.Zeros([inputs.Size(0)], DType.Int64)), batchSize);
}
