namespace Glubina.Training;

/// <summary>
/// Hooks into training, with Keras' moments: train, epoch and batch begin/end. Logs passed to the end
/// hooks hold the values so far ("loss", metric names, and at epoch end the "val_" values).
/// Set <see cref="TrainingContext.StopTraining"/> to end training after the current epoch (or batch).
/// </summary>
public abstract class Callback
{
    public virtual void OnTrainBegin(TrainingContext context)
    {
    }

    public virtual void OnTrainEnd(TrainingContext context)
    {
    }

    public virtual void OnEpochBegin(TrainingContext context, int epoch)
    {
    }

    public virtual void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    public virtual void OnBatchBegin(TrainingContext context, int batch)
    {
    }

    public virtual void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
    }
}
