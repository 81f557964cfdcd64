using System.Net;
using System.Text.Json;
using Glubina.Inference;
using Glubina.Tensors;

namespace Glubina.Serving.Tests;

/// <summary>POST /v2/models/{name}/infer answers what <see cref="Predictor"/> computes for the same input.</summary>
public sealed class InferTests
{
    [Fact]
    public async Task Classifier_answers_logits_probabilities_and_labels_of_the_predictor()
    {
        string file = TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "iris.safetensors"));
        await using var server = await RunningServer.StartAsync(file);
        float[] data = TestModels.RandomData(5 * 4, seed: 11);

        var (status, answer) = await server.PostAsync("/v2/models/iris/infer", RunningServer.InferBody([5, 4], data, id: "req-7"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("iris", answer.GetProperty("model_name").GetString());
        Assert.Equal("1", answer.GetProperty("model_version").GetString());
        Assert.Equal("req-7", answer.GetProperty("id").GetString());
        var expected = Predictor.Load(file).Predict(Tensor.FromArray(data, 5, 4));
        Assert.Equal(expected.Outputs.ToArray<float>(), RunningServer.Output(answer, "logits"));
        Assert.Equal(expected.Probabilities.SelectMany(p => p), RunningServer.Output(answer, "probabilities"));
        var labels = answer.GetProperty("outputs")[2];
        Assert.Equal("label", labels.GetProperty("name").GetString());
        Assert.Equal("BYTES", labels.GetProperty("datatype").GetString());
        Assert.Equal([5], labels.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(Enumerable.Range(0, 5).Select(expected.Label), labels.GetProperty("data").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([5, 3], answer.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public async Task Nested_data_equals_flat_data_and_requested_outputs_are_honoured()
    {
        string file = TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "iris.safetensors"));
        await using var server = await RunningServer.StartAsync(file);
        float[] data = TestModels.RandomData(2 * 4, seed: 12);
        string nested = JsonSerializer.Serialize(new
        {
            inputs = new[] { new { name = "input", shape = new[] { 2, 4 }, datatype = "FP32", data = new[] { data[..4], data[4..] } } },
            outputs = new[] { new { name = "probabilities" } },
        });

        var (status, answer) = await server.PostAsync("/v2/models/iris/versions/1/infer", nested);
        var (_, flat) = await server.PostAsync("/v2/models/iris/infer", RunningServer.InferBody([2, 4], data));

        Assert.Equal(HttpStatusCode.OK, status);
        var only = Assert.Single(answer.GetProperty("outputs").EnumerateArray());
        Assert.Equal("probabilities", only.GetProperty("name").GetString());
        Assert.Equal(RunningServer.Output(flat, "probabilities"), RunningServer.Output(answer, "probabilities"));
        Assert.False(answer.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Cnn_takes_images_and_regression_answers_values()
    {
        string root = TestModels.TempFolder();
        string cnn = TestModels.Cnn(Path.Combine(root, "cnn", "1", "model.safetensors"));
        string reg = TestModels.Regressor(Path.Combine(root, "reg.safetensors"));
        await using var server = await RunningServer.StartAsync(root);
        float[] images = TestModels.RandomData(3 * 64, seed: 13);
        float[] rows = TestModels.RandomData(4 * 3, seed: 14);

        var (s1, a1) = await server.PostAsync("/v2/models/cnn/infer", RunningServer.InferBody([3, 1, 8, 8], images));
        var (s2, a2) = await server.PostAsync("/v2/models/reg/infer", RunningServer.InferBody([4, 3], rows));

        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal(Predictor.Load(cnn).Forward(Tensor.FromArray(images, 3, 1, 8, 8)).ToArray<float>(), RunningServer.Output(a1, "logits"));
        Assert.Equal(HttpStatusCode.OK, s2);
        var values = Assert.Single(a2.GetProperty("outputs").EnumerateArray());
        Assert.Equal("values", values.GetProperty("name").GetString());
        Assert.Equal([4, 1], values.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(Predictor.Load(reg).Forward(Tensor.FromArray(rows, 4, 3)).ToArray<float>(), RunningServer.Output(a2, "values"));
    }

    [Fact]
    public async Task Model_files_without_an_input_shape_still_check_what_they_can()
    {
        string root = TestModels.TempFolder();
        var mlp = TestModels.Seeded(new Glubina.Nn.Sequential(new Glubina.Nn.Linear(4, 3)), seed: 15);
        new Glubina.Serialization.ModelFile(mlp, Glubina.Serialization.ModelSpec.FromModule(mlp)) { Task = "classification" }
            .Save(Path.Combine(root, "plain.safetensors"));
        var cnn = TestModels.Seeded(new Glubina.Nn.Sequential(new Glubina.Nn.Conv2d(1, 2, 3), new Glubina.Nn.Flatten()), seed: 16);
        new Glubina.Serialization.ModelFile(cnn, Glubina.Serialization.ModelSpec.FromModule(cnn)) { Task = "regression" }
            .Save(Path.Combine(root, "conv.safetensors"));
        await using var server = await RunningServer.StartAsync(root);

        var (_, plain) = await server.GetAsync("/v2/models/plain");
        Assert.Equal([-1, 4], plain.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var (_, conv) = await server.GetAsync("/v2/models/conv");
        Assert.Equal([-1], conv.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var (ok, answer) = await server.PostAsync("/v2/models/conv/infer", RunningServer.InferBody([1, 1, 5, 5], new float[25]));
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal([1, 18], answer.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var (bad, error) = await server.PostAsync("/v2/models/conv/infer", RunningServer.InferBody([1, 2, 5, 5], new float[50]));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("model 'conv' cannot take this input", error.GetProperty("error").GetString());
    }
}
