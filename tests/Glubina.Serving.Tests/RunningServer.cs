using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Glubina.Serving.Tests;

/// <summary>An <see cref="InferenceServer"/> listening on a free loopback port in this process, with a client.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, string url)
    {
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>Options for a test server on a free loopback port, quiet unless something goes wrong.</summary>
    internal static ServerOptions Options(string modelPath, int maxBatchSize = 32, double maxBatchDelayMs = 2,
        long maxBodyBytes = 4 * 1024 * 1024, string? predictionLog = null) => new()
    {
        ModelPath = modelPath,
        Port = 0,
        MaxBatchSize = maxBatchSize,
        MaxBatchDelay = TimeSpan.FromMilliseconds(maxBatchDelayMs),
        MaxRequestBodyBytes = maxBodyBytes,
        PredictionLogPath = predictionLog,
        ModelPollInterval = TimeSpan.FromMilliseconds(100),
        LogRequests = false,
        MinimumLogLevel = LogLevel.Warning,
    };

    public static async Task<RunningServer> StartAsync(ServerOptions options)
    {
        var app = InferenceServer.Build(options);
        await app.StartAsync();
        return new RunningServer(app, app.Urls.First());
    }

    public static Task<RunningServer> StartAsync(string modelPath) => StartAsync(Options(modelPath));

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>The value of one Prometheus sample (0 when absent), e.g. <c>glubina_batch_size_count{model="m",version="1"}</c>.</summary>
    public async Task<double> MetricAsync(string sample)
    {
        string text = await Client.GetStringAsync("/metrics");
        foreach (string line in text.Split('\n'))
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
                return double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>A v2 infer request body for one FP32 input.</summary>
    public static string InferBody(int[] shape, IEnumerable<float> data, string? id = null, string[]? outputs = null)
    {
        var body = new Dictionary<string, object>
        {
            ["inputs"] = new[] { new { name = "input", shape, datatype = "FP32", data = data.ToArray() } },
        };
        if (id is not null)
            body["id"] = id;
        if (outputs is not null)
            body["outputs"] = outputs.Select(o => new { name = o }).ToArray();
        return JsonSerializer.Serialize(body);
    }

    /// <summary>The flat float data of output <paramref name="name"/> of a v2 infer answer.</summary>
    public static float[] Output(JsonElement answer, string name)
    {
        foreach (var output in answer.GetProperty("outputs").EnumerateArray())
            if (output.GetProperty("name").GetString() == name)
                return output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        throw new KeyNotFoundException($"the answer has no output '{name}': {answer}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json",
            $"{(int)response.StatusCode}: expected a JSON answer, got content type {response.Content.Headers.ContentType}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
