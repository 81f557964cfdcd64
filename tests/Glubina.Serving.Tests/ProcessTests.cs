using System.Net;
using System.Text;
using System.Text.Json;
using Glubina.Inference;
using Glubina.Tensors;

namespace Glubina.Serving.Tests;

/// <summary>
/// End to end: <c>glubina serve</c> (the CLI, built from src/Glubina.Cli beside these tests) as a separate process on a
/// loopback port, queried over real HTTP, then stopped with SIGTERM.
/// </summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Glubina_serve_answers_logs_and_stops_cleanly()
    {
        string root = TestModels.TempFolder();
        string file = TestModels.Classifier(Path.Combine(root, "iris", "1", "model.safetensors"));
        using var server = await ServerProcess.StartAsync(CliDll(), root);
        float[] data = TestModels.RandomData(8, seed: 71);

        using var response = await server.Client.PostAsync("/v2/models/iris/infer",
            new StringContent(RunningServer.InferBody([2, 4], data), Encoding.UTF8, "application/json"));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Predictor.Load(file).Forward(Tensor.FromArray(data, 2, 4)).ToArray<float>(), RunningServer.Output(answer, "logits"));
        using var missing = await server.Client.GetAsync("/v2/models/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("glubina_requests_total{model=\"iris\",version=\"1\",endpoint=\"infer\",status=\"200\"} 1", metrics);

        Assert.Equal(0, await server.StopAsync());
        var logs = server.Output.Split('\n').Where(l => l.StartsWith("{\"Timestamp\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var inferLog = Assert.Single(logs, l => l.GetProperty("Category").GetString() == "Glubina.Serving.Requests"
            && l.GetProperty("State").GetProperty("Path").GetString() == "/v2/models/iris/infer");
        Assert.Equal(200, inferLog.GetProperty("State").GetProperty("Status").GetInt32());
        Assert.Equal(2, inferLog.GetProperty("State").GetProperty("Rows").GetInt32());
        Assert.Contains(logs, l => l.GetProperty("State").TryGetProperty("Status", out var s) && s.GetInt32() == 404);
    }

    // The CLI's output folder: src/Glubina.Cli/bin/<configuration>/<framework>/, as these tests' own folder.
    private static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = here.Name, configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Glubina.slnx")))
            root = root.Parent;
        Assert.NotNull(root);
        string dll = Path.Combine(root.FullName, "src", "Glubina.Cli", "bin", configuration, framework, "Glubina.Cli.dll");
        Assert.True(File.Exists(dll), $"the CLI is not built: {dll} is missing");
        return dll;
    }
}
