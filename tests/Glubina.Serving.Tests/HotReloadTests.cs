using System.Collections.Concurrent;
using System.Net;
using Glubina.Inference;
using Glubina.Tensors;

namespace Glubina.Serving.Tests;

/// <summary>Model files replaced, added or removed while the server runs are picked up without failing a request.</summary>
public sealed class HotReloadTests
{
    [Fact]
    public async Task Replaced_file_is_served_without_a_failed_request()
    {
        string root = TestModels.TempFolder();
        string file = TestModels.Classifier(Path.Combine(root, "iris", "1", "model.safetensors"), seed: 31);
        float[] data = TestModels.RandomData(4, seed: 32);
        float[] before = Predictor.Load(file).Forward(Tensor.FromArray(data, 1, 4)).ToArray<float>();
        string replacement = TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "next.safetensors"), seed: 33);
        float[] after = Predictor.Load(replacement).Forward(Tensor.FromArray(data, 1, 4)).ToArray<float>();
        Assert.NotEqual(before, after);
        await using var server = await RunningServer.StartAsync(root);
        string body = RunningServer.InferBody([1, 4], data);

        var failures = new ConcurrentQueue<string>();
        int oldAnswers = 0, newAnswers = 0;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, answer) = await server.PostAsync("/v2/models/iris/infer", body);
                if (status != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{(int)status}: {answer}");
                    continue;
                }
                float[] logits = RunningServer.Output(answer, "logits");
                if (logits.SequenceEqual(before))
                    Interlocked.Increment(ref oldAnswers);
                else if (logits.SequenceEqual(after))
                    Interlocked.Increment(ref newAnswers);
                else
                    failures.Enqueue($"logits from neither model: {string.Join(", ", logits)}");
            }
        })).ToArray();
        await WaitUntil(() => Volatile.Read(ref oldAnswers) >= 20, "old answers");
        File.Move(replacement, file, overwrite: true); // an atomic replacement, as ModelFile.Save and `mv` do
        await WaitUntil(() => Volatile.Read(ref newAnswers) >= 20, "answers of the replaced model");
        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.Equal(2, await server.MetricAsync("glubina_model_loads_total{model=\"iris\",result=\"loaded\"}"));
    }

    [Fact]
    public async Task New_version_becomes_the_default_and_removed_models_are_404()
    {
        string root = TestModels.TempFolder();
        TestModels.Classifier(Path.Combine(root, "iris", "1", "model.safetensors"), seed: 41);
        TestModels.Regressor(Path.Combine(root, "price.safetensors"));
        await using var server = await RunningServer.StartAsync(root);
        string body = RunningServer.InferBody([1, 4], TestModels.RandomData(4, seed: 42));
        Assert.Equal("1", (await server.PostAsync("/v2/models/iris/infer", body)).Body.GetProperty("model_version").GetString());

        TestModels.Classifier(Path.Combine(root, "iris", "2", "model.safetensors"), seed: 43);
        await WaitUntil(async () => (await server.PostAsync("/v2/models/iris/infer", body)).Body.GetProperty("model_version").GetString() == "2", "version 2");
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/v2/models/iris/versions/1/infer", body)).Status);

        File.Delete(Path.Combine(root, "price.safetensors"));
        await WaitUntil(async () => (await server.GetAsync("/v2/models/price")).Status == HttpStatusCode.NotFound, "price removed");
        Assert.Equal(0, await server.MetricAsync("glubina_model_info{model=\"price\",version=\"1\",task=\"regression\",path=\"" + Path.Combine(root, "price.safetensors") + "\"}"));
        Assert.Equal(1, await server.MetricAsync("glubina_model_info{model=\"iris\",version=\"2\",task=\"classification\",path=\"" + Path.Combine(root, "iris", "2", "model.safetensors") + "\"}"));
    }

    [Fact]
    public async Task Broken_replacement_keeps_the_previous_version_serving()
    {
        string root = TestModels.TempFolder();
        string file = TestModels.Classifier(Path.Combine(root, "iris.safetensors"), seed: 51);
        await using var server = await RunningServer.StartAsync(root);
        string body = RunningServer.InferBody([1, 4], TestModels.RandomData(4, seed: 52));
        var (_, first) = await server.PostAsync("/v2/models/iris/infer", body);

        string temp = file + ".tmp";
        File.WriteAllText(temp, "garbage, not safetensors");
        File.Move(temp, file, overwrite: true);
        await WaitUntil(async () => await server.MetricAsync("glubina_model_loads_total{model=\"iris\",result=\"failed\"}") >= 1, "the failed load");

        var (status, again) = await server.PostAsync("/v2/models/iris/infer", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(RunningServer.Output(first, "logits"), RunningServer.Output(again, "logits"));
    }

    private static Task WaitUntil(Func<bool> condition, string what) => WaitUntil(() => Task.FromResult(condition()), what);

    private static async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited 30 s for {what}");
            await Task.Delay(20);
        }
    }
}
