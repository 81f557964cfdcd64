namespace Glubina.Serving.Monitoring;

/// <summary>What an endpoint learned about a request, for its metrics and log line (set as an HTTP feature).</summary>
internal sealed class RequestTags
{
    public string Model { get; set; } = "";

    public string Version { get; set; } = "";

    /// <summary>Rows predicted, when the request was an inference.</summary>
    public int Rows { get; set; }

    /// <summary>Error kind when the request failed (bad_json, bad_input, not_found, too_large, internal…).</summary>
    public string? ErrorKind { get; set; }

    public string? ErrorMessage { get; set; }
}
