using Glubina.Data.Inspection;
using Glubina.Diagnostics;
using Glubina.Metrics;
using Glubina.Training;

namespace Glubina.Reports;

/// <summary>
/// Everything known about one training or evaluation run, as plain data for <see cref="ReportWriter"/>. Only
/// <see cref="Title"/> is required: a section whose data is missing is left out (an <c>evaluate</c> run has no
/// <see cref="History"/>; a regression has no <see cref="ConfusionMatrix"/>).
/// </summary>
public sealed class RunReport
{
    /// <summary>Heading of the page (HTML-encoded when written).</summary>
    public string Title { get; set; } = "Glubina run";

    /// <summary>"classification" or "regression" (free text; shown as given).</summary>
    public string? Task { get; set; }

    /// <summary>When the run happened (default: when the report object was made).</summary>
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Facts about the data, in display order (e.g. "file" → "iris.csv", "rows" → "150", "target" → "species").</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DataSummary { get; set; } = [];

    /// <summary>A <c>DataInspector.Inspect</c> result of the training data: its warnings and column table get a section.</summary>
    public DataInspection? DataInspection { get; set; }

    /// <summary>Rows in the train, validation and test splits.</summary>
    public SplitSizes? SplitSizes { get; set; }

    /// <summary>One line per preprocessing step (e.g. "standard scaling: sepal_length, …").</summary>
    public IReadOnlyList<string> Preprocessing { get; set; } = [];

    /// <summary>The architecture as text, e.g. <c>ModelSummary.Create(model, shape).ToString()</c>.</summary>
    public string? ArchitectureSummary { get; set; }

    /// <summary>Per-epoch values from <c>Trainer.Fit</c>; drives the loss and metric curves.</summary>
    public History? History { get; set; }

    /// <summary>Metrics on the test split (or the evaluated data), by name.</summary>
    public IReadOnlyDictionary<string, double>? TestMetrics { get; set; }

    /// <summary>Class names by class index (index i names label i of the confusion matrix when its labels are 0..C−1).</summary>
    public IReadOnlyList<string>? ClassLabels { get; set; }

    /// <summary>Confusion matrix on the test split (rows: true class, columns: predicted class).</summary>
    public ConfusionMatrix? ConfusionMatrix { get; set; }

    /// <summary>Binary tasks: true labels [N] for the ROC and precision-recall curves (with <see cref="BinaryScores"/>).</summary>
    public long[]? BinaryTrue { get; set; }

    /// <summary>Binary tasks: the score of the positive class [N] (a probability or any decision value).</summary>
    public double[]? BinaryScores { get; set; }

    /// <summary>Label of the positive class in <see cref="BinaryTrue"/> (default 1).</summary>
    public long PositiveLabel { get; set; } = 1;

    /// <summary>Regression: true values [N] for the predicted-vs-actual plot (with <see cref="RegressionPredicted"/>).</summary>
    public double[]? RegressionTrue { get; set; }

    /// <summary>Regression: predicted values [N].</summary>
    public double[]? RegressionPredicted { get; set; }

    /// <summary>Verdict on over- or underfitting, e.g. <c>OverfittingReport.Analyze(history).Message</c>.</summary>
    public string? OverfittingDiagnosis { get; set; }

    /// <summary>Inference throughput in samples per second (at the largest profiled batch size).</summary>
    public double? ThroughputSamplesPerSecond { get; set; }

    /// <summary>Median inference latency in milliseconds, by batch size (e.g. 1 → 0.2, 64 → 3.1).</summary>
    public IReadOnlyDictionary<int, double>? LatencyMs { get; set; }

    /// <summary>A full profile; when set, its per-layer table is shown and it supplies the throughput and
    /// latency that are not given above.</summary>
    public ProfileResult? Profile { get; set; }

    /// <summary>Size of the saved model file in bytes.</summary>
    public long? ModelSizeBytes { get; set; }

    /// <summary>Sections appended after the standard ones, in order.</summary>
    public IReadOnlyList<ReportSection> ExtraSections { get; set; } = [];
}
