using System.Text.Json;
using Glubina.Metrics;
using static Glubina.Tests.Metrics.MetricFixtures;

namespace Glubina.Tests.Metrics;

/// <summary>Label-based classification metrics against scikit-learn 1.2.1 (label_cases of the fixture).</summary>
public sealed class ClassificationFixtureTests
{
    public static TheoryData<string> Cases => Names("label_cases");

    private static (long[] YTrue, long[] YPred, JsonElement Expected, JsonElement Case) Load(string name)
    {
        JsonElement c = Case("label_cases", name);
        return (Longs(c.GetProperty("y_true")), Longs(c.GetProperty("y_pred")), c.GetProperty("expected"), c);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accuracy_and_averaged_scores_match_sklearn(string name)
    {
        var (yTrue, yPred, exp, _) = Load(name);
        Close(exp.GetProperty("accuracy"), ClassificationMetrics.Accuracy(yTrue, yPred), $"{name} accuracy");
        foreach (var (key, average) in new[] { ("macro", Average.Macro), ("micro", Average.Micro), ("weighted", Average.Weighted), ("binary", Average.Binary) })
        {
            if (IsNull(exp, key))
            {
                var e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.F1Score(yTrue, yPred, average));
                Assert.Contains("average Binary needs at most two classes", e.Message);
                continue;
            }
            JsonElement want = exp.GetProperty(key);
            PrecisionRecallF1 got = ClassificationMetrics.PrecisionRecallF1(yTrue, yPred, average);
            Close(want.GetProperty("precision"), got.Precision, $"{name} {key} precision");
            Close(want.GetProperty("recall"), got.Recall, $"{name} {key} recall");
            Close(want.GetProperty("f1"), got.F1, $"{name} {key} f1");
            Close(want.GetProperty("precision"), ClassificationMetrics.Precision(yTrue, yPred, average), $"{name} {key} Precision()");
            Close(want.GetProperty("recall"), ClassificationMetrics.Recall(yTrue, yPred, average), $"{name} {key} Recall()");
            Close(want.GetProperty("f1"), ClassificationMetrics.F1Score(yTrue, yPred, average), $"{name} {key} F1Score()");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Per_class_scores_match_sklearn(string name)
    {
        var (yTrue, yPred, exp, _) = Load(name);
        CheckPerClass(exp.GetProperty("per_class"), ClassificationMetrics.PrecisionRecallFScoreSupport(yTrue, yPred), name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Confusion_matrices_match_sklearn_in_default_and_given_label_order(string name)
    {
        var (yTrue, yPred, exp, c) = Load(name);
        CheckMatrix(exp.GetProperty("confusion_matrix"), ClassificationMetrics.ConfusionMatrix(yTrue, yPred), name);
        if (!IsNull(c, "cm_labels"))
        {
            long[] order = Longs(c.GetProperty("cm_labels"));
            CheckMatrix(exp.GetProperty("confusion_matrix_ordered"), ClassificationMetrics.ConfusionMatrix(yTrue, yPred, order), name + " ordered");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scores_over_a_label_subset_match_sklearn(string name)
    {
        var (yTrue, yPred, exp, c) = Load(name);
        if (IsNull(c, "subset_labels"))
            return;
        long[] subset = Longs(c.GetProperty("subset_labels"));
        JsonElement sub = exp.GetProperty("subset");
        foreach (var (key, average) in new[] { ("macro", Average.Macro), ("micro", Average.Micro), ("weighted", Average.Weighted) })
        {
            PrecisionRecallF1 got = ClassificationMetrics.PrecisionRecallF1(yTrue, yPred, average, labels: subset);
            Close(sub.GetProperty(key).GetProperty("precision"), got.Precision, $"{name} subset {key} precision");
            Close(sub.GetProperty(key).GetProperty("recall"), got.Recall, $"{name} subset {key} recall");
            Close(sub.GetProperty(key).GetProperty("f1"), got.F1, $"{name} subset {key} f1");
        }
        CheckPerClass(sub.GetProperty("per_class"), ClassificationMetrics.PrecisionRecallFScoreSupport(yTrue, yPred, subset), name + " subset");
        Assert.Equal(sub.GetProperty("report").GetString(), ClassificationMetrics.ClassificationReport(yTrue, yPred, subset).ToText());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classification_report_text_is_identical_to_sklearn(string name)
    {
        var (yTrue, yPred, exp, c) = Load(name);
        ClassificationReport report = ClassificationMetrics.ClassificationReport(yTrue, yPred);
        Assert.Equal(exp.GetProperty("report_2").GetString(), report.ToText());
        Assert.Equal(exp.GetProperty("report_4").GetString(), report.ToText(digits: 4));
        Assert.Equal(exp.GetProperty("report_2").GetString(), report.ToString());
        if (!IsNull(c, "target_names"))
        {
            string[] names = c.GetProperty("target_names").EnumerateArray().Select(x => x.GetString()!).ToArray();
            Assert.Equal(exp.GetProperty("report_names").GetString(),
                ClassificationMetrics.ClassificationReport(yTrue, yPred, targetNames: names).ToText());
        }
        // The report as data agrees with the averaged scores.
        Assert.NotNull(report.Accuracy);
        Close(exp.GetProperty("accuracy"), report.Accuracy!.Value, $"{name} report accuracy");
        Close(exp.GetProperty("macro").GetProperty("f1"), report.MacroAverage.F1, $"{name} report macro f1");
        Close(exp.GetProperty("weighted").GetProperty("recall"), report.WeightedAverage.Recall, $"{name} report weighted recall");
        Assert.Null(report.MicroAverage);
        Assert.Equal(yTrue.Length, report.WeightedAverage.Support);
    }

    [Fact]
    public void Int_labels_give_the_same_scores_as_long_labels()
    {
        var (yTrue, yPred, exp, _) = Load("multiclass_sparse_labels");
        int[] t = Array.ConvertAll(yTrue, v => (int)v), p = Array.ConvertAll(yPred, v => (int)v);
        Close(exp.GetProperty("macro").GetProperty("f1"), ClassificationMetrics.F1Score(t, p, Average.Macro), "int macro f1");
        Close(exp.GetProperty("accuracy"), ClassificationMetrics.Accuracy(t, p), "int accuracy");
    }

    [Fact]
    public void Fbeta_with_beta_one_is_f1_and_beta_weights_recall()
    {
        var (yTrue, yPred, exp, _) = Load("binary_random");
        double f1 = ClassificationMetrics.FBetaScore(yTrue, yPred, 1.0);
        Close(exp.GetProperty("binary").GetProperty("f1"), f1, "fbeta(1)");
        double p = exp.GetProperty("binary").GetProperty("precision").GetDouble(), r = exp.GetProperty("binary").GetProperty("recall").GetDouble();
        Close(5 * p * r / (4 * p + r), ClassificationMetrics.FBetaScore(yTrue, yPred, 2.0), "fbeta(2)");
    }

    private static void CheckPerClass(JsonElement want, ClassScores got, string name)
    {
        Assert.Equal(Longs(want.GetProperty("labels")), got.Labels);
        Assert.Equal(Longs(want.GetProperty("support")), got.Support);
        Close(Doubles(want.GetProperty("precision")), got.Precision, $"{name} per-class precision");
        Close(Doubles(want.GetProperty("recall")), got.Recall, $"{name} per-class recall");
        Close(Doubles(want.GetProperty("f1")), got.FScore, $"{name} per-class f1");
    }

    private static void CheckMatrix(JsonElement want, ConfusionMatrix got, string name)
    {
        long[] labels = Longs(want.GetProperty("labels"));
        long[] flat = Longs(want.GetProperty("matrix"));
        Assert.Equal(labels, got.Labels);
        long[,] counts = got.ToArray();
        for (int i = 0; i < labels.Length; i++)
            for (int j = 0; j < labels.Length; j++)
                Assert.True(flat[i * labels.Length + j] == counts[i, j],
                    $"{name}: confusion[{labels[i]}, {labels[j]}] expected {flat[i * labels.Length + j]}, got {counts[i, j]}");
    }
}
