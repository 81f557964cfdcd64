namespace Glubina.Serving.Models;

/// <summary>The loaded versions of one model, in <see cref="VersionComparer"/> order; the last is the default.</summary>
internal sealed class ModelVersions(string name, SortedDictionary<string, ServedModel> versions)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, ServedModel> Versions { get; } = versions;

    /// <summary>The version answered when a request names none: the highest.</summary>
    public ServedModel Latest { get; } = versions.Values.Last();
}
