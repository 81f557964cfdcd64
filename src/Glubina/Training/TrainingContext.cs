using Glubina.Nn;
using Glubina.Optim;

namespace Glubina.Training;

/// <summary>What callbacks see of a running <see cref="Trainer.Fit"/>: the model, optimizer and history, the
/// position in training, and the flags that stop it.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(Module model, Optimizer optimizer, History history, int epochs, int stepsPerEpoch, TextWriter log, CancellationToken cancellation)
    {
        Model = model;
        Optimizer = optimizer;
        History = history;
        Epochs = epochs;
        StepsPerEpoch = stepsPerEpoch;
        LogWriter = log;
        Cancellation = cancellation;
    }

    /// <summary>The model being trained.</summary>
    public Module Model { get; }

    /// <summary>The optimizer stepping the model; a callback may change its learning rate.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Logs of the epochs completed so far.</summary>
    public History History { get; }

    /// <summary>Number of epochs requested.</summary>
    public int Epochs { get; }

    /// <summary>Batches per training epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Current epoch (0-based).</summary>
    public int Epoch { get; internal set; }

    /// <summary>Last epoch that completed (-1 before the first).</summary>
    public int LastEpoch { get; internal set; } = -1;

    /// <summary>Samples in the batch that just ended.</summary>
    public int LastBatchSize { get; internal set; }

    /// <summary>Set by a callback to end training after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>Set with <see cref="StopTraining"/> to end even the current epoch after this batch.</summary>
    public bool StopImmediately { get; set; }

    /// <summary>Stops training cleanly after the current batch when cancelled (Ctrl+C in the CLI).</summary>
    public CancellationToken Cancellation { get; }

    internal TextWriter LogWriter { get; }

    /// <summary>Writes a line to the training log (the console by default).</summary>
    public void Log(string message) => LogWriter.WriteLine(message);
}
