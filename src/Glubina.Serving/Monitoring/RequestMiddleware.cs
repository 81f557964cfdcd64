using System.Diagnostics;
using Glubina.Serving.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Glubina.Serving.Monitoring;

/// <summary>
/// The outermost step of every request: turns any failure into a JSON error (a client's mistake into its 4xx with
/// the message, anything unexpected into a 500 without a stack trace), gives empty 404/405 answers a JSON body,
/// counts the request in the metrics and writes one structured log line.
/// </summary>
internal sealed class RequestMiddleware(RequestDelegate next, ServerMetrics metrics, ILoggerFactory loggers, ServerOptions options)
{
    private readonly ILogger _logger = loggers.CreateLogger("Glubina.Serving.Requests");

    public async Task InvokeAsync(HttpContext context)
    {
        var tags = new RequestTags();
        context.Features.Set(tags);
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted)
                await WriteErrorAsync(context, tags, context.Response.StatusCode, "route", NoRouteMessage(context));
        }
        catch (RequestException e)
        {
            await WriteErrorAsync(context, tags, e.Status, e.Kind, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            string kind = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too_large" : "bad_request";
            string message = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"request body: expected at most {options.MaxRequestBodyBytes} bytes, got more."
                : $"request: {e.Message}";
            await WriteErrorAsync(context, tags, e.StatusCode, kind, message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            tags.ErrorKind = "client_closed";
            context.Response.StatusCode = 499;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Unexpected failure on {Method} {Path}", context.Request.Method, context.Request.Path.Value);
            await WriteErrorAsync(context, tags, StatusCodes.Status500InternalServerError, "internal",
                $"internal error ({e.GetType().Name}): {e.Message}");
        }
        finally
        {
            Record(context, tags, Stopwatch.GetElapsedTime(start));
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, RequestTags tags, int status, string kind, string message)
    {
        tags.ErrorKind = kind;
        tags.ErrorMessage = message;
        if (context.Response.HasStarted)
        {
            context.Abort(); // half an answer is worse than none
            return;
        }
        await JsonBody.WriteErrorAsync(context, status, message);
    }

    private static string NoRouteMessage(HttpContext context)
    {
        string request = $"{context.Request.Method} {context.Request.Path.Value}";
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"path: expected an endpoint of the Open Inference Protocol (/v2/health/live, /v2/health/ready, /v2, " +
                "/v2/models/{name}[/versions/{v}][/ready|/infer]), /v1/models[/{name}/predict] or /metrics, got " + request + ".",
            StatusCodes.Status405MethodNotAllowed => $"method: expected {AllowedMethods(context)} for {context.Request.Path.Value}, got {context.Request.Method}.",
            _ => $"{request}: failed with status {context.Response.StatusCode}.",
        };
    }

    private static string AllowedMethods(HttpContext context) =>
        context.Response.Headers.Allow.ToString() is { Length: > 0 } allow ? allow : "another method";

    private void Record(HttpContext context, RequestTags tags, TimeSpan elapsed)
    {
        string endpoint = context.GetEndpoint()?.Metadata.GetMetadata<EndpointLabel>()?.Name ?? "unmatched";
        int status = context.Response.StatusCode;
        metrics.Requests.WithLabels(tags.Model, tags.Version, endpoint, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        if (endpoint != "metrics")
            metrics.Latency.WithLabels(tags.Model, endpoint).Observe(elapsed.TotalSeconds);
        if (tags.ErrorKind is not null)
            metrics.Errors.WithLabels(endpoint, tags.ErrorKind).Inc();
        if (!options.LogRequests)
            return;
        if (tags.ErrorKind is null)
            _logger.LogInformation("{Method} {Path} answered {Status} in {ElapsedMs:F2} ms (endpoint {Endpoint}, model {Model}, version {Version}, rows {Rows})",
                context.Request.Method, context.Request.Path.Value, status, elapsed.TotalMilliseconds, endpoint, tags.Model, tags.Version, tags.Rows);
        else
            _logger.Log(status >= 500 ? LogLevel.Error : LogLevel.Information,
                "{Method} {Path} answered {Status} in {ElapsedMs:F2} ms (endpoint {Endpoint}, model {Model}, version {Version}): {ErrorKind}: {Error}",
                context.Request.Method, context.Request.Path.Value, status, elapsed.TotalMilliseconds, endpoint, tags.Model, tags.Version,
                tags.ErrorKind, tags.ErrorMessage ?? "");
    }
}
