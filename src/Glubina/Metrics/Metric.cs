using System.Globalization;

namespace Glubina.Metrics;

/// <summary>Creates streaming metrics by name, so a training loop or a command line can report any of them.
/// Names follow scikit-learn's scorers: "accuracy", "top3_accuracy", "precision", "recall", "f1" (binary, positive
/// label 1), "precision_macro", "f1_weighted", …, "log_loss", "roc_auc", "roc_auc_weighted", "roc_auc_micro",
/// "average_precision", "mse", "rmse", "mae", "mape", "r2".</summary>
public static class Metric
{
    private static readonly string[] s_scores = ["precision", "recall", "f1"];
    private static readonly string[] s_averages = ["macro", "micro", "weighted"];

    /// <summary>Every name <see cref="Create"/> accepts; "top{k}_accuracy" stands for top2_accuracy, top3_accuracy, ….</summary>
    public static IReadOnlyList<string> KnownNames { get; } =
    [
        "accuracy", "top{k}_accuracy",
        .. s_scores.SelectMany(s => (string[])[s, .. s_averages.Select(a => $"{s}_{a}")]),
        "log_loss", "roc_auc", "roc_auc_weighted", "roc_auc_micro", "average_precision",
        "mse", "rmse", "mae", "mape", "r2",
    ];

    /// <summary>The streaming metric called <paramref name="name"/> (case-insensitive), reading predictions of kind
    /// <paramref name="kind"/> (which matters for log loss, one-vs-rest ROC AUC and single-score thresholds).
    /// Throws an <see cref="ArgumentException"/> listing <see cref="KnownNames"/> for an unknown name.</summary>
    public static IMetric Create(string name, ScoreKind kind = ScoreKind.Probabilities)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        switch (key)
        {
            case "accuracy":
                return new StreamingAccuracy(1, kind);
            case "log_loss":
                return new StreamingLogLoss(kind);
            case "roc_auc":
                return new StreamingRocAuc(Average.Macro, kind);
            case "roc_auc_weighted":
                return new StreamingRocAuc(Average.Weighted, kind);
            case "roc_auc_micro":
                return new StreamingRocAuc(Average.Micro, kind);
            case "average_precision":
                return new StreamingAveragePrecision(kind);
            case "mse":
                return new StreamingMeanSquaredError();
            case "rmse":
                return new StreamingMeanSquaredError(root: true);
            case "mae":
                return new StreamingMeanAbsoluteError();
            case "mape":
                return new StreamingMeanAbsolutePercentageError();
            case "r2":
                return new StreamingR2Score();
        }
        if (key.StartsWith("top", StringComparison.Ordinal) && key.EndsWith("_accuracy", StringComparison.Ordinal)
            && int.TryParse(key.AsSpan(3, key.Length - 3 - "_accuracy".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && k >= 1)
            return new StreamingAccuracy(k, kind);
        string[] parts = key.Split('_');
        int score = Array.IndexOf(s_scores, parts[0]);
        if (score >= 0 && parts.Length <= 2)
        {
            if (parts.Length == 1)
                return new StreamingClassificationScore((ClassificationScore)score, Average.Binary, kind);
            int average = Array.IndexOf(s_averages, parts[1]);
            if (average >= 0)
                return new StreamingClassificationScore((ClassificationScore)score, (Average)(average + 1), kind);
        }
        throw new ArgumentException(
            $"Unknown metric '{name}'. Known metrics: {string.Join(", ", KnownNames)} (top{{k}}_accuracy with a number k, e.g. top5_accuracy).",
            nameof(name));
    }
}
