using Glubina.Optim;

namespace Glubina.Training;

/// <summary>Feeds the monitored value (default "val_loss") to a <see cref="ReduceLROnPlateau"/> schedule at the end
/// of every epoch, lowering the learning rate when it stops improving.</summary>
public sealed class ReduceLROnPlateauCallback(ReduceLROnPlateau scheduler, string monitor = "val_loss") : Callback
{
    /// <summary>The schedule fed the monitored value; it lowers the optimizer's learning rate.</summary>
    public ReduceLROnPlateau Scheduler { get; } = scheduler;

    /// <summary>The log value fed to the schedule (default "val_loss").</summary>
    public string MonitorName { get; } = monitor;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The monitored value is not in <paramref name="logs"/> (e.g. "val_loss" without validation data).</exception>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double before = context.Optimizer.LearningRate;
        Scheduler.Step(Monitor.Read(logs, MonitorName, nameof(ReduceLROnPlateauCallback)));
        double after = context.Optimizer.LearningRate;
        if (after < before)
            context.Log($"ReduceLROnPlateau: {MonitorName} stopped improving; learning rate {before:G3} → {after:G3}.");
    }
}
