namespace Glubina.Training;

/// <summary>Stops training as soon as the running loss (<c>logs["loss"]</c>, the epoch's mean so far) is NaN or
/// infinite, which happens at the first batch whose loss is.</summary>
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
