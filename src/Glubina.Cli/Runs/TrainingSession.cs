using System.Diagnostics;
using Glubina.Data;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Training;
using Spectre.Console;

namespace Glubina.Cli.Runs;

/// <summary>Trains a model for a command: the optimizer and loss for the task, early stopping on the validation loss
/// that restores the best weights, metrics.jsonl, and progress (Spectre live display in a terminal, one plain line
/// per epoch otherwise, nothing with --json). Ctrl+C stops after the current batch and keeps the best weights.</summary>
internal static class TrainingSession
{
    public static TrainingOutcome Run(Module model, PreparedData data, TrainSettings settings, RunFolder folder, CliConsole console)
    {
        bool regression = Tasks.IsRegression(data.Task);
        Loss loss = regression ? new MseLoss() : new CrossEntropyLoss();
        string[] metrics = regression ? ["mae"] : ["accuracy"];
        Optimizer optimizer = Optimizers.Create(settings.Optimizer, model.Parameters(), settings.LearningRate);
        var trainer = new Trainer(model, loss, optimizer, metrics);
        var stopping = new EarlyStopping("val_loss", patience: settings.Patience, restoreBestWeights: true);
        var callbacks = new List<Callback> { stopping, folder.MetricsLogger() };
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(console.Cancellation);
        ConsoleCancelEventHandler? onCancel = null;
        if (console.ProcessConsole)
        {
            onCancel = (_, e) =>
            {
                // The first Ctrl+C stops after this batch and keeps the best weights; a second one ends the process.
                e.Cancel = !cancel.IsCancellationRequested;
                if (e.Cancel)
                    console.Error.WriteLine("Ctrl+C: stopping after the current batch; the best weights so far will be saved. Press Ctrl+C again to quit at once.");
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
        }
        var clock = Stopwatch.StartNew();
        History history;
        try
        {
            if (console.Live)
            {
                History? result = null;
                console.CreateAnsi().Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                        new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(ctx => result = Fit(trainer, data, settings, [.. callbacks, new LiveProgress(ctx)], null, cancel.Token));
                history = result!;
            }
            else
            {
                if (!console.Json)
                    callbacks.Add(new ProgressDisplay(console.Out, live: false));
                history = Fit(trainer, data, settings, callbacks, console.Json ? null : console.Out, cancel.Token);
            }
        }
        finally
        {
            if (onCancel is not null)
                Console.CancelKeyPress -= onCancel;
        }
        bool cancelled = cancel.IsCancellationRequested;
        cancel.Dispose();
        bool early = stopping.StoppedEpoch >= 0;
        if (cancelled)
            console.Line($"Stopped by Ctrl+C after {history.Count} epoch(s); keeping the weights of epoch {stopping.BestEpoch + 1}.");
        else if (early)
            console.Line($"Early stopping after epoch {stopping.StoppedEpoch + 1}: the validation loss has not improved for " +
                         $"{settings.Patience} epoch(s); keeping the weights of epoch {stopping.BestEpoch + 1}.");
        return new TrainingOutcome(history, Math.Max(stopping.BestEpoch, 0), early, cancelled, clock.Elapsed.TotalSeconds);
    }

    private static History Fit(Trainer trainer, PreparedData data, TrainSettings settings, List<Callback> callbacks, TextWriter? log,
        CancellationToken cancellation)
    {
        IDataset train = data.Train;
        if (settings.MaxTrainSamples is int max && max < train.Count)
            train = new Subset(train, [.. Enumerable.Range(0, max)]); // the training split is already shuffled
        return trainer.Fit(train, data.Validation, settings.Epochs, settings.BatchSize, callbacks, seed: settings.Seed,
            verbose: false, log: log ?? TextWriter.Null, cancellation: cancellation);
    }
}
