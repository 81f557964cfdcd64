using Glubina.Diagnostics;
using Glubina.Nn;
using Glubina.Reports;
using Glubina.Tensors;
using Glubina.Training;

namespace Glubina.Cli.Runs;

/// <summary>Builds the <see cref="RunReport"/> of a train or evaluate run and writes it with the reports library.
/// A report that cannot be written is a warning: the model and the metrics are already saved by then.</summary>
internal static class ReportFiles
{
    /// <summary>Batch sizes measured for the report's throughput and latency (a short profile).</summary>
    private static readonly int[] ProfileBatchSizes = [1, 64];

    /// <param name="title">The page heading.</param>
    /// <param name="evaluation">Scores on the evaluated rows.</param>
    /// <param name="data">The prepared data of a training run (null for evaluate).</param>
    /// <param name="architecture">The model summary text.</param>
    /// <param name="history">Per-epoch logs of a training run.</param>
    /// <param name="modelPath">The saved model file (its size is reported).</param>
    /// <param name="facts">Data facts when there is no <paramref name="data"/> (evaluate).</param>
    public static RunReport Create(string title, Evaluation evaluation, PreparedData? data, string? architecture, History? history,
        string modelPath, IReadOnlyList<KeyValuePair<string, string>>? facts = null)
    {
        var report = new RunReport
        {
            Title = title,
            Task = evaluation.Task,
            DataSummary = data?.Summary ?? facts ?? [],
            SplitSizes = data is null ? null : new SplitSizes(data.Train.Count, data.Validation.Count, data.Test.Count),
            Preprocessing = data?.PreprocessingSteps ?? [],
            ArchitectureSummary = architecture,
            History = history,
            TestMetrics = evaluation.Metrics,
            ClassLabels = evaluation.ClassLabels,
            ConfusionMatrix = evaluation.ConfusionMatrix,
            BinaryTrue = evaluation.BinaryTrue,
            BinaryScores = evaluation.BinaryScores,
            RegressionTrue = evaluation.RegressionTrue,
            RegressionPredicted = evaluation.RegressionPredicted,
            OverfittingDiagnosis = history is { Count: > 0 } && history.Contains("val_loss") ? OverfittingReport.Analyze(history).Message : null,
            ModelSizeBytes = File.Exists(modelPath) ? new FileInfo(modelPath).Length : null,
        };
        return report;
    }

    /// <summary>A short inference profile for the report (batch sizes 1 and 64, a fraction of a second each).</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="inputShape">One example's shape.</param>
    /// <param name="vocabulary">Token vocabulary size when the inputs are token ids; null for numbers.</param>
    public static ProfileResult QuickProfile(Module model, int[] inputShape, int? vocabulary) =>
        ModelProfiler.Profile(model, inputShape, ProfileBatchSizes, new ProfileOptions
        {
            WarmupRuns = 1,
            Repeats = 5,
            TimeBudgetPerBatchSize = TimeSpan.FromMilliseconds(300),
            InputFactory = TokenInputs(vocabulary),
        });

    /// <summary>Random token ids in [1, vocabulary) for profiling a model that takes tokens; null for numeric inputs.</summary>
    public static Func<int[], Tensor>? TokenInputs(int? vocabulary) => vocabulary is int v
        ? shape => Tensor.RandInt(1, Math.Max(v, 2), shape, new Generator(0))
        : null;

    /// <summary>Writes the report into <paramref name="folder"/>; returns report.html's path, or null after printing a warning.</summary>
    public static string? Write(RunReport report, string folder, CliConsole console)
    {
        try
        {
            return ReportWriter.Write(report, folder);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            console.Error.WriteLine($"warning: the report could not be written to {folder}: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }
}
