using System.Text.Json;
using Glubina.Metrics;
using Glubina.Tensors;
using static Glubina.Tests.Metrics.MetricFixtures;

namespace Glubina.Tests.Metrics;

/// <summary>Streaming metrics: fed from tensors in chunks they equal scikit-learn's values and the one-batch value.</summary>
public sealed class StreamingMetricTests
{
    public static TheoryData<string> ProbaCases => Names("proba_cases");

    public static TheoryData<string> BinaryCases => Names("binary_score_cases");

    private static (long[] Y, double[] Flat, int Classes) LoadProba(string name)
    {
        JsonElement c = Case("proba_cases", name);
        long[] y = Longs(c.GetProperty("y_true"));
        double[] flat = c.GetProperty("proba").EnumerateArray().SelectMany(Doubles).ToArray();
        return (y, flat, flat.Length / y.Length);
    }

    /// <summary>Feeds rows [start, start + n) of a row-major [N, C] matrix per chunk.</summary>
    private static void Feed(IMetric m, long[] y, double[] flat, int classes, int[] chunks, bool asLogits = false)
    {
        int start = 0;
        foreach (int size in chunks.Append(y.Length))
        {
            int n = Math.Min(size, y.Length - start);
            if (n <= 0)
                break;
            double[] rows = flat[(start * classes)..((start + n) * classes)];
            if (asLogits)
                rows = Array.ConvertAll(rows, Math.Log);
            Tensor predictions = classes == 1 ? Tensor.FromArray(rows, n) : Tensor.FromArray(rows, n, classes);
            m.Update(predictions, Tensor.FromArray(y[start..(start + n)], n));
            start += n;
        }
    }

    [Theory]
    [MemberData(nameof(ProbaCases))]
    public void Chunked_multiclass_metrics_match_sklearn(string name)
    {
        var (y, flat, classes) = LoadProba(name);
        JsonElement exp = Case("proba_cases", name).GetProperty("expected");
        int[] chunks = [1, 5, 17];
        var checks = new List<(string Metric, JsonElement Want)>
        {
            ("accuracy", exp.GetProperty("argmax_accuracy")),
            ("f1_macro", exp.GetProperty("argmax_f1").GetProperty("macro")),
            ("f1_micro", exp.GetProperty("argmax_f1").GetProperty("micro")),
            ("f1_weighted", exp.GetProperty("argmax_f1").GetProperty("weighted")),
            ("log_loss", exp.GetProperty("log_loss")),
        };
        foreach (JsonProperty k in exp.GetProperty("top_k").EnumerateObject())
        {
            if (k.Name != "1")
                checks.Add(($"top{k.Name}_accuracy", k.Value));
        }
        if (!IsNull(exp, "roc_auc_ovr"))
        {
            checks.Add(("roc_auc", exp.GetProperty("roc_auc_ovr").GetProperty("macro")));
            checks.Add(("roc_auc_weighted", exp.GetProperty("roc_auc_ovr").GetProperty("weighted")));
            checks.Add(("roc_auc_micro", exp.GetProperty("roc_auc_ovr").GetProperty("micro")));
        }
        if (!IsNull(exp, "roc_auc_binary"))
            checks.Add(("roc_auc", exp.GetProperty("roc_auc_binary")));
        foreach (var (metric, want) in checks)
        {
            IMetric m = Metric.Create(metric);
            Assert.Equal(metric, m.Name);
            Feed(m, y, flat, classes, chunks);
            Close(want, m.Compute(), $"{name} streamed {metric}");
            // Reset, then the whole data as one batch: the same value.
            double chunked = m.Compute();
            m.Reset();
            Assert.Throws<InvalidOperationException>(() => m.Compute());
            Feed(m, y, flat, classes, []);
            Assert.Equal(chunked, m.Compute(), 12);
        }
    }

