namespace Glubina.Training;

/// <summary>
/// Hooks into training, with Keras' moments: train, epoch and batch begin/end. Logs passed to the end
/// hooks hold the values so far ("loss", metric names, and at epoch end the "val_" values).
/// Set <see cref="TrainingContext.StopTraining"/> to end training after the current epoch (or batch).
/// </summary>
public abstract class Callback
{
    /// <summary>Called once before the first epoch. Does nothing unless overridden.</summary>
    /// <param name="context">The running training.</param>
    public virtual void OnTrainBegin(TrainingContext context)
    {
    }

    /// <summary>Called once after the last epoch, also when training stopped early or was cancelled. Does nothing unless overridden.</summary>
    /// <param name="context">The running training.</param>
    public virtual void OnTrainEnd(TrainingContext context)
    {
    }

    /// <summary>Called before each epoch. Does nothing unless overridden.</summary>
    /// <param name="context">The running training.</param>
    /// <param name="epoch">The epoch about to run (0-based).</param>
    public virtual void OnEpochBegin(TrainingContext context, int epoch)
    {
    }

    /// <summary>Called after each epoch and its validation. Does nothing unless overridden.</summary>
    /// <param name="context">The running training.</param>
    /// <param name="epoch">The epoch that ended (0-based).</param>
    /// <param name="logs">"loss" (the mean over the epoch) and each metric computed over the epoch, their "val_"
    /// counterparts when there is validation data, "lr" and "epoch_seconds".</param>
    public virtual void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called before each training step. Does nothing unless overridden.</summary>
    /// <param name="context">The running training.</param>
    /// <param name="batch">The step within the epoch (0-based).</param>
    public virtual void OnBatchBegin(TrainingContext context, int batch)
    {
    }

    /// <summary>Called after each training step (forward, backward, optimizer step). Does nothing unless overridden.</summary>
    /// <param name="context">The running training.</param>
    /// <param name="batch">The step within the epoch (0-based).</param>
    /// <param name="logs">"loss" (the mean so far this epoch) and each metric over the epoch so far, and "batch_loss",
    /// this step's loss.
    /// The same dictionary is reused for the next step: copy it to keep it.</param>
    public virtual void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
    }
}
