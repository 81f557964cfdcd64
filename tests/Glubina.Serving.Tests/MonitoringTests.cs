using System.Net;
using System.Text.Json;

namespace Glubina.Serving.Tests;

/// <summary>Prometheus metrics at /metrics and the JSON-lines prediction log.</summary>
public sealed class MonitoringTests
{
    [Fact]
    public async Task Metrics_count_requests_latency_batches_classes_and_models()
    {
        string file = TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "iris.safetensors"));
        await using var server = await RunningServer.StartAsync(file);
        var (_, answer) = await server.PostAsync("/v2/models/iris/infer", RunningServer.InferBody([3, 4], TestModels.RandomData(12, seed: 61)));
        await server.GetAsync("/v2/models/iris");
        var labels = answer.GetProperty("outputs")[2].GetProperty("data").EnumerateArray().Select(l => l.GetString()!).ToArray();

        using var response = await server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(1, await server.MetricAsync("glubina_requests_total{model=\"iris\",version=\"1\",endpoint=\"infer\",status=\"200\"}"));
        Assert.Equal(1, await server.MetricAsync("glubina_requests_total{model=\"iris\",version=\"1\",endpoint=\"model_metadata\",status=\"200\"}"));
        Assert.Equal(1, await server.MetricAsync("glubina_request_duration_seconds_count{model=\"iris\",endpoint=\"infer\"}"));
        Assert.Equal(3, await server.MetricAsync("glubina_batch_size_sum{model=\"iris\",version=\"1\"}"));
        foreach (var group in labels.GroupBy(l => l))
            Assert.Equal(group.Count(), await server.MetricAsync($"glubina_predictions_total{{model=\"iris\",version=\"1\",class=\"{group.Key}\"}}"));
        Assert.Equal(1, await server.MetricAsync($"glubina_model_info{{model=\"iris\",version=\"1\",task=\"classification\",path=\"{file}\"}}"));
        Assert.True(await server.MetricAsync("process_working_set_bytes") > 0);
    }

    [Fact]
    public async Task Prediction_log_holds_one_json_line_per_row()
    {
        string folder = TestModels.TempFolder();
        string file = TestModels.Classifier(Path.Combine(folder, "iris.safetensors"));
        string log = Path.Combine(folder, "logs", "predictions.jsonl");
        float[] data = TestModels.RandomData(8, seed: 62);
        await using (var server = await RunningServer.StartAsync(RunningServer.Options(file, predictionLog: log)))
        {
            var (status, answer) = await server.PostAsync("/v2/models/iris/infer", RunningServer.InferBody([2, 4], data, id: "abc"));
            Assert.Equal(HttpStatusCode.OK, status);
        }
        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

        Assert.Equal(2, lines.Length);
        for (int row = 0; row < 2; row++)
        {
            Assert.Equal("iris", lines[row].GetProperty("model").GetString());
            Assert.Equal("1", lines[row].GetProperty("version").GetString());
            Assert.Equal("infer", lines[row].GetProperty("endpoint").GetString());
            Assert.Equal("abc", lines[row].GetProperty("id").GetString());
            Assert.Equal(row, lines[row].GetProperty("row").GetInt32());
            Assert.Equal(data[(row * 4)..(row * 4 + 4)], lines[row].GetProperty("input").EnumerateArray().Select(v => v.GetSingle()));
            Assert.Contains(lines[row].GetProperty("label").GetString(), TestModels.IrisLabels);
            Assert.Equal(3, lines[row].GetProperty("probabilities").EnumerateObject().Count());
        }
    }
}
