using System.Text.Json.Nodes;
using Glubina.Inference;
using Glubina.Metrics;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>Scores of a model's predictions against the true targets: for classification accuracy, macro
/// precision/recall/F1, log loss, the confusion matrix and (binary) ROC AUC and average precision; for regression
/// MSE, RMSE, MAE and R². Computed from <see cref="Predictions"/>, the same path predict uses.</summary>
internal sealed class Evaluation
{
    private Evaluation(string task, Dictionary<string, double> metrics)
    {
        Task = task;
        Metrics = metrics;
    }

    public string Task { get; }

    public Dictionary<string, double> Metrics { get; }

    public int Count { get; private init; }

    public IReadOnlyList<string>? ClassLabels { get; private init; }

    public ConfusionMatrix? ConfusionMatrix { get; private init; }

    public ClassificationReport? Report { get; private init; }

    /// <summary>Binary tasks: true classes and the probability of class 1.</summary>
    public long[]? BinaryTrue { get; private init; }

    public double[]? BinaryScores { get; private init; }

    public double[]? RegressionTrue { get; private init; }

    public double[]? RegressionPredicted { get; private init; }

    /// <summary>Scores predictions for classification targets (int64 class indices [N]) or regression targets ([N] or [N, 1]).</summary>
    public static Evaluation Of(Predictions predictions, Tensor targets, string task)
    {
        int n = predictions.Count;
        if (n == 0)
            throw new CliException("there are no rows to evaluate.");
        if (Tasks.IsRegression(task))
        {
            double[] truth = [.. targets.To(DType.Float64).Contiguous().ToArray<double>()];
            double[] predicted = [.. predictions.Values.Select(v => (double)v[0])];
            return new Evaluation(Tasks.Regression, new Dictionary<string, double>
            {
                ["mse"] = RegressionMetrics.MeanSquaredError(truth, predicted),
                ["rmse"] = RegressionMetrics.RootMeanSquaredError(truth, predicted),
                ["mae"] = RegressionMetrics.MeanAbsoluteError(truth, predicted),
                ["r2"] = RegressionMetrics.R2Score(truth, predicted),
            })
            { Count = n, RegressionTrue = truth, RegressionPredicted = predicted };
        }
        long[] yTrue = targets.To(DType.Int64).ToArray<long>();
        long[] yPred = [.. predictions.Classes.Select(c => (long)c)];
        int classes = predictions.Labels.Count;
        long[] labels = [.. Enumerable.Range(0, classes).Select(c => (long)c)];
        var counts = new long[classes, classes];
        for (int i = 0; i < n; i++)
            counts[yTrue[i], yPred[i]]++;
        var matrix = new ConfusionMatrix(labels, counts);
        PrecisionRecallF1 macro = matrix.Scores(Average.Macro, labels: labels);
        var probabilities = new double[n, classes];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < classes; c++)
                probabilities[i, c] = predictions.Probabilities[i][c];
        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = matrix.Accuracy,
            ["precision_macro"] = macro.Precision,
            ["recall_macro"] = macro.Recall,
            ["f1_macro"] = macro.F1,
            ["log_loss"] = ClassificationMetrics.LogLoss(yTrue, probabilities),
        };
        long[]? binaryTrue = null;
        double[]? scores = null;
        if (classes == 2 && yTrue.Distinct().Count() == 2)
        {
            binaryTrue = yTrue;
            scores = [.. predictions.Probabilities.Select(p => (double)p[1])];
            metrics["roc_auc"] = RankingMetrics.RocAuc(binaryTrue, scores);
            metrics["average_precision"] = RankingMetrics.AveragePrecision(binaryTrue, scores);
        }
        return new Evaluation(Tasks.Classification, metrics)
        {
            Count = n,
            ClassLabels = predictions.Labels,
            ConfusionMatrix = matrix,
            Report = matrix.Report(labels, predictions.Labels),
            BinaryTrue = binaryTrue,
            BinaryScores = scores,
        };
    }

    /// <summary>The metrics, the labels and the confusion matrix as JSON.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["task"] = Task,
            ["rows"] = Count,
            ["metrics"] = new JsonObject(Metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        };
        if (ConfusionMatrix is { } m && ClassLabels is { } labels)
        {
            json["class_labels"] = new JsonArray([.. labels.Select(l => (JsonNode?)l)]);
            var rows = new JsonArray();
            for (int i = 0; i < m.NumClasses; i++)
                rows.Add(new JsonArray([.. Enumerable.Range(0, m.NumClasses).Select(j => (JsonNode?)m[i, j])]));
            json["confusion_matrix"] = rows;
        }
        return json;
    }

    /// <summary>The metrics, the confusion matrix and the per-class report as text.</summary>
    public string ToText()
    {
        var lines = new List<string> { $"{Task} on {Count} rows:" };
        lines.AddRange(Metrics.Select(kv => $"  {kv.Key,-18} {kv.Value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}"));
        if (ConfusionMatrix is { } m && ClassLabels is { } labels)
        {
            lines.Add("");
            lines.Add("Confusion matrix (rows: true class, columns: predicted class):");
            int width = Math.Max(labels.Max(l => l.Length), m.Total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length) + 2;
            lines.Add(new string(' ', width) + string.Concat(labels.Select(l => l.PadLeft(width))));
            for (int i = 0; i < m.NumClasses; i++)
                lines.Add(labels[i].PadLeft(width) + string.Concat(Enumerable.Range(0, m.NumClasses).Select(j => m[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width))));
        }
        if (Report is { } report)
        {
            lines.Add("");
            lines.Add(report.ToText(4).TrimEnd());
        }
        return string.Join(Environment.NewLine, lines);
    }
}
