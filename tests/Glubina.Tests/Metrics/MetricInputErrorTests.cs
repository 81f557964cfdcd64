using Glubina.Metrics;
using Glubina.Tensors;

namespace Glubina.Tests.Metrics;

/// <summary>Bad inputs fail with messages that name the argument, the expected and the actual value.</summary>
public sealed class MetricInputErrorTests
{
    private static void Message(Exception e, params string[] parts)
    {
        foreach (string part in parts)
            Assert.Contains(part, e.Message);
    }

    [Fact]
    public void Length_mismatch_names_both_arguments_and_lengths()
    {
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy(new[] { 0, 1, 1 }, new[] { 0, 1 })),
            "Accuracy", "yTrue has 3 elements", "yPred has 2");
        Message(Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanSquaredError([1.0, 2.0], [1.0])),
            "MeanSquaredError", "yTrue has 2", "yPred has 1");
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(new[] { 0, 1 }, new[] { 0.3 })),
            "RocAuc", "scores has 1");
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.LogLoss(new[] { 0, 1, 0 }, new double[,] { { 0.5, 0.5 }, { 0.1, 0.9 } })),
            "LogLoss", "yTrue has 3", "probabilities (rows) has 2");
        var m = Metric.Create("accuracy");
        Message(Assert.Throws<ArgumentException>(() => m.Update(Tensor.Zeros(4, 3), Tensor.FromArray(new long[] { 0, 1, 2 }, 3))),
            "accuracy", "predictions (rows) has 4", "targets has 3");
        var mse = Metric.Create("mse");
        Message(Assert.Throws<ArgumentException>(() => mse.Update(Tensor.Zeros(4), Tensor.Zeros(5))),
            "mse", "predictions has 4", "targets has 5");
    }

    [Fact]
    public void Empty_inputs_are_refused()
    {
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy(Array.Empty<int>(), Array.Empty<int>())),
            "Accuracy", "yTrue is empty");
        Message(Assert.Throws<ArgumentException>(() => RegressionMetrics.R2Score([], [])), "R2Score", "empty");
    }

    [Fact]
    public void Labels_outside_the_classes_name_the_position_value_and_range()
    {
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.LogLoss(new[] { 0, 3 }, new double[,] { { 0.5, 0.5 }, { 0.2, 0.8 } })),
            "yTrue[1] = 3", "outside the classes 0..1", "2 columns of probabilities");
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.TopKAccuracy(new[] { -1 }, new double[,] { { 0.5, 0.3, 0.2 } }, 2)),
            "yTrue[0] = -1", "outside the classes 0..2");
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(new[] { 0, 1, 2, 5 }, new double[,] { { 0.5, 0.3, 0.2 }, { 0.3, 0.5, 0.2 }, { 0.2, 0.3, 0.5 }, { 0.2, 0.3, 0.5 } })),
            "yTrue[3] = 5", "0..2");
        var f1 = Metric.Create("f1_macro");
        Message(Assert.Throws<ArgumentException>(() => f1.Update(Tensor.Zeros(2, 3), Tensor.FromArray(new long[] { 0, 7 }, 2))),
            "targets[1] = 7", "outside the classes 0..2");
        var cm = new StreamingConfusionMatrix(numClasses: 3);
        Message(Assert.Throws<ArgumentException>(() => cm.Update(new long[] { 0, 1 }, new long[] { 4, 1 })),
            "predictions[0] = 4", "numClasses = 3");
    }

    [Fact]
    public void Binary_metrics_refuse_a_third_label_or_a_missing_positive_label()
    {
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.F1Score(new[] { 0, 1, 2 }, new[] { 0, 1, 1 })),
            "F1Score", "average Binary needs at most two classes", "[0, 1, 2]", "Macro");
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.Precision(new[] { 2, 3 }, new[] { 2, 3 })),
            "positiveLabel = 1", "[2, 3]");
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.RocCurve(new[] { 0, 1, 2 }, new[] { 0.1, 0.2, 0.3 })),
            "RocCurve", "3 labels [0, 1, 2]");
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(new[] { 1, 1, 1 }, new[] { 0.1, 0.2, 0.3 })),
            "every sample of yTrue is positiveLabel 1", "not defined");
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(new[] { 0, 1, 1, 1 }, new double[,] { { 0.5, 0.3, 0.2 }, { 0.3, 0.5, 0.2 }, { 0.2, 0.3, 0.5 }, { 0.2, 0.3, 0.5 } })),
            "no sample of yTrue is class 2");
    }

    [Fact]
    public void NaN_and_infinite_scores_are_refused_with_their_position()
    {
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(new[] { 0, 1, 1 }, new[] { 0.1, double.NaN, 0.3 })),
            "RocAuc", "scores[1] is NaN");
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision(new[] { 0, 1 }, new[] { double.PositiveInfinity, 0.3 })),
            "scores[0] is Infinity");
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.TopKAccuracy(new[] { 0, 1 }, new double[,] { { 0.1, 0.9, 0 }, { 0.2, double.NaN, 0 } }, 2)),
            "scores[1, 1] is NaN");
        Message(Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanAbsoluteError([1.0, double.NaN], [1.0, 2.0])),
            "yTrue[1] is NaN");
        var auc = Metric.Create("roc_auc");
        Message(Assert.Throws<ArgumentException>(() => auc.Update(Tensor.FromArray(new[] { 0.1f, float.NaN }, 2), Tensor.FromArray(new long[] { 0, 1 }, 2))),
            "roc_auc", "predictions[1] is NaN");
    }

    [Fact]
    public void Logits_passed_as_probabilities_are_caught()
    {
        var logLoss = Metric.Create("log_loss");
        Message(Assert.Throws<ArgumentException>(() => logLoss.Update(Tensor.FromArray(new[] { 2.5f, -1f, 0.3f, 0.1f }, 2, 2), Tensor.FromArray(new long[] { 0, 1 }, 2))),
            "log_loss", "predictions[0, 0] is 2.5", "outside [0, 1]", "ScoreKind.Logits");
        var f1 = Metric.Create("f1");
        Message(Assert.Throws<ArgumentException>(() => f1.Update(Tensor.FromArray(new[] { 1.7f, -0.4f }, 2), Tensor.FromArray(new long[] { 1, 0 }, 2))),
            "predictions[0] is 1.7", "outside [0, 1]");
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.LogLoss(new[] { 0, 1 }, new[] { 0.2, 1.5 })),
            "positiveProbabilities[1] is 1.5");
    }

    [Fact]
    public void Wrong_dtypes_and_shapes_say_what_to_do()
    {
        var acc = Metric.Create("accuracy");
        Message(Assert.Throws<ArgumentException>(() => acc.Update(Tensor.Zeros(2, 3), Tensor.Zeros(2))),
            "targets must be int64", "float32", "To(DType.Int64)");
        Message(Assert.Throws<ArgumentException>(() => acc.Update(Tensor.Zeros(2, 3, 4), Tensor.FromArray(new long[] { 0, 1 }, 2))),
            "predictions must have shape [N, C] or [N]", "[2, 3, 4]");
        var r2 = Metric.Create("r2");
        Message(Assert.Throws<ArgumentException>(() => r2.Update(Tensor.Zeros(4, 2), Tensor.Zeros(4, 2))),
            "r2", "[N] or [N, 1]", "[4, 2]");
        var top3 = Metric.Create("top3_accuracy");
        Message(Assert.Throws<ArgumentException>(() => top3.Update(Tensor.Zeros(4), Tensor.FromArray(new long[] { 0, 1, 0, 1 }, 4))),
            "top-3 accuracy needs class scores [N, C]");
        var ap = Metric.Create("average_precision");
        Message(Assert.Throws<ArgumentException>(() => ap.Update(Tensor.Zeros(2, 3), Tensor.FromArray(new long[] { 0, 1 }, 2))),
            "binary metric", "[2, 3]");
    }

    [Fact]
    public void Rows_that_do_not_sum_to_one_are_refused_by_one_vs_rest_auc()
    {
        Message(Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(new[] { 0, 1, 2 }, new double[,] { { 0.5, 0.3, 0.2 }, { 0.3, 0.3, 0.2 }, { 0.2, 0.3, 0.5 } })),
            "row 1 of probabilities sums to 0.8");
    }

    [Fact]
    public void Compute_before_update_and_a_bad_confusion_matrix_are_refused()
    {
        foreach (string name in (string[])["accuracy", "f1_macro", "log_loss", "roc_auc", "average_precision", "mae", "r2"])
            Message(Assert.Throws<InvalidOperationException>(() => Metric.Create(name).Compute()), name, "before any sample");
        Message(Assert.Throws<ArgumentException>(() => new ConfusionMatrix([0, 1], new long[3, 3])),
            "counts has shape [3, 3]", "expected [2, 2]");
        Message(Assert.Throws<ArgumentException>(() => new ConfusionMatrix([4, 4], new long[2, 2])), "label 4 occurs twice");
        Message(Assert.Throws<ArgumentException>(() => ClassificationMetrics.ConfusionMatrix(new[] { 0, 1 }, new[] { 0, 1 }, new[] { 5, 6 })),
            "none of labels [5, 6] occurs in yTrue", "[0, 1]");
    }
}
