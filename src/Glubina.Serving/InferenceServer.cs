using System.Net;
using Glubina.Serving.Endpoints;
using Glubina.Serving.Models;
using Glubina.Serving.Monitoring;
using Glubina.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Glubina.Serving;

/// <summary>
/// The inference server: ASP.NET Core on Kestrel, speaking the Open Inference Protocol (KServe v2) over REST
/// (<c>/v2/health/live|ready</c>, <c>/v2</c>, <c>/v2/models/{name}[/versions/{v}][/ready]</c>,
/// <c>POST /v2/models/{name}[/versions/{v}]/infer</c>), a convenience endpoint for raw records
/// (<c>POST /v1/models/{name}/predict</c>), Prometheus metrics at <c>/metrics</c> and JSON console logs.
/// Models come from <see cref="ServerOptions.ModelPath"/> and are reloaded when their files change.
/// </summary>
/// <example><code>
/// await InferenceServer.RunAsync(new ServerOptions { ModelPath = "models/", Port = 8080 }, cancellationToken);
/// </code></example>
public static class InferenceServer
{
    /// <summary>
    /// Builds the server with its models loaded (not yet listening: call <c>StartAsync</c> or <c>RunAsync</c> on it).
    /// With <see cref="ServerOptions.Port"/> 0, read the chosen port from <c>app.Urls</c> after start.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="FileNotFoundException">The model path does not exist.</exception>
    /// <exception cref="Exception">A single model file cannot be loaded (the message names the file and the problem).</exception>
    public static WebApplication Build(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            json.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The address comes from the options; ASPNETCORE_HTTP_PORTS (set in the .NET container images) is ignored.
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + JsonBody.DrainAllowance;
            kestrel.AddServerHeader = false;
            if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase))
                kestrel.ListenLocalhost(options.Port);
            else
                kestrel.Listen(IPAddress.Parse(options.Host), options.Port); // checked by Validate
        });
        var metrics = new ServerMetrics(options.MaxBatchSize);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(metrics);
        var app = builder.Build();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Glubina.Serving");
        ModelRepository repository;
        try
        {
            repository = new ModelRepository(options, metrics, logger);
            repository.Scan();
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
        var predictionLog = options.PredictionLogPath is { } logPath ? new PredictionLog(logPath) : null;
        var state = new ServingState(options, repository, metrics, predictionLog);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() =>
        {
            repository.StartWatching();
            logger.LogInformation("Serving {Count} model(s) from {Root} on {Urls}", repository.Models.Count, repository.Root, string.Join(", ", app.Urls));
        });
        lifetime.ApplicationStopped.Register(() =>
        {
            repository.Dispose();
            predictionLog?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });

        app.UseMiddleware<RequestMiddleware>();
        ModelEndpoints.Map(app, state);
        InferEndpoints.Map(app, state);
        app.MapMetrics("/metrics", metrics.Registry).WithMetadata(new EndpointLabel("metrics"));
        return app;
    }

    /// <summary>Builds the server and listens until <paramref name="cancellationToken"/> is cancelled or the process
    /// gets Ctrl+C or SIGTERM, then shuts down gracefully (requests in flight are answered).</summary>
    public static async Task RunAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        await using var app = Build(options);
        await ((IHost)app).RunAsync(cancellationToken);
    }
}
