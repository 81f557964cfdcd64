using System.Net;
using System.Net.Sockets;
using Glubina.Data.Csv;
using Glubina.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Glubina.Cli.Tests;

/// <summary><c>export</c> writes an ONNX file that ONNX Runtime runs to the CLI's own predictions; <c>serve</c> starts
/// the inference server on a saved model.</summary>
public sealed class ExportServeTests(TrainedIris iris) : IClassFixture<TrainedIris>
{
    [Fact]
    public void Export_writes_onnx_whose_probabilities_match_predict()
    {
        string onnx = Path.Combine(Temp.Folder("onnx"), "iris.onnx");
        var result = Cli.Json("export", "--model", iris.Model, "--onnx", onnx);
        Assert.True(result["bytes"]!.GetValue<long>() > 1000);

        var table = CsvLoader.Load(TrainedIris.Data);
        Predictions expected = Predictor.Load(iris.Model).Predict(table);
        using var session = new InferenceSession(onnx);
        var inputs = new List<NamedOnnxValue>();
        foreach (string column in new[] { "sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm" })
        {
            double[] values = ((Glubina.Data.NumericColumn)table[column]).Values;
            inputs.Add(NamedOnnxValue.CreateFromTensor(column, new DenseTensor<float>(values.Select(v => (float)v).ToArray(), [values.Length, 1])));
        }
        using var outputs = session.Run(inputs);
        float[] probabilities = [.. outputs.First(o => o.Name == "probabilities").AsEnumerable<float>()];
        for (int i = 0; i < table.RowCount; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(expected.Probabilities[i][c], probabilities[i * 3 + c], 1e-5f);
    }

    [Fact]
    public void Export_of_a_missing_model_is_a_user_error()
    {
        var result = Cli.Run("export", "--model", "/nonexistent/model.safetensors", "--onnx", Path.Combine(Temp.Folder("onnx"), "x.onnx"));
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains("model file not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_answers_health_checks_until_cancelled()
    {
        int port = FreePort();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => Cli.Run(new Cli.Options { Cancellation = stop.Token }, "serve", "--model", iris.Model, "--port",
            port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpStatusCode status = 0;
        for (int i = 0; i < 100 && status != HttpStatusCode.OK && !server.IsCompleted; i++)
        {
            try
            {
                status = (await client.GetAsync("/v2/health/ready")).StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        stop.Cancel();
        var result = await server;
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Serve_without_the_model_is_a_user_error()
    {
        var result = Cli.Run("serve", "--model", "/nonexistent/models");
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains("model file or folder not found", result.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
