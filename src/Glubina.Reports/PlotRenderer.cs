using Glubina.Metrics;
using Glubina.Training;
using ScottPlot;

namespace Glubina.Reports;

/// <summary>Draws the plots of a report with ScottPlot 5 and returns them as PNG: training curves, the
/// confusion matrix, ROC and precision-recall curves, predicted against actual values.</summary>
internal static class PlotRenderer
{
    public const int Width = 720;
    public const int Height = 450;

    // History keys that are bookkeeping, not metrics to plot.
    private static readonly HashSet<string> s_notMetrics = new(StringComparer.Ordinal) { "loss", "lr", "epoch_seconds", "epoch" };

    /// <summary>The loss curve, then one curve per metric, each with its validation counterpart when recorded.</summary>
    public static IEnumerable<ReportPlot> Curves(History history)
    {
        if (history.Count == 0)
            yield break;
        if (history.Contains("loss") || history.Contains("val_loss"))
            yield return Curve(history, "loss", "loss.png", "Loss per epoch (train and validation)");
        foreach (string key in history.Keys)
        {
            if (s_notMetrics.Contains(key) || key.StartsWith("val_", StringComparison.Ordinal))
                continue;
            yield return Curve(history, key, $"metric_{SafeName(key)}.png", $"{key} per epoch (train and validation)");
        }
        // A validation metric recorded without its training counterpart still gets a curve.
        foreach (string key in history.Keys)
        {
            if (key.StartsWith("val_", StringComparison.Ordinal) && key != "val_loss" && !history.Contains(key[4..]))
                yield return Curve(history, key[4..], $"metric_{SafeName(key[4..])}.png", $"{key} per epoch (validation)");
        }
    }

    private static ReportPlot Curve(History history, string key, string file, string caption)
    {
        var plot = new Plot();
        double[] epochs = Enumerable.Range(1, history.Count).Select(e => (double)e).ToArray();
        bool any = false;
        foreach (var (name, label, color) in new[] { (key, "train", Colors.C0), ("val_" + key, "validation", Colors.C1) })
        {
            if (!history.Contains(name))
                continue;
            double[] values = history[name];
            var (xs, ys) = Finite(epochs, values);
            if (xs.Length == 0)
                continue;
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = history.Count <= 30 ? 5 : 0;
            any = true;
        }
        plot.Title(key);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("epoch");
        plot.YLabel(key);
        if (any)
            plot.ShowLegend(Alignment.UpperRight);
        return Render(plot, file, caption);
    }

