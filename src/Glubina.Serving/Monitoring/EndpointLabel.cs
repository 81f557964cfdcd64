namespace Glubina.Serving.Monitoring;

/// <summary>Endpoint metadata: the name under which the endpoint's requests are counted and logged.</summary>
internal sealed record EndpointLabel(string Name);
