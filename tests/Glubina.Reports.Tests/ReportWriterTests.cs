using Glubina.Data.Inspection;
using Glubina.Diagnostics;
using Glubina.Metrics;
using Glubina.Nn;
using Glubina.Training;

namespace Glubina.Reports.Tests;

// One collection: registering the embedded font edits ScottPlot's global resolver list, which must not
// happen while another test renders.
[Collection("ScottPlot")]
public sealed class ReportWriterTests : IDisposable
{
    // GLUBINA_KEEP_REPORTS=DIR keeps the reports the tests write (one folder per test) to look at them.
    private static readonly string? s_keep = Environment.GetEnvironmentVariable("GLUBINA_KEEP_REPORTS");
    private readonly string _folder = Path.Combine(s_keep ?? Path.GetTempPath(), "glubina-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (s_keep is null && Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private static RunReport Base(TrainedRun run, string task) => new()
    {
        Title = "Test run",
        Task = task,
        DataSummary = [new("rows", run.Data.RowCount.ToString()), new("columns", run.Data.Columns.Count.ToString())],
        SplitSizes = new SplitSizes(run.History.Count > 0 ? (int)(run.Data.RowCount * 0.8) : 0, run.Data.RowCount / 5, 0),
        Preprocessing = ["median imputation and standard scaling: every feature"],
        ArchitectureSummary = ModelSummary.Create(run.Model, [run.Model.Parameters().First().Size(1)]).ToString(),
        History = run.History,
        OverfittingDiagnosis = OverfittingReport.Analyze(run.History).Message,
    };

    [Fact]
    public void Binary_classification_embeds_curves_confusion_matrix_roc_and_precision_recall()
    {
        var run = TrainedRun.Classification("breast-cancer", "breast_cancer.plain.csv");
        RunReport report = Base(run, "classification");
        report.ClassLabels = ["malignant", "benign"];
        report.ConfusionMatrix = run.Confusion;
        report.BinaryTrue = run.TrueClasses;
        report.BinaryScores = run.PositiveScores;
        report.TestMetrics = new Dictionary<string, double>
        {
            ["accuracy"] = run.Confusion.Accuracy,
            ["roc_auc"] = RankingMetrics.RocAuc(run.TrueClasses, run.PositiveScores),
        };

        string path = ReportWriter.Write(report, _folder);

        Assert.Equal(Path.Combine(_folder, "report.html"), path);
        string html = File.ReadAllText(path);
        ReportAssertions.IsSelfContained(html);
        var images = ReportAssertions.Images(html);
        Assert.Equal(5, images.Count);
        foreach (byte[] png in images)
            ReportAssertions.IsPlotPng(png);
        foreach (string file in new[] { "loss.png", "metric_accuracy.png", "confusion_matrix.png", "roc.png", "precision_recall.png" })
            Assert.True(File.Exists(Path.Combine(_folder, file)), $"{file} was not written");
        Assert.Contains(images, png => png.SequenceEqual(File.ReadAllBytes(Path.Combine(_folder, "roc.png"))));
        Assert.Equal(["data", "splits", "preprocessing", "architecture", "training", "evaluation", "diagnosis"], ReportAssertions.SectionIds(html));
        Assert.Contains("malignant", html);
        Assert.Contains("roc_auc", html);
    }

    [Fact]
    public void Multiclass_report_has_named_confusion_matrix_but_no_binary_curves()
    {
        var run = TrainedRun.Classification("iris", "iris.plain.csv");
        RunReport report = Base(run, "classification");
        report.ClassLabels = ["setosa", "versicolor", "virginica"];
        report.DataInspection = DataInspector.Inspect(run.Data, "target");
        report.ConfusionMatrix = run.Confusion;
        report.TestMetrics = new Dictionary<string, double> { ["accuracy"] = run.Confusion.Accuracy };

        string html = File.ReadAllText(ReportWriter.Write(report, _folder));

        Assert.Equal(3, ReportAssertions.Images(html).Count); // loss, accuracy, confusion matrix
        Assert.True(File.Exists(Path.Combine(_folder, "confusion_matrix.png")));
        Assert.False(File.Exists(Path.Combine(_folder, "roc.png")));
        ReportAssertions.IsPlotPng(File.ReadAllBytes(Path.Combine(_folder, "confusion_matrix.png")));
        Assert.Contains("<th>virginica</th>", html);
        Assert.Equal(["data", "inspection", "splits", "preprocessing", "architecture", "training", "evaluation", "diagnosis"],
            ReportAssertions.SectionIds(html));
        Assert.Contains("No warnings", html);
        Assert.Contains("Values per epoch", html);
        // The HTML confusion matrix holds the same counts as the metric.
        Assert.Contains($"<td class=\"num\">{run.Confusion[0, 0]}</td>", html);
    }

    [Fact]
    public void Regression_report_plots_predicted_against_actual()
    {
        var run = TrainedRun.Regression();
        RunReport report = Base(run, "regression");
        report.RegressionTrue = run.Actual;
        report.RegressionPredicted = run.PredictedValues;
        report.TestMetrics = new Dictionary<string, double>
        {
            ["mae"] = RegressionMetrics.MeanAbsoluteError(run.Actual, run.PredictedValues),
            ["r2"] = RegressionMetrics.R2Score(run.Actual, run.PredictedValues),
        };

        string html = File.ReadAllText(ReportWriter.Write(report, _folder));

        var images = ReportAssertions.Images(html);
        Assert.Equal(2, images.Count); // loss, predicted vs actual
        ReportAssertions.IsPlotPng(File.ReadAllBytes(Path.Combine(_folder, "predicted_vs_actual.png")));
        Assert.False(File.Exists(Path.Combine(_folder, "confusion_matrix.png")));
        Assert.Contains(">r2<", html);
    }

    [Fact]
    public void Evaluate_report_without_history_has_only_the_evaluation_and_performance()
    {
        var run = TrainedRun.Classification("breast-cancer", "breast_cancer.plain.csv", epochs: 1);
        var profile = ModelProfiler.Profile(run.Model, [30], [1, 16],
            new ProfileOptions { WarmupRuns = 1, Repeats = 3, TimeBudgetPerBatchSize = TimeSpan.FromMilliseconds(100) });
        var report = new RunReport
        {
            Title = "Evaluation of model.safetensors",
            Task = "classification",
            ConfusionMatrix = run.Confusion,
            BinaryTrue = run.TrueClasses,
            BinaryScores = run.PositiveScores,
            TestMetrics = new Dictionary<string, double> { ["accuracy"] = run.Confusion.Accuracy },
            Profile = profile,
            ModelSizeBytes = 12_345,
        };

        string html = File.ReadAllText(ReportWriter.Write(report, _folder));

        Assert.Equal(["evaluation", "performance"], ReportAssertions.SectionIds(html));
        Assert.Equal(3, ReportAssertions.Images(html).Count);
        Assert.False(File.Exists(Path.Combine(_folder, "loss.png")));
        Assert.Contains("inference latency, batch 1", html);
        Assert.Contains("inference latency, batch 16", html);
        Assert.Contains("12,345 bytes", html);
        foreach (LayerProfile layer in profile.Layers)
            Assert.Contains($"<td>{layer.Type}</td>", html);
    }

    [Fact]
    public void Every_user_string_is_html_encoded()
    {
        const string hostile = "<script>alert('x')</script> & \"quoted\" <img src=x onerror=alert(1)>";
        var matrix = new ConfusionMatrix([0, 1], new long[,] { { 3, 1 }, { 2, 4 } });
        var report = new RunReport
        {
            Title = hostile,
            Task = hostile,
            DataSummary = [new(hostile, hostile)],
            Preprocessing = [hostile],
            ArchitectureSummary = hostile,
            ClassLabels = [hostile, "<b>bold</b>"],
            ConfusionMatrix = matrix,
            TestMetrics = new Dictionary<string, double> { [hostile] = 0.5 },
            OverfittingDiagnosis = hostile,
            ExtraSections = [new ReportSection(hostile, hostile), new ReportSection("paragraph", hostile, Preformatted: false)],
            DataInspection = DataInspector.Inspect(new Glubina.Data.Table([new Glubina.Data.CategoricalColumn(hostile, ["a", "a", "a"])])),
        };

        string html = File.ReadAllText(ReportWriter.Write(report, _folder));

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<b>bold</b>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", html);
        Assert.Contains("<title>&lt;script&gt;", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html);
        Assert.Contains("<li>&#39;&lt;script&gt;", html); // the inspection's constant-column warning names the column
        ReportAssertions.IsSelfContained(html);
    }

    [Fact]
    public void Mismatched_pairs_are_rejected_with_their_names()
    {
        var noScores = new RunReport { BinaryTrue = [0, 1, 1] };
        var e1 = Assert.Throws<ArgumentException>(() => ReportWriter.Write(noScores, _folder));
        Assert.Contains("BinaryScores", e1.Message);
        var shortPredictions = new RunReport { RegressionTrue = [1, 2, 3], RegressionPredicted = [1, 2] };
        var e2 = Assert.Throws<ArgumentException>(() => ReportWriter.Write(shortPredictions, _folder));
        Assert.Contains("3 values", e2.Message);
        var multiclass = new RunReport { BinaryTrue = [0, 1, 2], BinaryScores = [0.1, 0.5, 0.9] };
        Assert.Throws<ArgumentException>(() => ReportWriter.Write(multiclass, _folder));
        Assert.False(Directory.Exists(_folder), "nothing is written when the report is invalid");
    }

    [Fact]
    public void Single_class_scores_skip_the_curves_and_say_so()
    {
        var report = new RunReport { BinaryTrue = [1, 1, 1], BinaryScores = [0.2, 0.7, 0.9], TestMetrics = new Dictionary<string, double> { ["accuracy"] = 1 } };

        string html = File.ReadAllText(ReportWriter.Write(report, _folder));

        Assert.Empty(ReportAssertions.Images(html));
        Assert.Contains("only one class", html);
    }
}
