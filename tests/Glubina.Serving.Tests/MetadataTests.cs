using System.Net;
using System.Text.Json;

namespace Glubina.Serving.Tests;

public sealed class MetadataTests
{
    [Fact]
    public async Task Health_and_server_metadata_answer()
    {
        string file = TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "iris.safetensors"));
        await using var server = await RunningServer.StartAsync(file);

        var (live, liveBody) = await server.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.True(liveBody.GetProperty("ready").GetBoolean());
        var (ready, _) = await server.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready);
        var (status, meta) = await server.GetAsync("/v2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("glubina", meta.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(meta.GetProperty("version").GetString()));
        Assert.Equal(JsonValueKind.Array, meta.GetProperty("extensions").ValueKind);
    }

    [Fact]
    public async Task Model_metadata_describes_tensors_of_a_single_file()
    {
        string file = TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "iris.safetensors"));
        await using var server = await RunningServer.StartAsync(file);

        foreach (string path in new[] { "/v2/models/iris", "/v2/models/iris/versions/1" })
        {
            var (status, meta) = await server.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("iris", meta.GetProperty("name").GetString());
            Assert.Equal(["1"], meta.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal("glubina", meta.GetProperty("platform").GetString());
            var input = Assert.Single(meta.GetProperty("inputs").EnumerateArray());
            Assert.Equal("input", input.GetProperty("name").GetString());
            Assert.Equal("FP32", input.GetProperty("datatype").GetString());
            Assert.Equal([-1, 4], Shape(input));
            var outputs = meta.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
            Assert.Equal(["logits", "probabilities", "label"], outputs.Keys);
            Assert.Equal([-1, 3], Shape(outputs["logits"]));
            Assert.Equal([-1, 3], Shape(outputs["probabilities"]));
            Assert.Equal("BYTES", outputs["label"].GetProperty("datatype").GetString());
            Assert.Equal(TestModels.IrisLabels, meta.GetProperty("parameters").GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        }
        var (ready, body) = await server.GetAsync("/v2/models/iris/ready");
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/v2/models/iris/versions/1/ready")).Status);
    }

    [Fact]
    public async Task Folder_serves_several_models_and_versions()
    {
        string root = TestModels.TempFolder();
        TestModels.Classifier(Path.Combine(root, "iris.safetensors"));
        TestModels.Cnn(Path.Combine(root, "digits", "1", "model.safetensors"));
        TestModels.Cnn(Path.Combine(root, "digits", "2", "model.safetensors"), seed: 9);
        TestModels.Regressor(Path.Combine(root, "price", "10", "model.safetensors"));
        TestModels.Regressor(Path.Combine(root, "price", "9", "model.safetensors"));
        TestModels.Regressor(Path.Combine(root, ".hidden.safetensors")); // hidden: skipped
        TestModels.Regressor(Path.Combine(root, ".cache", "1", "model.safetensors"));
        await using var server = await RunningServer.StartAsync(root);

        var (_, digits) = await server.GetAsync("/v2/models/digits");
        Assert.Equal(["1", "2"], digits.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([-1, 1, 8, 8], Shape(digits.GetProperty("inputs")[0]));
        Assert.Equal("2", digits.GetProperty("parameters").GetProperty("version").GetString());
        var (_, price) = await server.GetAsync("/v2/models/price");
        Assert.Equal(["9", "10"], price.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("10", price.GetProperty("parameters").GetProperty("version").GetString()); // numeric order, not text order
        var output = Assert.Single(price.GetProperty("outputs").EnumerateArray());
        Assert.Equal("values", output.GetProperty("name").GetString());
        Assert.Equal([-1, 1], Shape(output));
        var (status, list) = await server.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["digits", "iris", "price"], list.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Empty_folder_is_live_but_not_ready()
    {
        await using var server = await RunningServer.StartAsync(TestModels.TempFolder());
        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/v2/health/live")).Status);
        var (status, body) = await server.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.Contains("no model is loaded", body.GetProperty("error").GetString());
    }

    [Fact]
    public void Build_refuses_a_missing_path_or_a_broken_single_file()
    {
        string folder = TestModels.TempFolder();
        var missing = Assert.Throws<FileNotFoundException>(() => InferenceServer.Build(RunningServer.Options(Path.Combine(folder, "nope.safetensors"))));
        Assert.Contains("nope.safetensors", missing.Message);
        string broken = Path.Combine(folder, "broken.safetensors");
        File.WriteAllText(broken, "not a model");
        var e = Assert.ThrowsAny<Exception>(() => InferenceServer.Build(RunningServer.Options(broken)));
        Assert.Contains("broken.safetensors", e.Message);
        var bad = Assert.Throws<ArgumentException>(() => InferenceServer.Build(new ServerOptions { ModelPath = folder, MaxBatchSize = 0 }));
        Assert.Contains("MaxBatchSize", bad.Message);
        var host = Assert.Throws<ArgumentException>(() => InferenceServer.Build(new ServerOptions { ModelPath = folder, Host = "example.org" }));
        Assert.Contains("Host: expected an IP address", host.Message);
    }

    private static int[] Shape(JsonElement tensor) => tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
}
