using Prometheus;

namespace Glubina.Serving.Monitoring;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (so two servers in one process do not mix counts),
/// with the .NET process metrics (memory, CPU, GC) beside them. Exposed at <c>/metrics</c>.
/// </summary>
internal sealed class ServerMetrics
{
    public ServerMetrics(int maxBatchSize)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("glubina_requests_total", "HTTP requests answered, by model, version, endpoint and status code.",
            ["model", "version", "endpoint", "status"]);
        Errors = factory.CreateCounter("glubina_request_errors_total", "Requests answered with an error, by endpoint and kind of error.",
            ["endpoint", "kind"]);
        Latency = factory.CreateHistogram("glubina_request_duration_seconds", "Time from request to answer, by model and endpoint.",
            ["model", "endpoint"], new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0002, 2, 16) });
        BatchRows = factory.CreateHistogram("glubina_batch_size", "Rows per forward pass after dynamic batching, by model and version.",
            ["model", "version"], new HistogramConfiguration { Buckets = BatchBuckets(maxBatchSize) });
        Predictions = factory.CreateCounter("glubina_predictions_total", "Predicted rows, by model, version and predicted class (\"\" for regression).",
            ["model", "version", "class"]);
        ModelInfo = factory.CreateGauge("glubina_model_info", "1 for every model version being served, with its task and file.",
            ["model", "version", "task", "path"]);
        ModelLoads = factory.CreateCounter("glubina_model_loads_total", "Model file loads, by model and result (loaded, failed, removed).",
            ["model", "result"]);
    }

    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Counter Errors { get; }

    public Histogram Latency { get; }

    public Histogram BatchRows { get; }

    public Counter Predictions { get; }

    public Gauge ModelInfo { get; }

    public Counter ModelLoads { get; }

    // 1, 2, 4, … up to the largest batch, then the largest batch itself.
    private static double[] BatchBuckets(int maxBatchSize)
    {
        var buckets = new List<double>();
        for (int b = 1; b < maxBatchSize; b *= 2)
            buckets.Add(b);
        buckets.Add(maxBatchSize);
        return buckets.ToArray();
    }
}
