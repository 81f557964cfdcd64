using System.Reflection;
using System.Text.Json;
using Glubina.Serving.Models;
using Glubina.Serving.Monitoring;
using Glubina.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Glubina.Serving.Endpoints;

/// <summary>Health, server and model metadata, and readiness of the Open Inference Protocol, plus <c>GET /v1/models</c>.</summary>
internal static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServingState state)
    {
        app.MapGet("/v2/health/live", context => Ready(context, true, "the server is live")).WithMetadata(new EndpointLabel("live"));
        app.MapGet("/v2/health/ready", context => Ready(context, state.Repository.IsReady,
            $"no model is loaded from {state.Repository.Root}")).WithMetadata(new EndpointLabel("ready"));
        app.MapGet("/v2", context => ServerMetadata(context, state)).WithMetadata(new EndpointLabel("server_metadata"));
        app.MapGet("/v2/models/{name}", context => ModelMetadata(context, state)).WithMetadata(new EndpointLabel("model_metadata"));
        app.MapGet("/v2/models/{name}/versions/{version}", context => ModelMetadata(context, state)).WithMetadata(new EndpointLabel("model_metadata"));
        app.MapGet("/v2/models/{name}/ready", context => ModelReady(context, state)).WithMetadata(new EndpointLabel("model_ready"));
        app.MapGet("/v2/models/{name}/versions/{version}/ready", context => ModelReady(context, state)).WithMetadata(new EndpointLabel("model_ready"));
        app.MapGet("/v1/models", context => ListModels(context, state)).WithMetadata(new EndpointLabel("models"));
    }

    private static Task Ready(HttpContext context, bool ready, string reason) =>
        JsonBody.WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ready", ready);
            if (!ready)
                w.WriteString("error", reason);
            w.WriteEndObject();
        });

    private static Task ModelReady(HttpContext context, ServingState state)
    {
        var model = state.Resolve(context);
        return JsonBody.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", model.Name);
            w.WriteString("version", model.Version);
            w.WriteBoolean("ready", true);
            w.WriteEndObject();
        });
    }

    private static Task ServerMetadata(HttpContext context, ServingState state) =>
        JsonBody.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", state.Options.ServerName);
            w.WriteString("version", typeof(ModelEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            w.WriteStartArray("extensions");
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static Task ModelMetadata(HttpContext context, ServingState state)
    {
        var model = state.Resolve(context);
        var versions = state.Repository.Models.TryGetValue(model.Name, out var v) ? v.Versions.Keys.ToArray() : [model.Version];
        return JsonBody.WriteAsync(context, StatusCodes.Status200OK, w => WriteMetadata(w, model, versions));
    }

    private static void WriteMetadata(Utf8JsonWriter w, ServedModel model, IReadOnlyList<string> versions)
    {
        w.WriteStartObject();
        w.WriteString("name", model.Name);
        w.WriteStartArray("versions");
        foreach (string version in versions)
            w.WriteStringValue(version);
        w.WriteEndArray();
        w.WriteString("platform", "glubina");
        w.WriteStartArray("inputs");
        WriteTensor(w, ServedModel.InputName, "FP32", InferRequest.ExpectedShape(model));
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        int[] perRow = model.OutputShape ?? [-1];
        foreach (string output in model.OutputNames)
        {
            int[] shape = output switch
            {
                ServedModel.LabelOutput => [-1],
                ServedModel.ProbabilitiesOutput => [-1, model.Labels.Count > 0 ? model.Labels.Count : -1],
                _ => [-1, .. perRow],
            };
            WriteTensor(w, output, output == ServedModel.LabelOutput ? "BYTES" : "FP32", shape);
        }
        w.WriteEndArray();
        w.WriteStartObject("parameters");
        w.WriteString("version", model.Version);
        w.WriteString("task", model.Task);
        w.WriteString("loaded_utc", model.LoadedUtc.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        if (model.Labels.Count > 0)
        {
            w.WriteStartArray("labels");
            foreach (string label in model.Labels)
                w.WriteStringValue(label);
            w.WriteEndArray();
        }
        if (model.Columns is { } columns)
        {
            w.WriteStartArray("columns");
            foreach (var column in columns)
            {
                w.WriteStartObject();
                w.WriteString("name", column.Name);
                w.WriteString("kind", column.KindText);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTensor(Utf8JsonWriter w, string name, string datatype, int[] shape)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("datatype", datatype);
        w.WriteStartArray("shape");
        foreach (int d in shape)
            w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static Task ListModels(HttpContext context, ServingState state)
    {
        var models = state.Repository.Models;
        return JsonBody.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("models");
            foreach (var versions in models.Values)
            {
                w.WriteStartObject();
                w.WriteString("name", versions.Name);
                w.WriteString("latest", versions.Latest.Version);
                w.WriteStartArray("versions");
                foreach (var model in versions.Versions.Values)
                {
                    w.WriteStartObject();
                    w.WriteString("version", model.Version);
                    w.WriteString("task", model.Task);
                    w.WriteString("path", model.Path);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
