using System.Text.Json;
using Glubina.Serving.Batching;
using Glubina.Serving.Models;
using Glubina.Serving.Monitoring;
using Glubina.Serving.Protocol;
using Glubina.Tensors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Glubina.Serving.Endpoints;

/// <summary>
/// Inference: the Open Inference Protocol's <c>POST /v2/models/{name}[/versions/{v}]/infer</c> (input tensors in,
/// output tensors out) and the convenience <c>POST /v1/models/{name}[/versions/{v}]/predict</c> (raw records in,
/// through the model's fitted preprocessing; labels and probabilities out). Both go through the model version's
/// <see cref="DynamicBatcher"/>.
/// </summary>
internal static class InferEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServingState state)
    {
        app.MapPost("/v2/models/{name}/infer", context => InferAsync(context, state)).WithMetadata(new EndpointLabel("infer"));
        app.MapPost("/v2/models/{name}/versions/{version}/infer", context => InferAsync(context, state)).WithMetadata(new EndpointLabel("infer"));
        app.MapPost("/v1/models/{name}/predict", context => PredictAsync(context, state)).WithMetadata(new EndpointLabel("predict"));
        app.MapPost("/v1/models/{name}/versions/{version}/predict", context => PredictAsync(context, state)).WithMetadata(new EndpointLabel("predict"));
    }

    private static async Task InferAsync(HttpContext context, ServingState state)
    {
        var model = state.Resolve(context);
        using var body = await JsonBody.ReadAsync(context, state.Options.MaxRequestBodyBytes);
        var request = InferRequest.Parse(body.RootElement, model);
        var result = await RunAsync(model, request.Inputs);
        state.CountPredictions(context, model, result);
        if (state.PredictionLog is { } log)
        {
            float[] inputs = request.Inputs.ToArray<float>();
            int width = inputs.Length / result.Count;
            log.Append(model, "infer", request.Id, result, (w, row) =>
            {
                w.WriteStartArray();
                foreach (float v in inputs.AsSpan(row * width, width))
                    w.WriteNumberValue(v);
                w.WriteEndArray();
            });
        }
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, w => WriteInferResponse(w, model, request, result));
    }

    private static async Task PredictAsync(HttpContext context, ServingState state)
    {
        var model = state.Resolve(context);
        using var body = await JsonBody.ReadAsync(context, state.Options.MaxRequestBodyBytes);
        var records = RecordTable.Records(body.RootElement);
        var table = RecordTable.Build(records, model);
        Tensor features;
        try
        {
            features = model.Predictor.Features(table);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The fitted preprocessing refused a value (e.g. a missing value no imputer fills); its message names it.
            throw RequestException.BadInput($"records: the model's preprocessing refused the records: {e.Message}");
        }
        var result = await RunAsync(model, features);
        state.CountPredictions(context, model, result);
        state.PredictionLog?.Append(model, "predict", null, result, (w, row) => records[row].WriteTo(w));
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("model_name", model.Name);
            w.WriteString("model_version", model.Version);
            w.WriteStartArray("predictions");
            for (int row = 0; row < result.Count; row++)
            {
                w.WriteStartObject();
                PredictionJson.WriteRow(w, result, row);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<BatchResult> RunAsync(ServedModel model, Tensor inputs)
    {
        try
        {
            return await model.Batcher.SubmitAsync(inputs);
        }
        catch (ArgumentException e)
        {
            // Only reachable when the model file records no input shape, so the request could not be checked up front.
            throw RequestException.BadInput($"inputs[0]: model '{model.Name}' cannot take this input: {e.Message}");
        }
    }

    private static void WriteInferResponse(Utf8JsonWriter w, ServedModel model, InferRequest request, BatchResult result)
    {
        w.WriteStartObject();
        w.WriteString("model_name", model.Name);
        w.WriteString("model_version", model.Version);
        if (request.Id is not null)
            w.WriteString("id", request.Id);
        w.WriteStartArray("outputs");
        foreach (string output in request.Outputs)
        {
            w.WriteStartObject();
            w.WriteString("name", output);
            switch (output)
            {
                case ServedModel.LabelOutput:
                    WriteHeader(w, "BYTES", [result.Count]);
                    for (int row = 0; row < result.Count; row++)
                        w.WriteStringValue(result.Label(row));
                    break;
                case ServedModel.ProbabilitiesOutput:
                    WriteHeader(w, "FP32", [result.Count, result.Predictions.Labels.Count]);
                    for (int row = 0; row < result.Count; row++)
                        foreach (float p in result.Probabilities(row))
                            w.WriteNumberValue(p);
                    break;
                default: // logits or regression values: the raw outputs
                    WriteHeader(w, "FP32", result.OutputShape);
                    for (int row = 0; row < result.Count; row++)
                        foreach (float v in result.Outputs(row))
                            w.WriteNumberValue(v);
                    break;
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // Writes "datatype", "shape" and opens "data".
    private static void WriteHeader(Utf8JsonWriter w, string datatype, int[] shape)
    {
        w.WriteString("datatype", datatype);
        w.WriteStartArray("shape");
        foreach (int d in shape)
            w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteStartArray("data");
    }
}