    /// <summary>A heatmap of the counts (rows: true class, columns: predicted class) with each count written in its cell.</summary>
    public static ReportPlot ConfusionMatrix(ConfusionMatrix matrix, IReadOnlyList<string>? classNames)
    {
        int k = matrix.NumClasses;
        string[] names = ClassNames(matrix, classNames);
        var plot = new Plot();
        long max = 0;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
                max = Math.Max(max, matrix[i, j]);
        }
        var colormap = new ScottPlot.Colormaps.Blues();
        float fontSize = k <= 10 ? 14 : k <= 20 ? 9 : 0;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double fraction = max == 0 ? 0 : (double)matrix[i, j] / max;
                // Row i is drawn at the top for i = 0, as confusion matrices are read.
                double top = k - i, bottom = k - i - 1;
                var cell = plot.Add.Rectangle(j, j + 1, bottom, top);
                // Blues runs from dark (0) to white (1): more samples, darker cell.
                cell.FillColor = colormap.GetColor(1 - 0.9 * fraction);
                cell.LineColor = Colors.White;
                if (fontSize > 0)
                {
                    var text = plot.Add.Text(matrix[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture), j + 0.5, bottom + 0.5);
                    text.LabelFontSize = fontSize;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = fraction > 0.55 ? Colors.White : Colors.Black;
                    text.LabelBold = true;
                    text.LabelFontName = PlotFonts.Family; // Plot.Font.Set does not reach text plottables.
                }
            }
        }
        double[] centers = Enumerable.Range(0, k).Select(j => j + 0.5).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centers, names);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centers.Select(c => k - c).ToArray(), names);
        plot.Axes.SetLimits(0, k, 0, k);
        plot.Title($"Confusion matrix ({matrix.Total} samples)");
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        return Render(plot, "confusion_matrix.png", "Confusion matrix: rows are the true class, columns the predicted class", Height + 30, Height + 30);
    }

    /// <summary>The ROC curve with its area, against the diagonal of a random guess.</summary>
    public static ReportPlot Roc(long[] yTrue, double[] scores, long positiveLabel)
    {
        RocCurve roc = RankingMetrics.RocCurve(yTrue, scores, positiveLabel);
        double auc = RankingMetrics.RocAuc(yTrue, scores, positiveLabel);
        Plot plot = RateCurve(roc.FalsePositiveRate, roc.TruePositiveRate, Colors.C0, $"ROC (AUC = {auc:0.000})",
            (0, 0, 1, 1, "chance"), "ROC curve", "false positive rate", "true positive rate", Alignment.LowerRight);
        return Render(plot, "roc.png", $"ROC curve of the positive class {positiveLabel} (AUC {auc:0.000})");
    }

    /// <summary>The precision-recall curve with its average precision, against the positive rate (a random guess).</summary>
    public static ReportPlot PrecisionRecall(long[] yTrue, double[] scores, long positiveLabel)
    {
        PrecisionRecallCurve pr = RankingMetrics.PrecisionRecallCurve(yTrue, scores, positiveLabel);
        double ap = RankingMetrics.AveragePrecision(yTrue, scores, positiveLabel);
        double prevalence = yTrue.Count(y => y == positiveLabel) / (double)yTrue.Length;
        Plot plot = RateCurve(pr.Recall, pr.Precision, Colors.C1, $"PR (AP = {ap:0.000})",
            (0, prevalence, 1, prevalence, $"chance ({prevalence:0.00})"), "Precision-recall curve", "recall", "precision", Alignment.LowerLeft,
            ConnectStyle.StepVertical);
        return Render(plot, "precision_recall.png", $"Precision-recall curve of the positive class {positiveLabel} (average precision {ap:0.000})");
    }

    /// <summary>A curve of rates in [0, 1] (ROC, precision-recall) over the dashed line of a random guess.</summary>
    private static Plot RateCurve(double[] xs, double[] ys, Color color, string label, (double X1, double Y1, double X2, double Y2, string Label) chance,
        string title, string xLabel, string yLabel, Alignment legend, ConnectStyle connect = ConnectStyle.Straight)
    {
        var plot = new Plot();
        var baseline = plot.Add.Line(chance.X1, chance.Y1, chance.X2, chance.Y2);
        baseline.LineColor = Colors.Gray;
        baseline.LinePattern = LinePattern.Dashed;
        baseline.LegendText = chance.Label;
        var curve = plot.Add.Scatter(xs, ys, color);
        curve.LineWidth = 2;
        curve.MarkerSize = 0;
        curve.ConnectStyle = connect;
        curve.LegendText = label;
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.05);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(legend);
        return plot;
    }

    /// <summary>Predicted against actual values with the identity line (perfect predictions lie on it).</summary>
    public static ReportPlot PredictedVsActual(double[] actual, double[] predicted)
    {
        var (xs, ys) = Finite(actual, predicted);
        var plot = new Plot();
        if (xs.Length > 0)
        {
            double lo = Math.Min(xs.Min(), ys.Min()), hi = Math.Max(xs.Max(), ys.Max());
            var identity = plot.Add.Line(lo, lo, hi, hi);
            identity.LineColor = Colors.Gray;
            identity.LinePattern = LinePattern.Dashed;
            identity.LegendText = "perfect prediction";
            var points = plot.Add.ScatterPoints(xs, ys, Colors.C0.WithAlpha(0.6));
            points.MarkerSize = 5;
            points.LegendText = $"{xs.Length} samples";
            plot.ShowLegend(Alignment.UpperLeft);
        }
        plot.Title("Predicted vs actual");
        plot.XLabel("actual");
        plot.YLabel("predicted");
        return Render(plot, "predicted_vs_actual.png", "Predicted against actual values; the dashed line is a perfect prediction");
    }

    internal static string[] ClassNames(ConfusionMatrix matrix, IReadOnlyList<string>? classNames)
    {
        var names = new string[matrix.NumClasses];
        for (int i = 0; i < names.Length; i++)
        {
            long label = matrix.Labels[i];
            names[i] = classNames is not null && label >= 0 && label < classNames.Count
                ? classNames[(int)label]
                : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return names;
    }

    private static (double[] Xs, double[] Ys) Finite(double[] xs, double[] ys)
    {
        var x = new List<double>(xs.Length);
        var y = new List<double>(xs.Length);
        for (int i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                x.Add(xs[i]);
                y.Add(ys[i]);
            }
        }
        return (x.ToArray(), y.ToArray());
    }

    private static string SafeName(string key) =>
        new(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    private static ReportPlot Render(Plot plot, string file, string caption, int width = Width, int height = Height)
    {
        // ScottPlot picks a serif face on Linux, and nothing at all on a machine without fonts.
        plot.Font.Set(PlotFonts.Family);
        return new(file, caption, plot.GetImageBytes(width, height, ImageFormat.Png));
    }
}
