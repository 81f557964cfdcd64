using System.Text;

namespace Glubina.Reports;

/// <summary>Writes a <see cref="RunReport"/> as PNG plots and one self-contained <c>report.html</c>.</summary>
public static class ReportWriter
{
    /// <summary>The file name of the page written by <see cref="Write"/>.</summary>
    public const string HtmlFileName = "report.html";

    /// <summary>
    /// Writes the plots (PNG) and <c>report.html</c> into <paramref name="folder"/> (created if missing) and returns
    /// the full path of <c>report.html</c>. Plots: <c>loss.png</c> and <c>metric_NAME.png</c> (train and validation
    /// curves, when <see cref="RunReport.History"/> is set), <c>confusion_matrix.png</c>, <c>roc.png</c> and
    /// <c>precision_recall.png</c> (binary scores), <c>predicted_vs_actual.png</c> (regression). The page embeds every
    /// plot as a base64 <c>data:</c> URI and its CSS inline: it needs no other file, no network and no JavaScript.
    /// </summary>
    /// <exception cref="ArgumentException">Paired arrays (true labels and scores, true and predicted values) are
    /// missing one half or differ in length.</exception>
    /// <exception cref="IOException">The folder or a file in it cannot be written.</exception>
    public static string Write(RunReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Validate(report);
        var (training, evaluation) = RenderPlots(report);
        string html = HtmlPage.Render(report, training, evaluation);
        string full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
            foreach (ReportPlot plot in training.Concat(evaluation))
                File.WriteAllBytes(Path.Combine(full, plot.FileName), plot.Png);
            string path = Path.Combine(full, HtmlFileName);
            File.WriteAllText(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return path;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"The report cannot be written to '{full}': {e.Message}", e);
        }
    }

    private static (List<ReportPlot> Training, List<ReportPlot> Evaluation) RenderPlots(RunReport report)
    {
        var training = report.History is null ? [] : PlotRenderer.Curves(report.History).ToList();
        var evaluation = new List<ReportPlot>();
        if (report.ConfusionMatrix is { NumClasses: > 0 } matrix)
            evaluation.Add(PlotRenderer.ConfusionMatrix(matrix, report.ClassLabels));
        if (HasBothClasses(report))
        {
            evaluation.Add(PlotRenderer.Roc(report.BinaryTrue!, report.BinaryScores!, report.PositiveLabel));
            evaluation.Add(PlotRenderer.PrecisionRecall(report.BinaryTrue!, report.BinaryScores!, report.PositiveLabel));
        }
        if (report.RegressionTrue is { Length: > 0 } actual && report.RegressionPredicted is { } predicted)
            evaluation.Add(PlotRenderer.PredictedVsActual(actual, predicted));
        return (training, evaluation);
    }

    /// <summary>ROC and precision-recall curves need a positive and a negative sample.</summary>
    internal static bool HasBothClasses(RunReport report) =>
        report.BinaryTrue is { Length: > 0 } y && report.BinaryScores is not null
        && y.Any(v => v == report.PositiveLabel) && y.Any(v => v != report.PositiveLabel);

    private static void Validate(RunReport report)
    {
        if (report.Title is null)
            throw new ArgumentException("RunReport.Title must not be null.", nameof(report));
        Pair(report.BinaryTrue?.Length, report.BinaryScores?.Length, nameof(RunReport.BinaryTrue), nameof(RunReport.BinaryScores));
        Pair(report.RegressionTrue?.Length, report.RegressionPredicted?.Length, nameof(RunReport.RegressionTrue), nameof(RunReport.RegressionPredicted));
        if (report.BinaryTrue is not null && report.BinaryTrue.Distinct().Count() > 2)
            throw new ArgumentException(
                $"RunReport.BinaryTrue holds {report.BinaryTrue.Distinct().Count()} distinct labels; ROC and precision-recall curves need a binary task (two labels).",
                nameof(report));
        if (report.BinaryScores is { } scores && Array.FindIndex(scores, s => !double.IsFinite(s)) is int i and >= 0)
            throw new ArgumentException($"RunReport.BinaryScores must be finite, found {scores[i]} at index {i}.", nameof(report));
    }

    private static void Pair(int? a, int? b, string nameA, string nameB)
    {
        if (a is null != b is null)
            throw new ArgumentException($"RunReport.{nameA} and RunReport.{nameB} go together: set both or neither ({(a is null ? nameA : nameB)} is null).");
        if (a != b)
            throw new ArgumentException($"RunReport.{nameA} has {a} values but RunReport.{nameB} has {b}; they must be the same length.");
    }
}
