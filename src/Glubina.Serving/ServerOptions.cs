using Microsoft.Extensions.Logging;

namespace Glubina.Serving;

/// <summary>
/// Settings of an <see cref="InferenceServer"/>: what to serve, where to listen, how to batch and what to log.
/// The defaults suit a server on loopback; <c>glubina serve</c> fills <see cref="ModelPath"/>, <see cref="Host"/> and
/// <see cref="Port"/> from its options.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>
    /// A model file (served under its file name without extension, version "1"), or a folder holding
    /// <c>&lt;name&gt;/&lt;version&gt;/model.safetensors</c> and/or <c>&lt;name&gt;.safetensors</c> (version "1").
    /// The folder is watched: new, replaced and removed files are picked up while the server runs.
    /// </summary>
    public required string ModelPath { get; init; }

    /// <summary>Address to listen on: an IP address ("127.0.0.1", "0.0.0.0", "::") or "localhost".</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read it back from <c>WebApplication.Urls</c> after start).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Most rows gathered into one forward pass by dynamic batching (1 turns batching off).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>Longest time the first request of a batch waits for others to join it (zero: no waiting).</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Largest accepted request body; a larger one is answered with 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>When set, every predicted row is appended to this file as one JSON line (inputs and prediction),
    /// for drift analysis later.</summary>
    public string? PredictionLogPath { get; init; }

    /// <summary>How often the model folder is checked for changes, besides file-system notifications.</summary>
    public TimeSpan ModelPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether to log one structured line per request (the console log is JSON).</summary>
    public bool LogRequests { get; init; } = true;

    /// <summary>Least severe log level written to the console.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Name reported by <c>GET /v2</c>.</summary>
    public string ServerName { get; init; } = "glubina";

    /// <summary>Throws when a setting is out of range, naming it, the expected and the actual value.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
            throw new ArgumentException("ServerOptions.ModelPath: expected a model file or folder, got an empty path.");
        if (!string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) && !System.Net.IPAddress.TryParse(Host, out _))
            throw new ArgumentException($"ServerOptions.Host: expected an IP address (127.0.0.1, 0.0.0.0, ::) or 'localhost', got '{Host}'.");
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"ServerOptions.Port: expected 0..65535, got {Port}.");
        if (MaxBatchSize < 1)
            throw new ArgumentException($"ServerOptions.MaxBatchSize: expected at least 1, got {MaxBatchSize}.");
        if (MaxBatchDelay < TimeSpan.Zero || MaxBatchDelay > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"ServerOptions.MaxBatchDelay: expected 0 to 10 s, got {MaxBatchDelay.TotalMilliseconds} ms.");
        if (MaxRequestBodyBytes < 1024)
            throw new ArgumentException($"ServerOptions.MaxRequestBodyBytes: expected at least 1024, got {MaxRequestBodyBytes}.");
        if (ModelPollInterval < TimeSpan.FromMilliseconds(50))
            throw new ArgumentException($"ServerOptions.ModelPollInterval: expected at least 50 ms, got {ModelPollInterval.TotalMilliseconds} ms.");
    }
}
