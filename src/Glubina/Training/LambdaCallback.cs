namespace Glubina.Training;

/// <summary>A callback made of delegates, for quick hooks without a class.</summary>
public sealed class LambdaCallback(
    Action<TrainingContext, int, IReadOnlyDictionary<string, double>>? onEpochEnd = null,
    Action<TrainingContext, int, IReadOnlyDictionary<string, double>>? onBatchEnd = null,
    Action<TrainingContext>? onTrainBegin = null,
    Action<TrainingContext>? onTrainEnd = null) : Callback
{
    public override void OnTrainBegin(TrainingContext context) => onTrainBegin?.Invoke(context);

    public override void OnTrainEnd(TrainingContext context) => onTrainEnd?.Invoke(context);

    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs) =>
        onEpochEnd?.Invoke(context, epoch, logs);

    public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs) =>
        onBatchEnd?.Invoke(context, batch, logs);
}
