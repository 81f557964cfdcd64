using Glubina.Serving.Batching;
using Glubina.Serving.Models;
using Glubina.Serving.Monitoring;
using Microsoft.AspNetCore.Http;

namespace Glubina.Serving.Endpoints;

/// <summary>What the endpoints share: options, the served models, metrics and the optional prediction log.</summary>
internal sealed class ServingState(ServerOptions options, ModelRepository repository, ServerMetrics metrics, PredictionLog? predictionLog)
{
    public ServerOptions Options { get; } = options;

    public ModelRepository Repository { get; } = repository;

    public ServerMetrics Metrics { get; } = metrics;

    public PredictionLog? PredictionLog { get; } = predictionLog;

    /// <summary>The model a request names (route values "name" and optional "version"), noted for metrics and logs.</summary>
    public ServedModel Resolve(HttpContext context)
    {
        string name = (string)context.Request.RouteValues["name"]!;
        string? version = context.Request.RouteValues["version"] as string;
        var model = Repository.Get(name, version);
        // Noted only once found: names from unknown requests must not become metric labels (unbounded series).
        if (context.Features.Get<RequestTags>() is { } tags)
        {
            tags.Model = model.Name;
            tags.Version = model.Version;
        }
        return model;
    }

    /// <summary>Counts predicted classes (or regression rows) and notes the row count of the request.</summary>
    public void CountPredictions(HttpContext context, ServedModel model, BatchResult result)
    {
        if (context.Features.Get<RequestTags>() is { } tags)
            tags.Rows = result.Count;
        if (!result.IsClassification)
        {
            Metrics.Predictions.WithLabels(model.Name, model.Version, "").Inc(result.Count);
            return;
        }
        for (int row = 0; row < result.Count; row++)
            Metrics.Predictions.WithLabels(model.Name, model.Version, result.Label(row)).Inc();
    }
}