    [Theory]
    [InlineData("multiclass5_never_predicted")]
    [InlineData("multiclass4_imbalanced")]
    public void Logits_give_the_same_values_as_their_probabilities(string name)
    {
        var (y, flat, classes) = LoadProba(name);
        JsonElement exp = Case("proba_cases", name).GetProperty("expected");
        foreach (var (metric, want) in new[] { ("log_loss", exp.GetProperty("log_loss")), ("roc_auc", exp.GetProperty("roc_auc_ovr").GetProperty("macro")), ("accuracy", exp.GetProperty("argmax_accuracy")) })
        {
            IMetric m = Metric.Create(metric, ScoreKind.Logits);
            Feed(m, y, flat, classes, [3, 30], asLogits: true);
            // softmax(log p) = p up to rounding, so 1e-9 holds here too.
            Close(want, m.Compute(), $"{name} {metric} from logits");
        }
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Chunked_binary_scores_match_sklearn(string name)
    {
        JsonElement c = Case("binary_score_cases", name), exp = c.GetProperty("expected");
        long pos = c.GetProperty("pos_label").GetInt64();
        long[] y = Longs(c.GetProperty("y_true")).Select(v => v == pos ? 1L : 0L).ToArray();
        double[] scores = Doubles(c.GetProperty("y_score"));
        bool probabilities = !IsNull(exp, "log_loss");
        ScoreKind kind = probabilities ? ScoreKind.Probabilities : ScoreKind.Logits;
        var checks = new List<(string, JsonElement)> { ("average_precision", exp.GetProperty("average_precision")) };
        if (probabilities)
            checks.Add(("log_loss", exp.GetProperty("log_loss")));
        if (y.Distinct().Count() == 2)
            checks.Add(("roc_auc", exp.GetProperty("roc_auc")));
        foreach (var (metric, want) in checks)
        {
            IMetric m = Metric.Create(metric, kind);
            Feed(m, y, scores, 1, [2, 9, 4]);
            Close(want, m.Compute(), $"{name} streamed {metric}");
        }
    }

    [Fact]
    public void Confusion_matrix_streamed_from_labels_equals_the_array_api()
    {
        JsonElement c = Case("label_cases", "multiclass_cm_subset");
        long[] yTrue = Longs(c.GetProperty("y_true")), yPred = Longs(c.GetProperty("y_pred"));
        var streaming = new StreamingConfusionMatrix();
        for (int start = 0; start < yTrue.Length; start += 6)
        {
            int end = Math.Min(start + 6, yTrue.Length);
            streaming.Update(Tensor.FromArray(yPred[start..end], end - start), Tensor.FromArray(yTrue[start..end], end - start));
        }
        ConfusionMatrix batch = ClassificationMetrics.ConfusionMatrix(yTrue, yPred);
        ConfusionMatrix streamed = streaming.Result();
        Assert.Equal(batch.Labels, streamed.Labels);
        Assert.Equal(batch.ToArray(), streamed.ToArray());
        Assert.Equal(ClassificationMetrics.ClassificationReport(yTrue, yPred).ToText(), streamed.Report().ToText());
        Close(c.GetProperty("expected").GetProperty("weighted").GetProperty("f1"), streamed.F1(Average.Weighted), "streamed weighted f1");
    }

    [Fact]
    public void Binary_single_score_is_thresholded_by_kind()
    {
        // Probabilities: positive above 0.5; logits: positive above 0.
        long[] y = [1, 0, 1, 0];
        var probs = new StreamingAccuracy();
        probs.Update(Tensor.FromArray(new float[] { 0.9f, 0.2f, 0.4f, 0.5f }, 4), Tensor.FromArray(y, 4));
        Assert.Equal(0.75, probs.Compute());
        var logits = new StreamingClassificationScore(ClassificationScore.Recall, Average.Binary, ScoreKind.Logits);
        logits.Update(Tensor.FromArray(new float[] { 2f, -1f, 0.1f, 0f }, 4, 1), Tensor.FromArray(y, 4));
        Assert.Equal(1.0, logits.Compute());
        Assert.Equal("recall", logits.Name);
    }

    [Fact]
    public void Float32_log_loss_clips_at_float32_epsilon_as_sklearn_does()
    {
        // sklearn 1.2.1: log_loss([0, 1], np.float32([[0, 1], [0, 1]])) = 7.971192…, eps = finfo(float32).eps.
        var m = new StreamingLogLoss();
        m.Update(Tensor.FromArray(new float[] { 0, 1, 0, 1 }, 2, 2), Tensor.FromArray(new long[] { 0, 1 }, 2));
        double eps = ClassificationMetrics.Float32Epsilon;
        double expected = (-Math.Log(eps / (eps + 1 - eps)) - Math.Log((1 - eps) / (eps + 1 - eps))) / 2;
        Close(expected, m.Compute(), "float32 log loss");
        Assert.InRange(m.Compute(), 7.97, 7.98);
    }

    [Fact]
    public void Regression_streaming_equals_batch_bit_for_bit()
    {
        var g = new Generator(7);
        double[] y = Tensor.Normal([101], 3, 2, g, DType.Float64).ToArray<double>();
        double[] p = Tensor.Normal([101], 3, 2, g, DType.Float64).ToArray<double>();
        var r2 = new StreamingR2Score();
        for (int start = 0; start < y.Length; start += 10)
        {
            int end = Math.Min(start + 10, y.Length);
            r2.Update(Tensor.FromArray(p[start..end], end - start), Tensor.FromArray(y[start..end], end - start));
        }
        Assert.Equal(RegressionMetrics.R2Score(y, p), r2.Compute());
    }
}
