using System.Text.Json;
using Glubina.Metrics;
using static Glubina.Tests.Metrics.MetricFixtures;

namespace Glubina.Tests.Metrics;

/// <summary>Score-based metrics (log loss, top-k, ROC, precision-recall) against scikit-learn 1.2.1
/// (proba_cases and binary_score_cases of the fixture).</summary>
public sealed class ScoreFixtureTests
{
    public static TheoryData<string> ProbaCases => Names("proba_cases");

    public static TheoryData<string> BinaryCases => Names("binary_score_cases");

    [Theory]
    [MemberData(nameof(ProbaCases))]
    public void Log_loss_top_k_and_argmax_scores_match_sklearn(string name)
    {
        JsonElement c = Case("proba_cases", name), exp = c.GetProperty("expected");
        long[] y = Longs(c.GetProperty("y_true"));
        double[,] proba = Matrix(c.GetProperty("proba"));
        Close(exp.GetProperty("log_loss"), ClassificationMetrics.LogLoss(y, proba), $"{name} log_loss");
        foreach (JsonProperty k in exp.GetProperty("top_k").EnumerateObject())
            Close(k.Value, ClassificationMetrics.TopKAccuracy(y, proba, int.Parse(k.Name)), $"{name} top_{k.Name}");
        long[] argmax = Enumerable.Range(0, y.Length)
            .Select(i => (long)Enumerable.Range(0, proba.GetLength(1)).MaxBy(j => (proba[i, j], -j))).ToArray();
        Close(exp.GetProperty("argmax_accuracy"), ClassificationMetrics.Accuracy(y, argmax), $"{name} argmax accuracy");
        foreach (var (key, average) in new[] { ("macro", Average.Macro), ("micro", Average.Micro), ("weighted", Average.Weighted) })
            Close(exp.GetProperty("argmax_f1").GetProperty(key), ClassificationMetrics.F1Score(y, argmax, average), $"{name} argmax f1 {key}");
    }

    [Theory]
    [MemberData(nameof(ProbaCases))]
    public void One_vs_rest_roc_auc_matches_sklearn(string name)
    {
        JsonElement c = Case("proba_cases", name), exp = c.GetProperty("expected");
        long[] y = Longs(c.GetProperty("y_true"));
        double[,] proba = Matrix(c.GetProperty("proba"));
        if (exp.GetProperty("roc_auc_ovr_rejected").GetBoolean())
        {
            var e = Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(y, proba));
            Assert.Contains("sums to", e.Message);
            return;
        }
        if (!IsNull(exp, "roc_auc_binary"))
        {
            Close(exp.GetProperty("roc_auc_binary"), RankingMetrics.RocAuc(y, proba), $"{name} binary roc_auc of column 1");
            return;
        }
        JsonElement want = exp.GetProperty("roc_auc_ovr");
        Close(want.GetProperty("macro"), RankingMetrics.RocAuc(y, proba), $"{name} roc_auc ovr macro");
        Close(want.GetProperty("weighted"), RankingMetrics.RocAuc(y, proba, Average.Weighted), $"{name} roc_auc ovr weighted");
        Close(want.GetProperty("micro"), RankingMetrics.RocAuc(y, proba, Average.Micro), $"{name} roc_auc ovr micro");
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Roc_curve_and_auc_match_sklearn(string name)
    {
        JsonElement c = Case("binary_score_cases", name), exp = c.GetProperty("expected");
        long[] y = Longs(c.GetProperty("y_true"));
        double[] scores = Doubles(c.GetProperty("y_score"));
        long pos = c.GetProperty("pos_label").GetInt64();
        CheckRoc(exp.GetProperty("roc_curve"), RankingMetrics.RocCurve(y, scores, pos), name);
        CheckRoc(exp.GetProperty("roc_curve_all"), RankingMetrics.RocCurve(y, scores, pos, dropIntermediate: false), name + " (all thresholds)");
        Close(exp.GetProperty("roc_auc"), RankingMetrics.RocAuc(y, scores, pos), $"{name} roc_auc");
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Precision_recall_curve_average_precision_and_log_loss_match_sklearn(string name)
    {
        JsonElement c = Case("binary_score_cases", name), exp = c.GetProperty("expected");
        long[] y = Longs(c.GetProperty("y_true"));
        double[] scores = Doubles(c.GetProperty("y_score"));
        long pos = c.GetProperty("pos_label").GetInt64();
        PrecisionRecallCurve pr = RankingMetrics.PrecisionRecallCurve(y, scores, pos);
        JsonElement want = exp.GetProperty("pr_curve");
        Close(Doubles(want.GetProperty("precision")), pr.Precision, $"{name} precision");
        Close(Doubles(want.GetProperty("recall")), pr.Recall, $"{name} recall");
        Close(Doubles(want.GetProperty("thresholds")), pr.Thresholds, $"{name} pr thresholds");
        Close(exp.GetProperty("average_precision"), RankingMetrics.AveragePrecision(y, scores, pos), $"{name} average_precision");
        if (!IsNull(exp, "log_loss"))
            Close(exp.GetProperty("log_loss"), ClassificationMetrics.LogLoss(y, scores, pos), $"{name} binary log_loss");
        else
            Assert.Throws<ArgumentException>(() => ClassificationMetrics.LogLoss(y, scores, pos));
    }

    [Fact]
    public void Average_precision_is_the_step_sum_not_the_trapezoid()
    {
        // scikit-learn's docstring example: average_precision_score = 0.8333…; the trapezoidal area
        // auc(recall, precision) would be 0.7917.
        long[] y = [0, 0, 1, 1];
        double[] s = [0.1, 0.4, 0.35, 0.8];
        Close(0.8333333333333333, RankingMetrics.AveragePrecision(y, s), "AP");
    }

    [Fact]
    public void Log_loss_clips_with_the_given_eps()
    {
        // A zero probability for the true class costs −log(eps) (after the row is renormalised).
        long[] y = [0];
        double loss = ClassificationMetrics.LogLoss(y, new double[,] { { 0.0, 1.0 } }, eps: 1e-7);
        Close(-Math.Log(1e-7 / (1e-7 + (1 - 1e-7))), loss, "clipped loss");
        Close(-Math.Log(ClassificationMetrics.Float64Epsilon), ClassificationMetrics.LogLoss(y, new double[,] { { 0.0, 1.0 } }), "default eps");
    }

    private static void CheckRoc(JsonElement want, RocCurve got, string name)
    {
        Close(Doubles(want.GetProperty("fpr")), got.FalsePositiveRate, $"{name} fpr");
        Close(Doubles(want.GetProperty("tpr")), got.TruePositiveRate, $"{name} tpr");
        Close(Doubles(want.GetProperty("thresholds")), got.Thresholds, $"{name} thresholds");
    }
}
