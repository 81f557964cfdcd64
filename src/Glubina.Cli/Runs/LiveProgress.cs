using System.Globalization;
using Glubina.Training;
using Spectre.Console;

namespace Glubina.Cli.Runs;

/// <summary>Spectre.Console's live progress for training: one bar per epoch with the running loss and metrics,
/// left behind as a finished line with the epoch's validation results.</summary>
internal sealed class LiveProgress(ProgressContext progress) : Callback
{
    private ProgressTask? _task;

    public override void OnEpochBegin(TrainingContext context, int epoch) =>
        _task = progress.AddTask(Label(context, epoch, ""), maxValue: Math.Max(context.StepsPerEpoch, 1));

    public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
        if (_task is null)
            return;
        _task.Value = batch + 1;
        if (batch % 5 == 0 || batch + 1 == context.StepsPerEpoch)
            _task.Description = Label(context, context.Epoch, Format(logs, "batch_loss"));
    }

    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (_task is null)
            return;
        _task.Description = Label(context, epoch, Format(logs, "lr", "epoch_seconds"));
        _task.Value = _task.MaxValue;
        _task.StopTask();
    }

    private static string Label(TrainingContext context, int epoch, string text) =>
        Markup.Escape($"epoch {epoch + 1}/{context.Epochs} {text}");

    private static string Format(IReadOnlyDictionary<string, double> logs, params string[] skip) =>
        string.Join("  ", logs.Where(kv => !skip.Contains(kv.Key))
            .Select(kv => $"{kv.Key} {kv.Value.ToString("F4", CultureInfo.InvariantCulture)}"));
}
