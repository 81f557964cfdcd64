namespace Glubina.Training;

/// <summary>Stops training as soon as a batch loss is NaN or infinite.</summary>
public sealed class TerminateOnNaN : Callback
{
    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (logs.TryGetValue("loss", out double loss) && !double.IsFinite(loss))
        {
            context.Log($"TerminateOnNaN: batch {batch + 1} of epoch {context.Epoch + 1} gave loss {loss}; stopping.");
            context.StopTraining = true;
            context.StopImmediately = true;
        }
    }
}
