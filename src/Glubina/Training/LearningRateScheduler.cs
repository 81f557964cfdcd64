using Glubina.Optim;

namespace Glubina.Training;

/// <summary>Steps a learning-rate schedule at the end of every epoch (or every batch with <c>perBatch</c>, as
/// OneCycleLR expects).</summary>
public sealed class LearningRateScheduler(LRScheduler scheduler, bool perBatch = false) : Callback
{
    /// <summary>The schedule that is stepped; it sets the optimizer's learning rate.</summary>
    public LRScheduler Scheduler { get; } = scheduler;

    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (perBatch)
            Scheduler.Step();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (!perBatch)
            Scheduler.Step();
    }
}
