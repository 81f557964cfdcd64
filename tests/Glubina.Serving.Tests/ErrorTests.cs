using System.Net;
using System.Text;

namespace Glubina.Serving.Tests;

/// <summary>Bad input is answered with a 4xx and {"error"} naming the field, the expected and the actual value; never a 500.</summary>
public sealed class ErrorTests(ErrorTests.IrisServer iris) : IClassFixture<ErrorTests.IrisServer>
{
    private const string Ok = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";

    public static TheoryData<string, string, int, string[]> Cases => new()
    {
        { "/v2/models/iris/infer", "{\"inputs\": [", 400, ["expected valid JSON", "line 1"] },
        { "/v2/models/iris/infer", "", 400, ["empty body"] },
        { "/v2/models/iris/infer", "[1,2]", 400, ["request body", "expected a JSON object", "an array of 2"] },
        { "/v2/models/iris/infer", "{}", 400, ["inputs", "expected an array holding input 'input'", "FP32 [-1, 4]", "no \"inputs\" field"] },
        { "/v2/models/iris/infer", "{\"inputs\":[]}", 400, ["inputs", "expected input 'input'", "got an empty list"] },
        { "/v2/models/iris/infer", Ok.Replace("\"input\"", "\"pixels\""), 400, ["inputs[0].name", "expected 'input'", "got 'pixels'"] },
        { "/v2/models/iris/infer", Ok.Replace("FP32", "FP64"), 400, ["inputs[0].datatype", "expected FP32", "got 'FP64'"] },
        { "/v2/models/iris/infer", Ok.Replace("[1,4]", "[1,5]"), 400, ["inputs[0].shape", "expected [-1, 4]", "got [1, 5]"] },
        { "/v2/models/iris/infer", Ok.Replace("[1,4]", "[4]"), 400, ["inputs[0].shape", "expected [-1, 4]", "got [4]"] },
        { "/v2/models/iris/infer", Ok.Replace("[1,4]", "[0,4]"), 400, ["inputs[0].shape[0]", "positive whole number", "got a number 0"] },
        { "/v2/models/iris/infer", Ok.Replace("[1,4]", "[2,4]"), 400, ["inputs[0].data", "expected 8 values for shape [2, 4]", "got 4"] },
        { "/v2/models/iris/infer", Ok.Replace("[1,2,3,4]", "[1,2,\"NaN\",4]"), 400, ["inputs[0].data[2]", "finite FP32 number", "a string \"NaN\""] },
        { "/v2/models/iris/infer", Ok.Replace("[1,2,3,4]", "[1,2,3,1e39]"), 400, ["inputs[0].data[3]", "finite FP32 number", "a number 1e39"] },
        { "/v2/models/iris/infer", Ok.Replace("[1,2,3,4]", "[1,2,3,null]"), 400, ["inputs[0].data[3]", "got null"] },
        { "/v2/models/iris/infer", Ok.Replace("[1,2,3,4]", "[[1,2,3]]"), 400, ["inputs[0].data[0]", "expected 4 entries", "got 3"] },
        { "/v2/models/iris/infer", Ok.Replace("}]}", "}],\"outputs\":[{\"name\":\"embedding\"}]}"), 400, ["outputs[0].name", "logits, probabilities, label", "got 'embedding'"] },
        { "/v2/models/iris/infer", Ok.Replace("{\"inputs\"", "{\"id\":5,\"inputs\""), 400, ["id", "expected a string", "a number 5"] },
        { "/v2/models/rose/infer", Ok, 404, ["model", "expected one of [iris]", "got 'rose'"] },
        { "/v2/models/iris/versions/3/infer", Ok, 404, ["version", "versions [1]", "got '3'"] },
        { "/v1/models/iris/predict", "{\"records\":[{\"a\":1}]}", 400, ["saved without preprocessing", "/v2/models/iris/infer"] },
        { "/v1/models/iris/predict", "{\"rows\":[]}", 400, ["records", "no \"records\" field"] },
        { "/v1/models/iris/predict", "[]", 400, ["records", "at least one record"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_get_a_json_error_naming_the_problem(string path, string body, int status, string[] mentions)
    {
        var server = iris.Server;
        var (actual, answer) = await server.PostAsync(path, body);
        Assert.Equal(status, (int)actual);
        string error = answer.GetProperty("error").GetString()!;
        foreach (string mention in mentions)
            Assert.Contains(mention, error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        var (after, _) = await server.PostAsync("/v2/models/iris/infer", Ok);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Oversized_body_is_413_with_or_without_content_length(bool declareLength)
    {
        await using var server = await RunningServer.StartAsync(RunningServer.Options(Iris(), maxBodyBytes: 4096));
        string big = RunningServer.InferBody([1000, 4], new float[4000]); // over the limit, within the drain allowance
        for (int attempt = 0; attempt < 3; attempt++)
        {
            HttpContent content = declareLength ? new StringContent(big, Encoding.UTF8, "application/json") : new UnsizedContent(big);
            using var response = await server.Client.PostAsync("/v2/models/iris/infer", content);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("expected at most 4096 bytes", await response.Content.ReadAsStringAsync());
            var (after, _) = await server.PostAsync("/v2/models/iris/infer", Ok); // on the same, still usable connection
            Assert.Equal(HttpStatusCode.OK, after);
        }
    }

    [Fact]
    public async Task Huge_body_is_refused_before_it_is_sent_or_cut_off()
    {
        await using var server = await RunningServer.StartAsync(RunningServer.Options(Iris(), maxBodyBytes: 4096));
        string huge = RunningServer.InferBody([200_000, 4], new float[800_000]); // past the limit and the drain allowance
        Assert.True(huge.Length > 4096 + 1024 * 1024);

        // A client that declares the length and asks "Expect: 100-continue" gets the 413 without sending the body.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/iris/infer") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"got {Encoding.UTF8.GetByteCount(huge)} bytes (Content-Length)", await response.Content.ReadAsStringAsync());

        // A client streaming an endless body is cut off after the allowance; the server goes on serving.
        try
        {
            using var cut = await server.Client.PostAsync("/v2/models/iris/infer", new UnsizedContent(huge));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, cut.StatusCode);
        }
        catch (HttpRequestException)
        {
            // the connection was closed while the client was still sending: expected for a body this size
        }
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/v2/models/iris/infer", Ok)).Status);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_json_errors()
    {
        var server = iris.Server;
        var (notFound, body) = await server.GetAsync("/v3/nothing");
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Contains("got GET /v3/nothing", body.GetProperty("error").GetString());
        var (wrongMethod, body2) = await server.GetAsync("/v2/models/iris/infer");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod);
        Assert.Contains("expected POST", body2.GetProperty("error").GetString());
        var (unknown, body3) = await server.GetAsync("/v2/models/rose");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("got 'rose'", body3.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync("/v2/models/rose/ready")).Status);
    }

    [Fact]
    public async Task Errors_are_counted_by_kind()
    {
        await using var server = await RunningServer.StartAsync(Iris());
        await server.PostAsync("/v2/models/iris/infer", "{");
        await server.PostAsync("/v2/models/iris/infer", Ok.Replace("FP32", "INT8"));
        await server.PostAsync("/v2/models/iris/infer", Ok.Replace("FP32", "INT8"));
        Assert.Equal(1, await server.MetricAsync("glubina_request_errors_total{endpoint=\"infer\",kind=\"bad_json\"}"));
        Assert.Equal(2, await server.MetricAsync("glubina_request_errors_total{endpoint=\"infer\",kind=\"bad_input\"}"));
        Assert.Equal(3, await server.MetricAsync("glubina_requests_total{model=\"iris\",version=\"1\",endpoint=\"infer\",status=\"400\"}"));
        Assert.Equal(0, await server.MetricAsync("glubina_requests_total{model=\"iris\",version=\"1\",endpoint=\"infer\",status=\"500\"}"));
    }

    private static string Iris() => TestModels.Classifier(Path.Combine(TestModels.TempFolder(), "iris.safetensors"));

    private sealed class UnsizedContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>One server for the error cases (they change nothing).</summary>
    public sealed class IrisServer : IAsyncLifetime
    {
        public RunningServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await RunningServer.StartAsync(Iris());

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
