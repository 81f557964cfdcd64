namespace Glubina.Training;

/// <summary>A callback made of delegates, for quick hooks without a class.</summary>
public sealed class LambdaCallback(
    Action<TrainingContext, int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action<TrainingContext, int, IReadOnlyDictionary<string, double>>? onBatchEnd = null,
    Action<TrainingContext>? onTrainBegin = null,
    Action<TrainingContext>? onTrainEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context) => onTrainBegin?.Invoke(context);

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context) => onTrainEnd?.Invoke(context);

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs) =>
        onEpochEnd?.Invoke(context, epoch, logs);

    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs) =>
        onBatchEnd?.Invoke(context, batch, logs);
}
